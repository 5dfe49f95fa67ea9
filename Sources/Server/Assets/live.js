// The live analytics pane: history from the reports API, then one snapshot per second over
// server-sent events, and the live viewers list paged from the server.
"use strict";

(() => {
  const entryId = decodeURIComponent(location.pathname.split("/")[2] || "");
  const WINDOW = 30 * 60; // seconds of attendance the graph shows at once
  const HISTORY = 6 * 3600; // seconds of history loaded from the store
  const $ = (id) => document.getElementById(id);
  const state = {
    ks: null,
    series: new Map(), // bucket start (unix s) -> attendees
    following: true, // the graph shows the latest data
    viewEnd: 0,
    sort: "since",
    descending: false,
    offset: 0,
    pageSize: 50,
    source: null,
    retry: 1000,
    loadingViewers: false,
  };
  $("entry").textContent = entryId;
  document.title = `Live analytics · ${entryId}`;

  // --- the pane opens and closes with its icon and with Alt+A
  function togglePane() {
    const pane = $("pane");
    pane.hidden = !pane.hidden;
    $("analytics-toggle").setAttribute("aria-expanded", String(!pane.hidden));
    if (!pane.hidden) drawAttendance();
  }
  $("analytics-toggle").addEventListener("click", togglePane);
  document.addEventListener("keydown", (event) => {
    if (event.altKey && (event.code === "KeyA" || event.key.toLowerCase() === "a")) {
      event.preventDefault();
      togglePane();
    }
  });

  $("sign-out").addEventListener("click", () => {
    Api.signOut();
    location.reload();
  });

  async function start(ks) {
    // Check the session before showing anything: a wrong secret or KS gets no data.
    const check = await fetch(`/live/${encodeURIComponent(entryId)}/viewers?limit=1&ks=${encodeURIComponent(ks)}`);
    if (!check.ok) {
      const body = await check.json().catch(() => ({}));
      throw new Error((body.error && body.error.message) || `HTTP ${check.status}`);
    }
    state.ks = ks;
    $("signin").hidden = true;
    $("analytics").hidden = false;
    $("signed-in").hidden = false;
    $("partner").textContent = Api.partnerOf(ks);
    await loadHistory();
    connect();
  }

  // --- history from the store, through the reports API
  async function loadHistory() {
    const now = Math.floor(Date.now() / 1000);
    try {
      const graphs = await Api.call("report", "getGraphs", {
        ks: state.ks,
        reportType: "10005",
        reportInputFilter: {
          objectType: "KalturaReportInputFilter",
          fromDate: now - HISTORY,
          toDate: now + 10,
          interval: "ten_seconds",
          entryIdIn: entryId,
        },
      });
      const audience = graphs.find((graph) => graph.id === "view_unique_audience");
      for (const point of (audience && audience.data ? audience.data.split(";") : [])) {
        const [time, value] = point.split(",");
        if (time && !state.series.has(Number(time))) state.series.set(Number(time), Number(value));
      }
    } catch (error) {
      $("connection").textContent = `history unavailable: ${error.message}`;
    }
  }

  // --- live snapshots; reconnects with backoff when the stream breaks
  function connect() {
    if (state.source) state.source.close();
    const source = new EventSource(`/live/${encodeURIComponent(entryId)}/events?ks=${encodeURIComponent(state.ks)}`);
    state.source = source;
    source.addEventListener("snapshot", (event) => {
      state.retry = 1000;
      render(JSON.parse(event.data));
    });
    source.onopen = () => {
      $("connection").textContent = "live";
      $("connection").className = "status live";
    };
    source.onerror = () => {
      source.close();
      $("connection").textContent = `reconnecting in ${Math.round(state.retry / 1000)} s…`;
      $("connection").className = "status";
      setTimeout(connect, state.retry);
      state.retry = Math.min(state.retry * 2, 30000);
    };
  }

  function render(snapshot) {
    for (const bucket of snapshot.series) state.series.set(bucket.start, bucket.users);
    state.now = Math.floor(snapshot.now / 1000);
    Ui.setNumber("attendees", snapshot.attending.live, snapshot.attending.live.toLocaleString());
    $("dvr-attendees").textContent = snapshot.attending.dvr.toLocaleString();
    Ui.setNumber("bitrate", snapshot.lastMinute.bitrate, snapshot.lastMinute.views ? Math.round(snapshot.lastMinute.bitrate).toLocaleString() : "–");
    Ui.setNumber("buffering", snapshot.lastMinute.bufferRatio, snapshot.lastMinute.views ? (snapshot.lastMinute.bufferRatio * 100).toFixed(1) : "–");
    const attending = snapshot.attending.live + snapshot.attending.dvr;
    Ui.setNumber("engagement", snapshot.engagement, attending ? (snapshot.engagement * 100).toFixed(0) : "–");
    Chart.sparkline($("bitrate-trend"), snapshot.bitrateTrend);
    Chart.sparkline($("buffer-trend"), snapshot.bufferTrend);
    renderPlatforms(snapshot.platforms, attending);
    drawAttendance();
    loadViewers();
  }

  function renderPlatforms(platforms, total) {
    const list = $("platforms");
    list.replaceChildren(
      ...Object.entries(platforms)
        .sort((a, b) => b[1] - a[1])
        .map(([name, count]) => {
          const item = document.createElement("li");
          item.dataset.platform = name;
          const bar = document.createElement("span");
          bar.className = "bar";
          bar.style.width = `${total ? (count / total) * 100 : 0}%`;
          const label = document.createElement("span");
          label.textContent = name;
          const value = document.createElement("span");
          value.className = "count";
          value.textContent = count.toLocaleString();
          const track = document.createElement("span");
          track.appendChild(bar);
          item.append(label, track, value);
          return item;
        })
    );
  }

  // --- the attendance graph, its scroller and "back to live"
  function points() {
    return [...state.series.entries()].sort((a, b) => a[0] - b[0]);
  }

  function drawAttendance() {
    if ($("pane").hidden || $("analytics").hidden) return;
    const all = points();
    const latest = Math.max(state.now ? state.now - (state.now % 10) : 0, all.length ? all[all.length - 1][0] : 0);
    const first = all.length ? all[0][0] : latest;
    const scroller = $("scroller");
    const long = latest - first > WINDOW;
    scroller.hidden = !long;
    scroller.min = String(first + WINDOW);
    scroller.max = String(latest);
    if (state.following) {
      state.viewEnd = latest;
      scroller.value = String(latest);
    }
    $("back-to-live").hidden = state.following;
    const end = state.viewEnd;
    Chart.line($("attendance-chart"), all, { from: end - WINDOW, to: end, label: "attendees", format: (v) => `${v} attendees` });
    $("attendance-chart").dataset.from = String(end - WINDOW);
    $("attendance-chart").dataset.to = String(end);
    // Peak and average over the ten-second buckets in which anyone watched, as the exports count them.
    let peak = [0, 0];
    let sum = 0;
    let watched = 0;
    for (const point of all) {
      if (point[1] > peak[1]) peak = point;
      sum += point[1];
      if (point[1] > 0) watched += 1;
    }
    $("peak").textContent = peak[1].toLocaleString();
    $("peak").dataset.value = String(peak[1]);
    $("peak-at").textContent = peak[1] ? new Date(peak[0] * 1000).toLocaleTimeString() : "–";
    const average = watched ? sum / watched : 0;
    $("average").textContent = Math.round(average).toLocaleString();
    $("average").dataset.value = String(average);
  }

  $("scroller").addEventListener("input", (event) => {
    state.viewEnd = Number(event.target.value);
    state.following = state.viewEnd >= Number(event.target.max);
    drawAttendance();
  });
  $("back-to-live").addEventListener("click", () => {
    state.following = true;
    drawAttendance();
  });

  // --- the live viewers list (DVR viewers are counted apart, not listed)
  async function loadViewers() {
    if (state.loadingViewers || !state.ks) return;
    state.loadingViewers = true;
    try {
      const query = new URLSearchParams({
        ks: state.ks,
        sort: state.sort,
        order: state.descending ? "desc" : "asc",
        offset: String(state.offset),
        limit: String(state.pageSize),
      });
      const response = await fetch(`/live/${encodeURIComponent(entryId)}/viewers?${query}`);
      if (!response.ok) return;
      const page = await response.json();
      $("viewers-total").textContent = page.total.toLocaleString();
      $("viewers-dvr").textContent = page.otherList.toLocaleString();
      const last = Math.min(page.total, page.offset + page.rows.length);
      $("viewers-page").textContent = page.total ? `${page.offset + 1}–${last} of ${page.total.toLocaleString()}` : "nobody yet";
      $("previous").disabled = page.offset === 0;
      $("next").disabled = last >= page.total;
      $("viewers").tBodies[0].replaceChildren(...page.rows.map(row));
    } finally {
      state.loadingViewers = false;
    }
  }

  function row(viewer) {
    const minutes = Math.floor(viewer.watchSeconds / 60);
    const cells = [
      viewer.user,
      viewer.device,
      new Date(viewer.since).toLocaleTimeString(),
      `${minutes}:${String(viewer.watchSeconds % 60).padStart(2, "0")}`,
      viewer.bitrate ? `${Math.round(viewer.bitrate)} kbps` : "–",
      `${(viewer.bufferRatio * 100).toFixed(1)} %`,
      viewer.engaged ? "yes" : "no",
    ];
    return Ui.row(cells);
  }

  for (const button of document.querySelectorAll("th button")) {
    button.addEventListener("click", () => {
      const sort = button.dataset.sort;
      state.descending = state.sort === sort ? !state.descending : sort !== "name" && sort !== "device";
      state.sort = sort;
      state.offset = 0;
      for (const other of document.querySelectorAll("th button")) other.removeAttribute("aria-sort");
      button.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
      loadViewers();
    });
  }
  $("previous").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - state.pageSize);
    loadViewers();
  });
  $("next").addEventListener("click", () => {
    state.offset += state.pageSize;
    loadViewers();
  });

  // --- export: the server writes the CSV of what the pane shows, through the reports API
  Ui.bindExport(() => {
    const now = Math.floor(Date.now() / 1000);
    return {
      ks: state.ks,
      reportTitle: `Live analytics ${entryId}`,
      reportType: "webcast_live",
      reportInputFilter: { objectType: "KalturaReportInputFilter", fromDate: now - HISTORY, toDate: now + 10, entryIdIn: entryId },
      order: `${state.descending ? "-" : "+"}${state.sort}`,
    };
  }, `live-analytics-${entryId}.csv`);

  window.addEventListener("resize", drawAttendance);

  Api.bindSignIn(start);
})();
