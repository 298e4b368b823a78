// The agent's JSON API. Every state-changing request carries the session's CSRF token; an error becomes an
// ApiError whose message is the problem body's detail (the agent writes those for people).

import { sentence } from "./dom.js";

let csrf = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, title, detail, errors) {
    super(sentence(detail || title || `the agent answered ${status}`));
    this.status = status;
    this.title = title;
    /** For a refused form: [{field, message}], field being the JSON path (e.g. "services[1].port"). */
    this.errors = Array.isArray(errors) ? errors : [];
  }
}

export function setCsrf(token) { csrf = token; }

/** Called with the status of a 401, so the app can show the login screen. */
export function onUnauthorized(fn) { listeners.add(fn); }

export async function api(path, { method = "GET", body, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") {
    if (csrf) headers["X-CSRF-Token"] = csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, signal, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, "Offline", "the node does not answer: is it on, and are you on its network?");
  }
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith("/api/v1/auth")) listeners.forEach(fn => fn());
    throw new ApiError(response.status, data?.title, data?.detail, data?.errors);
  }
  return data;
}

export const get = (path, signal) => api(path, { signal });
export const post = (path, body) => api(path, { method: "POST", body });
export const put = (path, body) => api(path, { method: "PUT", body });
export const del = path => api(path, { method: "DELETE" });

/** GET /api/v1/auth, or null where this agent has no owner sessions (every read is open on loopback then). */
export async function authState() {
  try {
    const state = await get("/api/v1/auth");
    setCsrf(state.csrf);
    return state;
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}
