// Search: the services of the community cloud, filtered, kept current by the agent's change stream.
import { get } from "../api.js";
import { h, replace, notice, heading, ago } from "../dom.js";

export const title = "Search";

// Types a browser opens; anything else gets its address to copy into the program that speaks it.
const web = { "_http._tcp": "http", "_https._tcp": "https" };

export async function render(view) {
  const type = h("select", { id: "f-type" }, h("option", { value: "" }, "Any type"));
  const community = h("select", { id: "f-community" }, h("option", { value: "" }, "Any community"));
  const node = h("input", { id: "f-node", type: "text", placeholder: "name or id", autocomplete: "off" });
  const q = h("input", { id: "f-q", type: "search", placeholder: "name, type, field…", autocomplete: "off" });
  const live = h("span.badge.neutral", "Connecting…");
  const message = h("div"), results = h("div");
  const field = (id, text, input) => h("div", h("label", { for: id }, text), input);
  replace(view, heading("Search", "Services published in the community cloud.", live),
    h("div.card", h("div.filters", field("f-q", "Text", q), field("f-type", "Type", type), field("f-community", "Community", community), field("f-node", "Node", node))),
    message, results);

  async function options() {
    const stats = await get("/api/v1/cloud/stats");
    fill(type, Object.keys(stats.instances));
    fill(community, stats.communities.map(c => c.community).filter(c => c));
  }

  let seq = 0;
  async function search() {
    const params = new URLSearchParams();
    for (const [key, el] of [["type", type], ["community", community], ["node", node], ["q", q]]) {
      const v = el.value.trim();
      if (v) params.set(key, v);
    }
    const mine = ++seq;
    try {
      const found = await get(`/api/v1/search?${params}`);
      if (mine !== seq) return;
      replace(message);
      replace(results, found.length ? table(found)
        : h("div.card.muted", params.size ? "No service matches these filters." : "No services published in the cloud yet."));
    } catch (e) {
      if (mine === seq) replace(message, notice("bad", e.message));
    }
  }

  let debounce = null;
  const soon = (ms = 250) => { clearTimeout(debounce); debounce = setTimeout(search, ms); };
  for (const el of [node, q]) el.addEventListener("input", () => soon());
  for (const el of [type, community]) el.addEventListener("change", () => soon(0));

  await Promise.all([options(), search()]);

  // The change stream says when something joined or left; a burst of changes makes one search.
  let stream = null, poll = null;
  function connect() {
    stream = new EventSource("/api/v1/cloud/changes");
    stream.onopen = () => { live.textContent = "Live"; live.className = "badge ok"; };
    stream.addEventListener("change", () => { soon(400); options().catch(() => {}); });
    const restart = () => { stream.close(); setTimeout(connect, 1000); };
    stream.addEventListener("overflow", restart);
    stream.addEventListener("end", () => { stream.close(); offline(); });
    stream.onerror = () => { if (stream.readyState === EventSource.CLOSED) offline(); };
  }
  function offline() {
    live.textContent = "Refreshing every 15 s"; live.className = "badge neutral";
    clearInterval(poll);
    poll = setInterval(() => !document.hidden && search(), 15000);
  }
  connect();
  return () => { stream?.close(); clearInterval(poll); clearTimeout(debounce); };
}

function fill(select, values) {
  const have = new Set([...select.options].map(o => o.value));
  for (const v of values.sort()) if (!have.has(v)) select.append(h("option", { value: v }, v));
}

function table(found) {
  return h("div.card", h("table.stack", { id: "results" },
    h("thead", h("tr", h("th", "Service"), h("th", "Node"), h("th", "Reach it"), h("th", "Health"), h("th", "Seen"))),
    h("tbody", found.map(r => {
      const rec = r.record;
      return h("tr", { "data-node": rec.nodeName },
        h("td", { "data-label": "Service" }, h("div", h("strong", rec.name)), h("div.muted.small.mono", rec.type)),
        h("td", { "data-label": "Node" }, h("div", rec.nodeName), rec.community ? h("div.muted.small", rec.community) : null),
        h("td", { "data-label": "Reach it" }, action(r)),
        h("td", { "data-label": "Health" }, h(`span.badge.${rec.health === "healthy" ? "ok" : rec.health === "declared" ? "neutral" : "warn"}`, rec.health)),
        h("td", { "data-label": "Seen", title: r.sources.join(", ") }, h("span.small", `${ago(r.lastSeen)} via ${r.sources.join(" and ")}`)));
    }))));
}

// The agent's own action (filled in for the node, and only when safe) comes first; without one, web types are
// opened at the node's address and anything else gets its address to copy.
function action(result) {
  const rec = result.record, act = result.action;
  if (act?.kind === "open-url") return openLink(act.target);
  if (act?.kind === "connect-client") return h("span", h("div.small.muted", `Connect with ${act.client}`), copyable(act.target));
  const addr = rec.addresses.find(a => /^[0-9.]+$|^[0-9a-f:]+$/i.test(a));
  if (!addr) return h("span.muted", "no address");
  const host = addr.includes(":") ? `[${addr}]` : addr;
  return web[rec.type] ? openLink(`${web[rec.type]}://${host}:${rec.port}/`) : copyable(`${host}:${rec.port}`);
}

function openLink(url) {
  return h("a.button.primary", { href: url, target: "_blank", rel: "noopener noreferrer" }, "Open");
}

function copyable(text) {
  const code = h("code", text);
  const copy = h("button.link", { type: "button" }, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      copy.textContent = "Copied";
    } catch {
      // Plain http on the LAN has no clipboard API: select the text for the person to copy.
      getSelection().selectAllChildren(code);
    }
  });
  return h("span", code, " ", copy);
}
