// The single page: hash routes, the sign-in gate and the header (node name and the state its LED shows).
import { get, post, authState, onUnauthorized, setCsrf } from "./api.js";
import { h, replace, notice } from "./dom.js";
import { stateWords } from "./words.js";
import * as dashboard from "./pages/dashboard.js";
import * as services from "./pages/services.js";
import * as search from "./pages/search.js";
import * as community from "./pages/community.js";
import * as events from "./pages/events.js";
import * as settings from "./pages/settings.js";
import * as gate from "./pages/gate.js";

const pages = { "": dashboard, services, search, community, events, settings };
const view = document.getElementById("view");
let auth = null;         // AuthState, or null where the agent has no owner sessions
let browsing = false;    // chose to look without signing in (only offered when the owner opened reads to the LAN)
let cleanup = null;      // stops the current page's timers and streams
let generation = 0;

const app = {
  /** After pairing or logging in: the body is the new AuthState. */
  signedIn(state) {
    auth = state;
    setCsrf(state.csrf);
    location.hash = "#/";
    route();
  },
  browse() { browsing = true; location.hash = "#/"; route(); },
  /** This device's session ended (logged out, or signed out from the list of devices): the login screen. */
  async signedOut() {
    browsing = false;
    auth = await authState().catch(() => auth);
    location.hash = "#/login";
    route();
  },
  get auth() { return auth; },
  refreshHeader,
};

/** The sign-in screen this device must see for route name, or null. */
function gateScreen(name) {
  if (!auth || auth.authenticated) return null;
  if (!auth.owner) return "pair";
  if (name === "pair" || name === "login") return name;
  return browsing ? null : "login";
}

async function route() {
  const name = location.hash.replace(/^#\/?/, "").split("?")[0];
  cleanup?.();
  cleanup = null;
  const mine = ++generation;
  await sessionLost();
  if (mine !== generation) return;
  const screen = gateScreen(name);
  const page = screen ? null : pages[name === "pair" || name === "login" ? "" : name];
  document.getElementById("nav").hidden = !!screen;
  document.getElementById("logout").hidden = !auth?.authenticated || !!screen;
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("on", !screen && a.getAttribute("href") === `#/${pages[name] ? name : ""}`);
  replace(view, h("p.muted.loading", "Loading…"));
  try {
    if (screen) {
      document.getElementById("node-state").hidden = true;
      cleanup = gate.render(view, app, screen);
      return;
    }
    if (!page) {
      replace(view, notice("warn", "There is no such page. ", h("a", { href: "#/" }, "Go to the dashboard")));
      return;
    }
    document.title = `${page.title} · NodeAgent`;
    const stop = await page.render(view, app);
    if (mine === generation) cleanup = stop || null;
    else stop?.();
  } catch (e) {
    if (mine === generation) replace(view, notice("bad", e.message));
  }
  if (page) refreshHeader();
}

async function refreshHeader() {
  try {
    const [node, feedback] = await Promise.all([get("/api/v1/node"), get("/api/v1/feedback")]);
    document.getElementById("node-name").textContent = node.name;
    const pill = document.getElementById("node-state");
    const [words, kind] = stateWords(feedback.state);
    pill.textContent = words;
    pill.className = `pill ${kind}`;
    pill.title = feedback.reason;
    pill.hidden = false;
  } catch {
    // The page itself says what failed; the header keeps what it had.
  }
}

async function logout() {
  try {
    await post("/api/v1/auth/logout");
  } catch (e) {
    replace(view, notice("bad", e.message));
    return;
  }
  app.signedOut();
}

/**
 * True when this device was signed in and no longer is (signed out from another device, or the password changed):
 * reads stay open on loopback, so no 401 would say so.
 */
async function sessionLost() {
  if (!auth?.authenticated) return false;
  const state = await authState().catch(() => null);
  if (!state || state.authenticated) return false;
  auth = state;
  browsing = false;
  return true;
}

onUnauthorized(async () => {
  browsing = false;
  auth = await authState().catch(() => auth);
  route();
});

document.getElementById("logout").addEventListener("click", logout);
window.addEventListener("hashchange", route);
setInterval(async () => {
  if (document.hidden || document.getElementById("nav").hidden) return;
  if (await sessionLost()) route();
  else refreshHeader();
}, 15000);

try {
  auth = await authState();
} catch (e) {
  replace(view, notice("bad", e.message));
}
route();
