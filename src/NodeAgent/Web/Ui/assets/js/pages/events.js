// Events: what happened on the node, newest first, a page at a time.
import { get } from "../api.js";
import { h, replace, notice, heading, time } from "../dom.js";

export const title = "Events";

const PAGE = 50;
const severity = { info: "neutral", warning: "warn", error: "bad" };

export async function render(view) {
  const list = h("ul.plain.events", { id: "events" }), message = h("div");
  const more = h("button", { type: "button", id: "older" }, "Load older");
  replace(view, heading("Events", "What happened on this node, newest first."), h("div.card", list, h("div.actions", more)), message);
  let oldest = null;

  async function load() {
    more.disabled = true;
    try {
      const page = await get(`/api/v1/events?limit=${PAGE}${oldest ? `&before=${oldest}` : ""}`);
      list.append(...page.map(e => h("li", { "data-event": e.kind, "data-id": e.id },
        h("span", h(`span.badge.${severity[e.severity] || "neutral"}`, e.severity)),
        h("span.small.muted", { title: e.time }, time(e.time)),
        h("div.what", h("div", e.message), h("div.muted.small.mono", e.kind)))));
      if (page.length) oldest = page[page.length - 1].id;
      if (!list.children.length) list.append(h("li.muted", "No events yet."));
      more.hidden = page.length < PAGE;
      replace(message);
    } catch (e) {
      replace(message, notice("bad", e.message));
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener("click", load);
  await load();
}
