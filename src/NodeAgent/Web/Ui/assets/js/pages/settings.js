// Settings: what the owner may change (name, community, guifi.net node id, LAN read access, discovery backends,
// declared services, password). Each form saves on its own; the agent checks every value and saves all or nothing.
import { get, put, post } from "../api.js";
import { h, replace, notice, heading } from "../dom.js";
import { showErrors, clearErrors } from "./settings-fields.js";
import { discoveryCard } from "./settings-discovery.js";
import { servicesCard } from "./settings-services.js";
import { sessionsCard } from "./sessions.js";

export const title = "Settings";

const sources = { saved: "set here", config: "from the node's configuration" };

export async function render(view, app) {
  const [settings, node, stats] = await Promise.all([get("/api/v1/settings"), get("/api/v1/node"), get("/api/v1/cloud/stats")]);
  const published = await get(`/api/v1/search?node=${node.id}`).catch(() => []);
  const message = h("div");
  const name = h("input", { id: "s-name", type: "text", value: settings.name, autocomplete: "off", spellcheck: "false", required: true, "data-field": "name" });
  const community = h("input", { id: "s-community", type: "text", value: settings.community, autocomplete: "off", "data-field": "community" });
  const guifi = h("input", { id: "s-guifi", type: "text", inputmode: "numeric", value: settings.guifiNode ?? "", autocomplete: "off", "data-field": "guifiNode", placeholder: "none" });
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
    h("div.field", h("label", { for: "s-guifi" }, "guifi.net node id"), guifi,
      h("div.hint", "The number in the node's page address, guifi.net/node/NNNN; published with every service so the community can link this node. Empty for none; ",
        sources[settings.guifiNodeSource] || settings.guifiNodeSource, ".",
        settings.guifiNode ? [" ", h("a", { href: `https://guifi.net/node/${settings.guifiNode}`, target: "_blank", rel: "noopener noreferrer" }, "Open its page")] : null)),
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
    const id = guifi.value.trim();
    if (id !== String(settings.guifiNode ?? "")) body.guifiNode = id === "" ? 0 : /^-?\d{1,12}$/.test(id) ? Number(id) : -1;
    if (!Object.keys(body).length) {
      replace(message, notice("ok", "Nothing to save: no setting changed."));
      return;
    }
    save.disabled = true;
    clearErrors(form, message);
    try {
      const saved = await put("/api/v1/settings", body);
      app.refreshHeader();
      await saved_(saved, notice("ok", "Saved."));
    } catch (e) {
      showErrors(form, message, e);
    } finally {
      save.disabled = false;
    }
  });

  // After a save the page is drawn again from the agent's answer, with the note on top.
  const saved_ = async (saved, note) => {
    await render(view, app);
    view.querySelector("#settings-flash")?.replaceChildren(note);
  };

  replace(view, heading("Settings", `Node ${node.id}`), h("div", { id: "settings-flash" }), message, form,
    servicesCard(settings, owner, saved_),
    discoveryCard(settings, stats, owner, saved_),
    app.auth?.authenticated ? passwordCard() : null,
    app.auth?.authenticated ? sessionsCard(app) : null,
    h("div.grid",
      h("div.card", { id: "published" }, h("h2", "Published by this node"),
        h("p.muted.small", "What the community sees now: healthy services it runs and those declared above."),
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
