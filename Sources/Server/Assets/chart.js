// A small SVG chart module: line charts with labelled axes and hover, and sparklines.
// Our own code, served by the server, so the pane works offline and without a CDN.
"use strict";

const Chart = (() => {
  const NS = "http://www.w3.org/2000/svg";

  function el(name, attributes, parent) {
    const node = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  // Round step for about `count` ticks over [0, max].
  function niceStep(max, count) {
    const raw = Math.max(max, 1) / count;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const unit = [1, 2, 5, 10].find((m) => m * power >= raw);
    return Math.max(1, unit * power);
  }

  function clock(seconds) {
    const date = new Date(seconds * 1000);
    return date.toTimeString().slice(0, 5);
  }

  // points: [[unixSeconds, value], ...] sorted; options: {from, to, label, format}
  function line(svg, points, options) {
    const width = svg.clientWidth || 600;
    const height = svg.clientHeight || 220;
    const margin = { left: 48, right: 12, top: 24, bottom: 28 };
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const from = options.from;
    const to = Math.max(options.to, from + 10);
    const max = Math.max(1, ...points.map((p) => p[1]));
    const step = niceStep(max, 4);
    const top = Math.ceil(max / step) * step;
    const x = (t) => margin.left + ((t - from) / (to - from)) * (width - margin.left - margin.right);
    const y = (v) => height - margin.bottom - (v / top) * (height - margin.top - margin.bottom);

    const axes = el("g", { class: "axes" }, svg);
    for (let v = 0; v <= top; v += step) {
      el("line", { x1: margin.left, x2: width - margin.right, y1: y(v), y2: y(v), class: "grid" }, axes);
      el("text", { x: margin.left - 6, y: y(v) + 4, "text-anchor": "end" }, axes).textContent = v.toLocaleString();
    }
    const span = to - from;
    const tickEvery = [60, 120, 300, 600, 900, 1800, 3600, 7200].find((s) => span / s <= 6) || 14400;
    for (let t = Math.ceil(from / tickEvery) * tickEvery; t <= to; t += tickEvery) {
      el("text", { x: x(t), y: height - 8, "text-anchor": "middle" }, axes).textContent = clock(t);
    }
    el("text", { x: 4, y: 12, class: "unit" }, axes).textContent = options.label || "";

    const shown = points.filter((p) => p[0] >= from && p[0] <= to);
    if (shown.length) {
      const path = shown.map((p, i) => `${i ? "L" : "M"}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join("");
      el("path", { d: path, class: "series" }, svg);
    }

    const marker = el("circle", { r: 4, class: "marker", visibility: "hidden" }, svg);
    const tip = el("text", { class: "tip", visibility: "hidden" }, svg);
    svg.onmousemove = (event) => {
      if (!shown.length) return;
      const box = svg.getBoundingClientRect();
      const t = from + ((event.clientX - box.left) * (width / box.width) - margin.left) / (width - margin.left - margin.right) * (to - from);
      let nearest = shown[0];
      for (const p of shown) if (Math.abs(p[0] - t) < Math.abs(nearest[0] - t)) nearest = p;
      marker.setAttribute("cx", x(nearest[0]));
      marker.setAttribute("cy", y(nearest[1]));
      marker.setAttribute("visibility", "visible");
      tip.textContent = `${new Date(nearest[0] * 1000).toLocaleTimeString()} · ${(options.format || String)(nearest[1])}`;
      tip.setAttribute("x", Math.min(x(nearest[0]) + 8, width - 180));
      tip.setAttribute("y", margin.top + 12);
      tip.setAttribute("visibility", "visible");
      svg.dataset.hover = String(nearest[1]);
    };
    svg.onmouseleave = () => {
      marker.setAttribute("visibility", "hidden");
      tip.setAttribute("visibility", "hidden");
    };
  }

  function sparkline(svg, values) {
    const width = 120;
    const height = 28;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    if (!values.length) return;
    const max = Math.max(...values) || 1;
    const d = values
      .map((v, i) => `${i ? "L" : "M"}${((i / Math.max(1, values.length - 1)) * width).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`)
      .join("");
    el("path", { d, class: "spark" }, svg);
  }

  return { line, sparkline, clock };
})();
