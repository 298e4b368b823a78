// Community: who takes part in the cloud, per community, and the state of each discovery backend.
import { get } from "../api.js";
import { h, replace, heading, ago } from "../dom.js";

export const title = "Community";

export async function render(view) {
  const body = h("div");
  replace(view, heading("Community", "Nodes, agents and service instances this node sees in the cloud."), body);

  async function refresh() {
    const stats = await get("/api/v1/cloud/stats");
    const types = Object.keys(stats.instances).sort();
    const total = Object.values(stats.instances).reduce((a, b) => a + b, 0);
    replace(body,
      h("div.grid.stats",
        number("Nodes", stats.nodes, "alive in the cloud"),
        number("Agents", stats.agents, "running NodeAgent"),
        number("Services", total, `${types.length} type${types.length === 1 ? "" : "s"}`)),
      h("div.card", h("h2", "Per community"),
        stats.communities.length ? participation(stats, types) : h("p.muted", "No node is in view yet: the table fills in when discovery finds the cloud.")),
      h("div.card", h("h2", "Discovery"), h("ul.plain", stats.backends.map(b => h("li",
        h(`span.badge.${b.up ? "ok" : "bad"}`, b.up ? "up" : "down"), " ", h("strong", b.name), " ",
        h("span.muted", `since ${ago(b.since)}`), h("div.small", b.detail))))));
  }

  await refresh();
  const timer = setInterval(() => !document.hidden && refresh().catch(() => {}), 10000);
  return () => clearInterval(timer);
}

function number(label, value, sub) {
  return h("div.card", h("div.muted", label), h("div.value.big", { "data-stat": label }, String(value)), h("div.muted.small", sub));
}

function participation(stats, types) {
  const row = (name, c) => h("tr",
    h("td", { "data-label": "Community" }, name),
    h("td.num", { "data-label": "Nodes" }, c.nodes),
    h("td.num", { "data-label": "Agents" }, c.agents),
    types.map(t => h("td.num", { "data-label": t }, c.instances[t] ?? 0)));
  return h("div.scroll", h("table.stack", { id: "participation" },
    h("thead", h("tr", h("th", "Community"), h("th.num", "Nodes"), h("th.num", "Agents"), types.map(t => h("th.num.mono", t)))),
    h("tbody", stats.communities.map(c => row(c.community || "No community", c)),
      stats.communities.length > 1 ? row("All communities", stats) : null)));
}
