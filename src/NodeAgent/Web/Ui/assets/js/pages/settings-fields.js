// Showing the agent's validation messages next to the fields they are about. A form marks each input with
// data-field="<JSON path>" (e.g. "guifiNode", "services[1].port"); the agent's 400 answers list {field, message}.
import { h, replace, notice, sentence } from "../dom.js";

/** Clears the form's previous messages, then puts each of error.errors next to its field. */
export function showErrors(form, message, error) {
  form.querySelectorAll(".field-error").forEach(el => el.remove());
  form.querySelectorAll("[aria-invalid]").forEach(el => el.removeAttribute("aria-invalid"));
  const rest = [];
  for (const { field, message: text } of error.errors || []) {
    const input = field && form.querySelector(`[data-field="${CSS.escape(field)}"]`);
    if (!input) { rest.push(text); continue; }
    input.setAttribute("aria-invalid", "true");
    // "path: 'value' must be …" loses its path (the field is right above it); "path is missing …" keeps it.
    const plain = text.startsWith(`${field}:`) ? text.slice(field.length + 1).trim() : text;
    const place = input.closest(".field, td, fieldset") || input.parentElement;
    place.append(h("div.field-error", { role: "alert" }, sentence(plain)));
  }
  replace(message, notice("bad", error.errors?.length
    ? `Not saved: ${error.errors.length === 1 ? "one value needs" : `${error.errors.length} values need`} fixing. Nothing was changed.`
    : `Not saved. ${error.message}`, ...rest.map(r => h("div.small", sentence(r)))));
  form.querySelector("[aria-invalid]")?.focus();
}

export function clearErrors(form, message) {
  document.getElementById("settings-flash")?.replaceChildren(); // the last save's note is about another form
  form.querySelectorAll(".field-error").forEach(el => el.remove());
  form.querySelectorAll("[aria-invalid]").forEach(el => el.removeAttribute("aria-invalid"));
  replace(message);
}

/** A labelled input with its hint; the input carries data-field. */
export function field(label, input, hint) {
  return h("div.field", h("label", { for: input.id }, label), input, hint ? h("div.hint", hint) : null);
}

/** One "key=value" per line, blank lines ignored. */
export function lines(text) {
  return text.split("\n").map(l => l.trim()).filter(l => l.length);
}
