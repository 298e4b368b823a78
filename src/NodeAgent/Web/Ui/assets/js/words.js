// The agent's state names in plain words, and the warnings a person should read on the dashboard.

const states = {
  "healthy": ["Healthy", "ok"],
  "degraded": ["Degraded", "warn"],
  "critical": ["Critical", "bad"],
  "no-discovery": ["Not in the community cloud", "warn"],
  "no-network": ["No network", "bad"],
  "booting": ["Starting", "neutral"],
  "first-boot": ["First-boot setup", "neutral"],
  "updating": ["Updating: do not unplug", "warn"],
  "pairing-window": ["Pairing window open", "neutral"],
  "identify": ["Identifying (blinking)", "neutral"],
  "factory-reset-countdown": ["Factory reset countdown", "bad"],
};

/** [words, css kind] for a node state from /api/v1/feedback. */
export function stateWords(state) {
  return states[state] || [state, "neutral"];
}

const serviceStates = {
  "not-installed": ["Not installed", "neutral"],
  "installing": ["Installing", "neutral"],
  "stopped": ["Stopped", "neutral"],
  "starting": ["Starting", "neutral"],
  "healthy": ["Running", "ok"],
  "unhealthy": ["Unhealthy", "warn"],
  "failed": ["Failed", "bad"],
  "shed": ["Stopped to free memory", "warn"],
  "unknown": ["Not managed here", "neutral"],
};

export function serviceStateWords(state) {
  return serviceStates[state] || [state, "neutral"];
}

const checkNames = { store: "The node's database", resources: "Resource sampling", discovery: "Community discovery" };

/**
 * Warnings from /healthz and /api/v1/feedback: [kind, text] pairs, most serious first. Healthy checks say nothing.
 */
export function warnings(health, feedback, resources) {
  const out = [];
  for (const c of health?.checks || []) {
    if (c.status === "healthy") continue;
    out.push([c.status === "unhealthy" ? "bad" : "warn", `${checkNames[c.name] || c.name}: ${c.detail}`]);
  }
  if (feedback && !["healthy", "booting", "identify", "pairing-window"].includes(feedback.state)) {
    const [words, kind] = stateWords(feedback.state);
    out.push([kind === "bad" ? "bad" : "warn", `${words}: ${feedback.reason}`]);
  }
  for (const p of resources?.problems || []) out.push(["warn", p]);
  return out.sort((a, b) => (a[0] === "bad" ? 0 : 1) - (b[0] === "bad" ? 0 : 1));
}
