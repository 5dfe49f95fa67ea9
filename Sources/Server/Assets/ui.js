// Small page helpers shared by the live pane and the webcast report.
"use strict";

const Ui = (() => {
  // A number shown as `text`, its exact value kept in data-value for export checks and tests.
  function setNumber(id, value, text) {
    const node = document.getElementById(id);
    node.dataset.value = String(value);
    node.textContent = text;
  }

  // A table row of text cells; `data` becomes its data-* attributes.
  function row(cells, data) {
    const tr = document.createElement("tr");
    Object.assign(tr.dataset, data || {});
    for (const text of cells) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    }
    return tr;
  }

  // Wires #export: the server writes the CSV (report.getUrlForReportAsCsv with what `parameters()`
  // returns) and the browser downloads it as `filename`; #export-status says how it went.
  function bindExport(parameters, filename) {
    const status = document.getElementById("export-status");
    document.getElementById("export").addEventListener("click", async () => {
      status.textContent = "preparing…";
      try {
        const url = await Api.call("report", "getUrlForReportAsCsv", { reportText: "", headers: "", ...parameters() });
        const link = document.createElement("a");
        link.href = url;
        link.download = filename;
        document.body.appendChild(link);
        link.click();
        link.remove();
        status.textContent = "downloaded";
      } catch (error) {
        status.textContent = `export failed: ${error.message}`;
      }
    });
  }

  return { setNumber, row, bindExport };
})();
