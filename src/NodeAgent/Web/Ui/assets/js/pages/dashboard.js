// Dashboard: who the node is, what its LED says, its resources now and over the last day, and what needs attention.
import { get, post } from "../api.js";
import { h, replace, bytes, duration, pct, notice, heading } from "../dom.js";
import { gauge, chart } from "../charts.js";
import { stateWords, warnings } from "../words.js";

export const title = "Dashboard";

const series = [
  ["cpu.usage", "CPU", { max: 100, format: pct }],
  ["mem.used_percent", "Memory", { max: 100, format: pct }],
  ["disk.root.used_percent", "Disk (/)", { max: 100, format: pct }],
  ["temp.max", "Temperature", { format: v => `${v.toFixed(0)} °C` }],
];

export async function render(view) {
  const top = h("div"), now = h("div"), charts = h("div.grid"), message = h("div"), info = h("div");
  replace(view, top, message, now, charts, info);
  const identify = async () => {
    try {
      await post("/api/v1/feedback/identify", { seconds: 30 });
      replace(message, notice("ok", "The node's light blinks for 30 seconds so you can find it."));
    } catch (e) {
      replace(message, notice("bad", e.message));
    }
  };

  async function refresh() {
    const [node, feedback, resources, health] = await Promise.all([
      get("/api/v1/node"), get("/api/v1/feedback"), get("/api/v1/resources"), healthz()]);
    const [words, kind] = stateWords(feedback.state);
    replace(top,
      heading(node.name, `${node.community ? `community ${node.community} · ` : ""}${node.guifiNode ? `guifi.net node ${node.guifiNode} · ` : ""}${feedback.board || node.board || "unknown board"}`,
        h(`span.pill.${kind}`, { id: "state", title: feedback.reason }, words)),
      ...warnings(health, feedback, resources).map(([k, text]) => notice(k, text)));
    replace(info,
      h("div.grid",
        h("div.card", h("h2", "This node"), h("dl.facts",
          h("dt", "State"), h("dd", `${words}: ${feedback.reason}`),
          h("dt", "Up for"), h("dd", duration(node.hostUptimeSeconds)),
          h("dt", "Agent up for"), h("dd", duration(node.agentUptimeSeconds)),
          h("dt", "Agent"), h("dd", `${node.version} (${node.architecture})`),
          h("dt", "Node id"), h("dd.mono.small", node.id))),
        h("div.card", h("h2", "Light and button"), h("dl.facts",
          h("dt", "Board"), h("dd", feedback.board || "none chosen"),
          h("dt", "Why"), h("dd.small.muted", feedback.boardReason),
          h("dt", "LED"), h("dd", feedback.leds.length ? `${feedback.pattern} (${feedback.leds.map(l => l.name).join(", ")})` : "no LED found"),
          h("dt", "Button"), h("dd", feedback.button || "no button found")),
          feedback.leds.length ? h("div.actions", h("button", { type: "button", id: "identify", onclick: identify }, "Identify: blink for 30 s")) : null)));
    replace(now, h("div.grid.gauges", gauges(resources)));
    sensors = resources.temperatures.length > 0;
  }

  let sensors = true;
  async function drawCharts() {
    const results = await Promise.all(series.map(([metric]) =>
      get(`/api/v1/resources/history?metric=${encodeURIComponent(metric)}&since=24h`).catch(() => null)));
    replace(charts, series.map(([metric, label, opts], i) => chart(label, results[i]?.points,
      metric === "temp.max" && !sensors ? { ...opts, empty: "This node has no temperature sensor." } : opts)));
  }

  await refresh(); // first: it finds whether the node has a temperature sensor at all
  await drawCharts();
  const fast = setInterval(() => !document.hidden && refresh().catch(() => {}), 5000);
  const slow = setInterval(() => !document.hidden && drawCharts().catch(() => {}), 60000);
  return () => { clearInterval(fast); clearInterval(slow); };
}

// /healthz answers 503 with the same body when unhealthy: that is a report to show, not an error.
async function healthz() {
  const response = await fetch("/healthz", { credentials: "same-origin" });
  return response.json().catch(() => null);
}

function gauges(r) {
  const cpu = r.cpu?.total?.usagePercent;
  const mem = r.memory;
  const root = r.fileSystems.find(f => f.mountPoint === "/") || r.fileSystems[0];
  const hottest = r.temperatures.reduce((a, t) => (!a || t.celsius > a.celsius ? t : a), null);
  return [
    gauge("CPU", cpu === undefined ? null : cpu / 100, pct(cpu),
      r.load ? `load ${r.load.load1.toFixed(2)} on ${r.cpu?.coreCount ?? "?"} cores` : null),
    gauge("Memory", mem ? mem.usedPercent / 100 : null, mem ? pct(mem.usedPercent) : "–",
      mem ? `${bytes(mem.availableBytes)} free of ${bytes(mem.totalBytes)}` : null),
    gauge("Disk", root ? root.usedPercent / 100 : null, root ? pct(root.usedPercent) : "–",
      root ? `${bytes(root.availableBytes)} free on ${root.mountPoint}` : "no file system found"),
    gauge("Temperature", hottest ? hottest.celsius / 90 : null, hottest ? `${hottest.celsius.toFixed(0)} °C` : "–",
      hottest ? (hottest.label || hottest.name) : "no sensor on this node"),
  ];
}
