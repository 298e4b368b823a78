// Signed-in devices: the owner's sessions with a Sign out button each, a section of the Settings page. A device
// signed out here finds no session on its next request; signing out this very device goes back to the login screen.
import { get, del } from "../api.js";
import { h, replace, notice, ago } from "../dom.js";

/** The "Signed-in devices" card; it loads itself. */
export function sessionsCard(app) {
  const list = h("ul.plain.sessions"), message = h("div");
  const card = h("section.card", { id: "sessions" },
    h("h2", "Signed-in devices"),
    h("p.muted.small", "Browsers signed in as this node's owner. Signing one out takes effect at once; it can pair or log in again."),
    message, list);

  async function load() {
    try {
      const sessions = await get("/api/v1/auth/sessions");
      // This device first, then the others as the agent orders them (most recently used first).
      const ordered = [...sessions.filter(s => s.current), ...sessions.filter(s => !s.current)];
      replace(list, ordered.length ? ordered.map(row) : h("li.muted", "No device is signed in."));
    } catch (e) {
      replace(message, notice("bad", e.message));
    }
  }

  function row(s) {
    const button = h("button.danger", { type: "button" }, "Sign out");
    button.addEventListener("click", async () => {
      if (s.current && !confirm("Sign out this device? You will need the owner password or a pairing code to come back.")) return;
      button.disabled = true;
      try {
        await del(`/api/v1/auth/sessions/${encodeURIComponent(s.id)}`);
      } catch (e) {
        button.disabled = false;
        replace(message, notice("bad", `Not signed out: ${e.message}`));
        return;
      }
      if (s.current) return app.signedOut();
      replace(message, notice("ok", `“${s.device}” was signed out.`));
      await load();
    });
    return h("li.session", { "data-session": s.id },
      h("div.who",
        h("div", h("strong", s.device), s.current ? h("span.badge.ok", "This device") : null),
        h("div.small.muted", `Signed in ${when(s.created)} · ${lastUse(s.lastUsed)}`)),
      button);
  }

  load();
  return card;
}

// The agent writes a session's last use at most hourly (flash wear): "within the hour" is all it knows.
function lastUse(iso) {
  return Date.now() - new Date(iso).getTime() < 3600e3 ? "used within the hour" : `last used ${ago(iso)}`;
}

function when(iso) {
  const t = new Date(iso);
  const clock = t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return t.toDateString() === new Date().toDateString() ? `today at ${clock}`
    : `${t.toLocaleDateString([], { day: "numeric", month: "short", year: "numeric" })} at ${clock}`;
}

/** A name for this device from its browser ("Firefox on Android"), when the owner gave none: the list stays readable. */
export function deviceGuess() {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chromium\//.test(ua) ? "Chromium"
    : /Chrome\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "Browser";
  const system = /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Mac OS X/.test(ua) ? "macOS"
    : /Windows/.test(ua) ? "Windows" : /CrOS/.test(ua) ? "ChromeOS" : /Linux/.test(ua) ? "Linux" : null;
  return system ? `${browser} on ${system}` : browser;
}
