// The post-event view of one webcast: its KPIs, attendance graph, platforms and every attendee's
// live and DVR time, read from the reports API over the event's span, and exported as one CSV.
"use strict";

(() => {
  const entryId = decodeURIComponent(location.pathname.split("/")[2] || "");
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const state = { ks: null, span: null, order: "-sum_view_time_live", pageIndex: 1, pageSize: 50 };
  $("entry").textContent = entryId;
  $("live-link").href = `/live/${encodeURIComponent(entryId)}`;
  document.title = `Webcast report · ${entryId}`;

  // `?from=` and `?to=` take unix seconds or ISO dates; by default the last 30 days are searched
  // for the event, and the report covers its first to its last ten seconds.
  function when(text, fallback) {
    if (!text) return fallback;
    const number = Number(text);
    const seconds = Number.isFinite(number) ? number : Math.floor(Date.parse(text) / 1000);
    return Number.isFinite(seconds) ? seconds : fallback;
  }
  const now = Math.floor(Date.now() / 1000);
  const searched = { from: when(params.get("from"), now - 30 * 86400), to: when(params.get("to"), now + 10) };

  function filter(span, extra) {
    return { objectType: "KalturaReportInputFilter", fromDate: span.from, toDate: span.to, entryIdIn: entryId, ...extra };
  }

  function report(action, reportType, extra) {
    return Api.call("report", action, { ks: state.ks, reportType, ...extra });
  }

  // A getTotal result as {header: value}.
  function totals(result) {
    const header = result.header ? result.header.split(",") : [];
    const values = result.data ? result.data.split(",") : [];
    return Object.fromEntries(header.map((name, index) => [name, Number(values[index] || 0)]));
  }

  // A getTable result as an array of {header: text}.
  function rows(result) {
    const header = result.header ? result.header.split(",") : [];
    return (result.data || "")
      .split(";")
      .filter((line) => line)
      .map((line) => Object.fromEntries(line.split(",").map((cell, index) => [header[index], cell])));
  }

  function duration(seconds) {
    const total = Math.round(seconds);
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const rest = String(total % 60).padStart(2, "0");
    return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
  }

  async function start(ks) {
    state.ks = ks;
    $("status").textContent = "loading…";
    const graphs = await report("getGraphs", "10005", { reportInputFilter: filter(searched, { interval: "ten_seconds" }) });
    $("signin").hidden = true;
    $("sign-out").hidden = false;
    const audience = graphs.find((graph) => graph.id === "view_unique_audience");
    const points = (audience && audience.data ? audience.data.split(";") : [])
      .filter((point) => point)
      .map((point) => point.split(",").map(Number))
      .filter((point) => point[1] > 0)
      .sort((a, b) => a[0] - b[0]);
    if (!points.length) {
      $("status").textContent = "Nobody watched this entry in the searched range.";
      return;
    }
    state.span = { from: points[0][0], to: points[points.length - 1][0] + 10 };
    $("span").textContent = `${new Date(state.span.from * 1000).toLocaleString()} – ${new Date(state.span.to * 1000).toLocaleTimeString()}`;
    $("report").hidden = false;
    drawAttendance(points);
    await Promise.all([loadTotals(), loadPlatforms(), loadUsers()]);
    $("status").textContent = "";
  }

  function drawAttendance(points) {
    let peak = points[0];
    let sum = 0;
    for (const point of points) {
      if (point[1] > peak[1]) peak = point;
      sum += point[1];
    }
    Ui.setNumber("peak", peak[1], peak[1].toLocaleString());
    $("peak-at").textContent = `at ${new Date(peak[0] * 1000).toLocaleTimeString()}`;
    $("peak-at").dataset.value = String(peak[0]);
    const average = sum / points.length;
    Ui.setNumber("average", average, Math.round(average).toLocaleString());
    const draw = () =>
      Chart.line($("attendance-chart"), points, { from: state.span.from, to: state.span.to, label: "attendees", format: (v) => `${v} attendees` });
    draw();
    window.addEventListener("resize", draw);
  }

  async function loadTotals() {
    const [discovery, users] = await Promise.all([
      report("getTotal", "10007", { reportInputFilter: filter(state.span) }),
      report("getTotal", "10008", { reportInputFilter: filter(state.span) }),
    ]);
    const all = { ...totals(discovery), ...totals(users) };
    const unique = all.view_unique_audience || 0;
    Ui.setNumber("unique", unique, unique.toLocaleString());
    Ui.setNumber("unique-dvr", all.view_unique_audience_dvr || 0, (all.view_unique_audience_dvr || 0).toLocaleString());
    Ui.setNumber("time-live", all.sum_view_time_live || 0, duration(all.sum_view_time_live || 0));
    Ui.setNumber("time-dvr", all.sum_view_time_dvr || 0, duration(all.sum_view_time_dvr || 0));
    const perViewer = unique ? (all.sum_view_time || 0) / unique : 0;
    Ui.setNumber("time-average", perViewer, duration(perViewer));
    Ui.setNumber("engagement", all.avg_view_engagement || 0, ((all.avg_view_engagement || 0) * 100).toFixed(1));
    Ui.setNumber("buffering", all.view_buffer_time_ratio || 0, ((all.view_buffer_time_ratio || 0) * 100).toFixed(2));
    Ui.setNumber("bitrate", all.avg_view_bitrate || 0, Math.round(all.avg_view_bitrate || 0).toLocaleString());
  }

  async function loadPlatforms() {
    const table = await report("getTable", "10004", { reportInputFilter: filter(state.span), pager: { pageSize: 500, pageIndex: 1 } });
    $("platforms").tBodies[0].replaceChildren(
      ...rows(table).map((platform) =>
        Ui.row([platform.device, Number(platform.view_unique_audience).toLocaleString(), duration(Number(platform.sum_view_time))], {
          platform: platform.device,
          users: platform.view_unique_audience,
          seconds: platform.sum_view_time,
        })
      )
    );
  }

  async function loadUsers() {
    const table = await report("getTable", "10008", {
      reportInputFilter: filter(state.span),
      pager: { pageSize: state.pageSize, pageIndex: state.pageIndex },
      order: state.order,
    });
    const total = Number(table.totalCount || 0);
    $("users-total").textContent = total.toLocaleString();
    const first = (state.pageIndex - 1) * state.pageSize;
    const list = rows(table);
    $("users-page").textContent = total ? `${first + 1}–${first + list.length} of ${total.toLocaleString()}` : "nobody";
    $("previous").disabled = state.pageIndex === 1;
    $("next").disabled = first + list.length >= total;
    $("users").tBodies[0].replaceChildren(
      ...list.map((user) => {
        const cells = [
          user.user_name === "Unknown" ? `anonymous ${user.user_id}` : user.user_name,
          duration(Number(user.sum_view_time_live)),
          duration(Number(user.sum_view_time_dvr)),
          duration(Number(user.sum_view_time)),
          `${(Number(user.avg_view_engagement) * 100).toFixed(0)} %`,
          `${(Number(user.view_buffer_time_ratio) * 100).toFixed(1)} %`,
        ];
        return Ui.row(cells, { user: user.user_id, live: user.sum_view_time_live, dvr: user.sum_view_time_dvr });
      })
    );
  }

  for (const button of document.querySelectorAll("#users th button")) {
    button.addEventListener("click", () => {
      const column = button.dataset.sort;
      const descending = state.order === `-${column}` ? false : state.order === `+${column}` ? true : column !== "user_id";
      state.order = `${descending ? "-" : "+"}${column}`;
      state.pageIndex = 1;
      for (const other of document.querySelectorAll("#users th button")) other.removeAttribute("aria-sort");
      button.setAttribute("aria-sort", descending ? "descending" : "ascending");
      loadUsers();
    });
  }
  $("previous").addEventListener("click", () => {
    state.pageIndex = Math.max(1, state.pageIndex - 1);
    loadUsers();
  });
  $("next").addEventListener("click", () => {
    state.pageIndex += 1;
    loadUsers();
  });

  Ui.bindExport(
    () => ({
      ks: state.ks,
      reportTitle: `Webcast report ${entryId}`,
      reportType: "webcast_summary",
      reportInputFilter: filter(state.span),
      order: state.order,
    }),
    `webcast-report-${entryId}.csv`
  );

  $("sign-out").addEventListener("click", () => {
    Api.signOut();
    location.reload();
  });
  Api.bindSignIn(start);
})();
