// Settings → Declared services: services this node announces by hand (type, name, port, key=value fields), as
// Cloudy's avahi-ps could. Saving replaces the whole list; the agent republishes it at once.
import { put } from "../api.js";
import { h, replace, notice } from "../dom.js";
import { showErrors, clearErrors, lines } from "./settings-fields.js";

export function servicesCard(settings, owner, onSaved) {
  const message = h("div");
  const body = h("tbody");
  const empty = h("p.muted", { id: "services-empty" }, "No services declared. Services installed from the catalogue are published on their own.");
  const add = h("button", { type: "button", id: "service-add", disabled: !owner }, "Add a service");
  const save = h("button.primary", { type: "submit", disabled: !owner }, "Save services");

  const renumber = () => {
    [...body.children].forEach((row, i) => row.querySelectorAll("[data-name]").forEach(el => {
      el.dataset.field = `services[${i}].${el.dataset.name}`;
      el.id = `svc-${i}-${el.dataset.name}`;
    }));
    empty.hidden = body.children.length > 0;
  };
  const row = s => {
    const cell = (label, el) => h("td.cell", { "data-label": label }, el);
    const input = (name, value, attrs = {}) => h("input", { type: "text", "data-name": name, value: value ?? "", autocomplete: "off", spellcheck: "false", "aria-label": attrs.label, ...attrs, label: null });
    const fields = h("textarea", { "data-name": "fields", rows: Math.max(1, (s.fields || []).length), spellcheck: "false", "aria-label": "Fields", placeholder: "key=value, one per line" }, (s.fields || []).join("\n"));
    const remove = h("button.link.danger", { type: "button", "aria-label": "Remove this service", disabled: !owner }, "Remove");
    const tr = h("tr", cell("Type", input("type", s.type, { placeholder: "_http._tcp", label: "Type" })),
      cell("Name", input("name", s.name, { placeholder: "my-service", label: "Name" })),
      cell("Port", input("port", s.port, { inputmode: "numeric", class: "port", label: "Port" })),
      cell("Fields", fields), h("td", remove));
    remove.addEventListener("click", () => { tr.remove(); renumber(); });
    return tr;
  };
  (settings.services || []).forEach(s => body.append(row(s)));
  renumber();
  add.addEventListener("click", () => { body.append(row({})); renumber(); body.lastElementChild.querySelector("input").focus(); });

  const form = h("form.card", { id: "services-form", novalidate: true },
    h("h2", "Declared services"),
    h("p.muted.small", "Services this node announces to the community by hand: published at once, on every discovery backend."),
    message,
    h("div.scroll", h("table.stack.services-table", h("thead", h("tr", h("th", "Type"), h("th", "Name"), h("th", "Port"), h("th", "Fields"), h("th"))), body)),
    empty,
    h("div.actions", add, save));

  form.addEventListener("submit", async event => {
    event.preventDefault();
    clearErrors(form, message);
    const services = [...body.children].map(tr => {
      const v = name => tr.querySelector(`[data-name="${name}"]`).value.trim();
      const port = v("port");
      return { type: v("type") || null, name: v("name") || null, port: port === "" ? null : /^\d{1,6}$/.test(port) ? Number(port) : -1, fields: lines(v("fields")) };
    });
    save.disabled = true;
    try {
      const saved = await put("/api/v1/settings", { services });
      onSaved(saved, notice("ok", `Saved and published: ${saved.services.length} declared service${saved.services.length === 1 ? "" : "s"}.`));
    } catch (e) {
      showErrors(form, message, e);
      save.disabled = false;
    }
  });
  return form;
}
