// Settings: what the API lets the owner change (name, community, LAN read access, password), and what is
// configured on the node itself (discovery backends, services it publishes), read-only.
import { get, put, post } from "../api.js";
import { h, replace, notice, heading, ago } from "../dom.js";
import { sessionsCard } from "./sessions.js";

export const title = "Settings";

const sources = { saved: "set here", config: "from the node's configuration" };

export async function render(view, app) {
  const [settings, node, stats] = await Promise.all([get("/api/v1/settings"), get("/api/v1/node"), get("/api/v1/cloud/stats")]);
  const published = await get(`/api/v1/search?node=${node.id}`).catch(() => []);
  const message = h("div");
  const name = h("input", { id: "s-name", type: "text", value: settings.name, autocomplete: "off", spellcheck: "false", required: true });
  const community = h("input", { id: "s-community", type: "text", value: settings.community, autocomplete: "off" });
  const hasLan = typeof settings.lanReadOnly === "boolean";
  const lan = h("input", { id: "s-lan", type: "checkbox", checked: !!settings.lanReadOnly });
  const save = h("button.primary", { type: "submit" }, "Save");
  const owner = !app.auth || app.auth.authenticated;

  const form = h("form.card", { id: "settings-form", novalidate: true },
    h("h2", "This node"),
    h("div.field", h("label", { for: "s-name" }, "Node name"), name,
      h("div.hint", `Lower-case letters, digits and '-', up to 63; ${sources[settings.nameSource] || settings.nameSource}.`)),
    h("div.field", h("label", { for: "s-community" }, "Community"), community,
      h("div.hint", `The community cloud (µcloud) this node belongs to; empty for none; ${sources[settings.communitySource] || settings.communitySource}.`)),
    hasLan ? h("div.field", h("label.check", lan, h("span", "Let anyone on the local network look at these pages (read-only)",
      h("div.hint", "Changes always need the owner. Off: only signed-in devices (and the node itself) see anything.")))) : null,
    h("div.actions", save),
    owner ? null : h("p.hint", "Sign in as the owner to change settings."));
  save.disabled = !owner;

  form.addEventListener("submit", async event => {
    event.preventDefault();
    const body = {};
    if (name.value !== settings.name) body.name = name.value.trim();
    if (community.value !== settings.community) body.community = community.value.trim();
    if (hasLan && lan.checked !== settings.lanReadOnly) body.lanReadOnly = lan.checked;
    if (!Object.keys(body).length) {
      replace(message, notice("ok", "Nothing to save: no setting changed."));
      return;
    }
    save.disabled = true;
    try {
      const saved = await put("/api/v1/settings", body);
      Object.assign(settings, saved);
      replace(message, notice("ok", "Saved."));
      app.refreshHeader();
    } catch (e) {
      replace(message, notice("bad", `Not saved. ${e.message}`));
    } finally {
      save.disabled = false;
    }
  });

  replace(view, heading("Settings", `Node ${node.id}`), message, form,
    app.auth?.authenticated ? passwordCard() : null,
    app.auth?.authenticated ? sessionsCard(app) : null,
    h("div.grid",
      h("div.card", h("h2", "Discovery"), h("p.muted.small", "Set in the node's configuration file."),
        h("ul.plain", stats.backends.map(b => h("li", h(`span.badge.${b.up ? "ok" : "bad"}`, b.up ? "up" : "down"), " ",
          h("strong", b.name), h("div.small.muted", `${b.detail} (since ${ago(b.since)})`))))),
      h("div.card", { id: "published" }, h("h2", "Published by this node"),
        h("p.muted.small", "Healthy services it runs and those declared in its configuration."),
        published.length ? h("ul.plain", published.map(r => h("li", h("strong", r.record.name), " ",
          h("span.mono.small", `${r.record.type} port ${r.record.port}`))))
          : h("p.muted", "Nothing yet."))));
}

function passwordCard() {
  const current = h("input", { id: "p-current", type: "password", autocomplete: "current-password" });
  const next = h("input", { id: "p-new", type: "password", autocomplete: "new-password", minlength: 10 });
  const message = h("div");
  const form = h("form.card", { id: "password-form" }, h("h2", "Owner password"), message,
    h("div.field", h("label", { for: "p-current" }, "Current password"), current),
    h("div.field", h("label", { for: "p-new" }, "New password"), next, h("div.hint", "At least 10 characters.")),
    h("div.actions", h("button", { type: "submit" }, "Change password")));
  form.addEventListener("submit", async event => {
    event.preventDefault();
    try {
      await post("/api/v1/auth/password", { current: current.value, new: next.value });
      current.value = next.value = "";
      replace(message, notice("ok", "Password changed."));
    } catch (e) {
      replace(message, notice("bad", e.message));
    }
  });
  return form;
}
