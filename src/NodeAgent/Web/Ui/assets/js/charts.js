// Gauges and 24-hour charts drawn as inline SVG from the API's numbers (no library).
import { h, s } from "./dom.js";

const R = 26, C = 2 * Math.PI * R;

/** A ring gauge: fraction 0-1 (null when the node lacks the source), its label and the value in words. */
export function gauge(label, fraction, value, detail) {
  const f = fraction === null || fraction === undefined ? 0 : Math.min(1, Math.max(0, fraction));
  const kind = f >= 0.9 ? " bad" : f >= 0.75 ? " warn" : "";
  const ring = s("circle", { class: `ring${kind}`, cx: 32, cy: 32, r: R, fill: "none", "stroke-width": 8,
    "stroke-dasharray": C.toFixed(2), "stroke-dashoffset": (C * (1 - f)).toFixed(2), "stroke-linecap": "round", transform: "rotate(-90 32 32)" });
  const svg = s("svg", { width: 64, height: 64, viewBox: "0 0 64 64", role: "img", "aria-label": `${label}: ${value}` },
    s("circle", { class: "ring-bg", cx: 32, cy: 32, r: R, fill: "none", "stroke-width": 8 }), ring);
  return h("div.card.gauge", { "data-gauge": label }, svg,
    h("div", h("div.muted", label), h("div.value", value), detail ? h("div.muted.small", detail) : null));
}

/**
 * An area chart of one history series over the last 24 hours. points: [{t, v}] (t unix seconds);
 * max: the top of the scale (null: the data's own); format: value to words.
 */
export function chart(title, points, { max = null, format = v => v.toFixed(1), now = Date.now() / 1000, empty = null } = {}) {
  const from = now - 86400;
  const data = (points || []).filter(p => p.t >= from);
  const last = data.length ? format(data[data.length - 1].v) : null;
  const head = h("div.head", h("h2", title), last ? h("span.muted", `latest ${last}`) : null);
  if (data.length < 2) {
    return h("div.card.chart", { "data-chart": title }, head, h("div.empty", empty || "Not enough history yet: the chart fills in as the node runs."));
  }
  const top = max ?? (Math.max(...data.map(p => p.v)) * 1.1 || 1);
  const W = 600, H = 120;
  const x = t => ((t - from) / 86400 * W).toFixed(1);
  const y = v => (H - Math.min(v, top) / top * (H - 4) - 2).toFixed(1);
  // A gap of more than 5 minutes (agent stopped) breaks the line instead of drawing across it.
  let line = "", area = "", start = null, prev = null;
  const close = () => { if (start !== null) area += `L${x(prev.t)},${H}L${x(start.t)},${H}Z`; };
  for (const p of data) {
    if (!prev || p.t - prev.t > 300) {
      close();
      line += `M${x(p.t)},${y(p.v)}`;
      area += `M${x(p.t)},${H}L${x(p.t)},${y(p.v)}`;
      start = p;
    } else {
      line += `L${x(p.t)},${y(p.v)}`;
      area += `L${x(p.t)},${y(p.v)}`;
    }
    prev = p;
  }
  close();
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img", "aria-label": `${title} over the last 24 hours` },
    ...[0.25, 0.5, 0.75].map(f => s("line", { class: "grid-line", x1: 0, x2: W, y1: H * f, y2: H * f })),
    s("path", { class: "area", d: area }), s("path", { class: "line", d: line }));
  return h("div.card.chart", { "data-chart": title }, head, svg,
    h("div.axis", h("span", "24 h ago"), h("span", "12 h ago"), h("span", "now")));
}
