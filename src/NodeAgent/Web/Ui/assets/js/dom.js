// Small DOM and formatting helpers. Text always goes in as text nodes (never innerHTML): API data is untrusted.

/** h("div.card", {onclick}, child, "text", [children]) builds an element. */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split(".");
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(" ");
  if (attrs && (typeof attrs !== "object" || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className += (el.className ? " " : "") + v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

const SVG = "http://www.w3.org/2000/svg";
/** s("path", {d}) builds an SVG element. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

export function bytes(n) {
  if (n === null || n === undefined) return "–";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(n >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  const d = Math.floor(seconds / 86400), hr = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
  if (d) return `${d} d ${hr} h`;
  if (hr) return `${hr} h ${m} min`;
  if (m) return `${m} min`;
  return `${Math.floor(seconds)} s`;
}

export function time(iso) {
  const t = new Date(iso);
  const sameDay = t.toDateString() === new Date().toDateString();
  return sameDay ? t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })
    : t.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

export function ago(iso) {
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  return s < 5 ? "just now" : `${duration(Math.max(0, s))} ago`;
}

/** The agent's messages start in lower case (they are built to follow "x: "); alone they start a sentence. */
export function sentence(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

export function pct(v) {
  return v === null || v === undefined ? "–" : `${Math.round(v)} %`;
}

/** A notice box; kind is ok, warn or bad. */
export function notice(kind, ...text) {
  return h(`div.notice.${kind}`, { role: kind === "bad" ? "alert" : "status" }, ...text);
}

/** The page heading with an optional line under it and elements on the right. */
export function heading(title, sub, ...right) {
  return h("div.head", h("div", h("h1", title), sub ? h("p.muted", sub) : null), right.length ? h("div.actions", right) : null);
}
