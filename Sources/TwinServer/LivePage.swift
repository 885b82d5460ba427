/// The live page at `/`: the grid drawn from `GET /v1/layout` (buses coloured by |V|: blue at 0.9 p.u., green at 1.0,
/// red at 1.1, branches by loading from grey to red at 100 %; values on hover), updated by every message of
/// `WS /v1/stream`, with a strip of recent alarms and the estimate's age. Self-contained: no outside scripts or styles.
enum LivePage {
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>GridTwin — live</title>
    <style>
      body { font: 14px system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 1fr 22rem; height: 100vh; }
      svg { width: 100%; height: 100vh; background: #fbfbf8; }
      aside { border-left: 1px solid #ddd; padding: 0.8rem; overflow: auto; }
      h1 { font-size: 1.1rem; margin: 0 0 0.5rem; }
      #age { font-variant-numeric: tabular-nums; }
      #alarms li { margin: 0.2rem 0; }
      .stale { color: #b00; }
    </style>
    </head>
    <body data-updates="0">
    <svg id="grid" viewBox="0 0 1000 1000" role="img" aria-label="the grid"><g id="branches"></g><g id="buses"></g></svg>
    <aside>
      <h1>GridTwin — live</h1>
      <p>Estimate age: <span id="age">no estimate yet</span></p>
      <p id="summary"></p>
      <h2>Alarms</h2>
      <ul id="alarms"></ul>
    </aside>
    <script>
    const svgNS = "http://www.w3.org/2000/svg";
    const circles = new Map(), lines = new Map();
    let measuredAt = null;
    function vmColor(vm) {
      // Blue at 0.9 p.u., green at 1.0, red at 1.1 (clamped).
      const t = Math.max(0, Math.min(1, (vm - 0.9) / 0.2));
      const [a, b, u] = t < 0.5 ? [[40, 90, 220], [40, 170, 80], t * 2] : [[40, 170, 80], [220, 50, 40], t * 2 - 1];
      return `rgb(${a.map((c, i) => Math.round(c + (b[i] - c) * u)).join(",")})`;
    }
    function loadingColor(percent) {
      const t = Math.max(0, Math.min(1, percent / 100));
      return `rgb(${Math.round(150 + 105 * t)},${Math.round(150 * (1 - t))},${Math.round(150 * (1 - t))})`;
    }
    function element(name, attributes, title) {
      const node = document.createElementNS(svgNS, name);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
      const tip = document.createElementNS(svgNS, "title");
      tip.textContent = title;
      node.appendChild(tip);
      return node;
    }
    async function start() {
      const layout = await (await fetch("/v1/layout")).json();
      const at = new Map(layout.buses.map(([id, x, y]) => [id, [x * 1000, y * 1000]]));
      const radius = Math.max(2, Math.min(9, 300 / Math.sqrt(layout.buses.length)));
      for (const [row, from, to] of layout.branches) {
        const [x1, y1] = at.get(from), [x2, y2] = at.get(to);
        const line = element("line", { x1, y1, x2, y2, stroke: "#bbb", "stroke-width": 1.5, "data-branch": row }, `branch ${row}: ${from}-${to}`);
        document.getElementById("branches").appendChild(line);
        lines.set(row, line);
      }
      for (const [id, x, y] of layout.buses) {
        const circle = element("circle", { cx: x * 1000, cy: y * 1000, r: radius, fill: "#999", "data-bus": id }, `bus ${id}`);
        document.getElementById("buses").appendChild(circle);
        circles.set(id, circle);
      }
      const socket = new WebSocket(`ws://${location.host}/v1/stream`);
      socket.onmessage = (message) => apply(JSON.parse(message.data));
      setInterval(showAge, 1000);
    }
    function apply(event) {
      for (const [id, vm, va] of event.buses) {
        const circle = circles.get(id);
        if (!circle) continue;
        circle.setAttribute("fill", vmColor(vm));
        circle.setAttribute("data-vm", vm.toFixed(6));
        circle.firstChild.textContent = `bus ${id}: ${vm.toFixed(4)} p.u., ${va.toFixed(2)}°`;
      }
      for (const [row, percent] of event.loadings) {
        const line = lines.get(row);
        if (!line) continue;
        line.setAttribute("stroke", loadingColor(percent));
        line.setAttribute("stroke-width", percent > 100 ? 4 : 1.5);
        line.setAttribute("data-loading", percent.toFixed(2));
        line.firstChild.textContent = line.firstChild.textContent.split(" —")[0] + ` — ${percent.toFixed(1)} %`;
      }
      const list = document.getElementById("alarms");
      for (const alarm of event.alarms) {
        const item = document.createElement("li");
        item.textContent = `${new Date(event.measured_at * 1000).toISOString().slice(0, 19)} ${alarm.kind}: ${alarm.message}`;
        list.prepend(item);
      }
      while (list.children.length > 30) list.removeChild(list.lastChild);
      measuredAt = event.measured_at;
      document.getElementById("summary").textContent =
        `${event.frames} frame(s) in the last estimate; chi-square ${event.chi_square_alarm ? "ALARM" : "passed"}`;
      document.body.dataset.updates = String(Number(document.body.dataset.updates) + 1);
      document.body.dataset.measuredAt = String(event.measured_at);
      showAge();
    }
    function showAge() {
      if (measuredAt === null) return;
      const seconds = Math.max(0, Date.now() / 1000 - measuredAt);
      const age = document.getElementById("age");
      age.textContent = seconds < 120 ? `${seconds.toFixed(0)} s` : seconds < 7200 ? `${(seconds / 60).toFixed(0)} min` : `${(seconds / 3600).toFixed(1)} h`;
      age.className = seconds > 900 ? "stale" : "";
    }
    start();
    </script>
    </body>
    </html>
    """#
}
