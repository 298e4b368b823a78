// Pairing and login: the only screens a device without an owner session gets (unless the owner opened reads to the LAN).
import { post, authState } from "../api.js";
import { h, replace, notice, time } from "../dom.js";
import { deviceGuess } from "./sessions.js";

/** Renders the "pair" or "login" screen; returns its cleanup. */
export function render(view, app, screen) {
  document.title = `${screen === "pair" ? "Pair" : "Log in"} · NodeAgent`;
  return screen === "pair" ? pair(view, app) : login(view, app);
}

function field(id, label, input, hint) {
  return h("div.field", h("label", { for: id }, label), input, hint ? h("div.hint", hint) : null);
}

async function submit(form, button, message, action) {
  form.addEventListener("submit", async event => {
    event.preventDefault();
    button.disabled = true;
    replace(message);
    try {
      await action();
    } catch (e) {
      replace(message, notice("bad", e.status === 429 ? `Too many attempts: ${e.message}` : e.message));
    } finally {
      button.disabled = false;
    }
  });
}

function pair(view, app) {
  const first = !app.auth.owner;
  const windowNote = h("div"), message = h("div");
  const code = h("input", { id: "pair-code", type: "text", inputmode: "numeric", autocomplete: "one-time-code", placeholder: "123-456" });
  const password = h("input", { id: "pair-password", type: "password", autocomplete: "new-password", minlength: 10 });
  const again = h("input", { id: "pair-again", type: "password", autocomplete: "new-password" });
  const device = h("input", { id: "pair-device", type: "text", maxlength: 64, placeholder: "e.g. Anna's phone" });
  const button = h("button.primary", { type: "submit" }, first ? "Pair and set the password" : "Pair this device");
  const form = h("form.card.gate", { id: "pair-form" },
    h("h1", first ? "Welcome to your node" : "Pair this device"),
    h("p.muted", first
      ? "Nobody owns this node yet. Prove you are next to it, then choose the owner's password: there is no default one."
      : "Pair a new device with a code from the node, or while its pairing window is open."),
    windowNote, message,
    field("pair-code", "Pairing code", code, h("span", "On the node's console run ", h("code", "nodeagent pair"),
      " and type the code it prints (valid 10 minutes). Or hold the node's button 3 seconds: while its light shows the pairing window, no code is needed.")),
    first ? field("pair-password", "Owner password", password, "At least 10 characters. You will log in with it from other devices.") : null,
    first ? field("pair-again", "Password again", again) : null,
    field("pair-device", "This device's name (optional)", device),
    h("div.actions", button),
    first ? null : h("p.small", h("a", { href: "#/login" }, "Log in with the owner's password instead")));
  replace(view, form);

  const showWindow = () => replace(windowNote, app.auth.pairing?.open
    ? notice("ok", `The node's pairing window is open${app.auth.pairing.until ? ` until ${time(app.auth.pairing.until)}` : ""}: no code needed.`) : null);
  showWindow();
  submit(form, button, message, async () => {
    if (first && password.value.length < 10) throw new Error("The password needs at least 10 characters.");
    if (first && password.value !== again.value) throw new Error("The two passwords differ: type the same one twice.");
    const state = await post("/api/v1/auth/pair", {
      code: code.value.trim() || null, password: first ? password.value : null, device: device.value.trim() || deviceGuess(),
    });
    app.signedIn(state);
  });
  // Follow the button: the window may open (or close) while this screen is shown.
  const timer = setInterval(async () => {
    const state = await authState().catch(() => null);
    if (state) { Object.assign(app.auth, state); showWindow(); }
  }, 5000);
  return () => clearInterval(timer);
}

function login(view, app) {
  const message = h("div");
  const password = h("input", { id: "login-password", type: "password", autocomplete: "current-password", required: true });
  const button = h("button.primary", { type: "submit" }, "Log in");
  const form = h("form.card.gate", { id: "login-form" },
    h("h1", "Log in"),
    h("p.muted", "This node has an owner. Log in with the owner's password."),
    message,
    field("login-password", "Password", password),
    h("div.actions", button,
      app.auth.lanReadOnly ? h("button", { type: "button", onclick: () => app.browse() }, "Look without logging in") : null),
    h("p.small", h("a", { href: "#/pair" }, "Pair this device with a code instead")));
  replace(view, form);
  password.focus();
  submit(form, button, message, async () => {
    app.signedIn(await post("/api/v1/auth/login", { password: password.value, device: deviceGuess() }));
  });
  return null;
}
