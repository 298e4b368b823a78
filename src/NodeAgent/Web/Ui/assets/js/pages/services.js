// Services: the catalogue with each service's fit verdict and state, the operations, install progress and its log.
import { get, post } from "../api.js";
import { h, replace, notice, heading, time, ago, sentence } from "../dom.js";
import { serviceStateWords } from "../words.js";

export const title = "Services";

// Which operations make sense in which state (the agent refuses the others with 409 anyway).
const operations = {
  "not-installed": ["install"],
  "stopped": ["start", "remove"],
  "failed": ["start", "restart", "remove"],
  "shed": ["start", "remove"],
  "healthy": ["stop", "restart"],
  "unhealthy": ["stop", "restart"],
  "starting": ["stop"],
};
const verbs = { install: "Install", start: "Start", stop: "Stop", restart: "Restart", remove: "Remove" };

export async function render(view, app) {
  const banner = h("div"), list = h("div.grid"), message = h("div");
  const cards = new Map();
  replace(view, heading("Services", "What this node can run for the community, and whether it fits."), banner, message, list);
  let timer = null;
  const canChange = () => !app.auth || app.auth.authenticated;

  async function refresh() {
    const data = await get("/api/v1/services");
    replace(banner, data.managed ? null : notice("warn", data.unavailable));
    for (const s of data.services) {
      let card = cards.get(s.id);
      if (!card) {
        card = serviceCard(s.id, operate);
        cards.set(s.id, card);
        list.append(card.el);
      }
      card.update(s, data.managed && canChange(), data.unavailable);
    }
    clearTimeout(timer);
    // Follow an install or operation closely; otherwise a slow look is enough.
    timer = setTimeout(tick, data.services.some(s => s.busy || s.state === "installing" || s.state === "starting") ? 1500 : 10000);
  }
  const tick = () => (document.hidden ? (timer = setTimeout(tick, 10000)) : refresh().catch(e => replace(banner, notice("bad", e.message))));

  let fade = null;
  async function operate(id, op, force) {
    clearTimeout(fade);
    replace(message);
    try {
      const result = await post(`/api/v1/services/${encodeURIComponent(id)}/${op}${force ? "?force=true" : ""}`);
      replace(message, notice("ok", sentence(result.message)));
      // The card shows the state from here on; the answer's words would soon be stale.
      fade = setTimeout(() => replace(message), 8000);
    } catch (e) {
      const card = cards.get(id);
      replace(message, notice("bad", `${verbs[op]} ${card?.name ?? id}: ${e.message}`,
        e.status === 409 && e.title === "Does not fit" && op === "install"
          ? h("div.actions", h("button", { type: "button", onclick: () => operate(id, op, true) }, "Install anyway")) : null));
    }
    await refresh().catch(() => {});
  }

  await refresh();
  return () => { clearTimeout(timer); clearTimeout(fade); };
}

function serviceCard(id, operate) {
  const badge = h("span.badge"), name = h("h2"), description = h("p.muted"), progress = h("div");
  const fit = h("div.fit"), meta = h("div.meta"), detail = h("p.small"), actions = h("div.actions");
  const journal = h("div.journal", "Loading…");
  const log = h("details", h("summary", "Recent log"), journal);
  log.addEventListener("toggle", () => log.open && loadJournal(id, journal));
  const el = h("div.card.svc", { "data-service": id }, h("div.title", name, badge), description, progress, detail, fit, meta, actions, log);
  const card = {
    el, name: id,
    update(s, enabled, unavailable) {
      card.name = s.name;
      name.textContent = s.name;
      const [words, kind] = serviceStateWords(s.state);
      badge.textContent = s.state === "installing" && s.progress !== null && s.progress !== undefined ? `${words} ${Math.round(s.progress)} %` : words;
      badge.className = `badge ${kind}`;
      description.textContent = s.description;
      replace(progress, s.state === "installing" ? h("div.bar", { role: "progressbar", "aria-valuenow": Math.round(s.progress ?? 0) }, bar(s.progress ?? 0)) : null);
      replace(detail, s.detail && s.detail !== unavailable && s.state !== "not-installed" ? `${sentence(s.detail)} (${ago(s.since)})` : null);
      replace(fit, s.fit.outcome === "fits"
        ? h("span", h("span.badge.ok", "Fits"), " ", plain(s.fit.summary))
        : h("span", h("span.badge.bad", "Won't fit"), " ", plain(s.fit.summary),
          s.fit.stopToFit.length ? h("div.small.muted", `Stopping ${s.fit.stopToFit.join(", ")} would make room.`) : null));
      replace(meta, `Needs ${s.ramMb} MB of memory and ${s.diskMb} MB of disk · packages ${s.packages.join(", ")} · unit ${s.unit}`);
      replace(actions, (operations[s.state] || []).map(op => h(`button${op === "install" || op === "start" ? ".primary" : op === "remove" ? ".danger" : ""}`, {
        type: "button", disabled: !enabled || s.busy, "data-op": op,
        onclick: () => (op !== "remove" || confirm(`Remove ${s.name}? Its packages are purged.`)) && operate(id, op),
      }, verbs[op])));
      log.hidden = s.state === "unknown" || s.state === "not-installed";
      if (log.open && !log.hidden) loadJournal(id, journal);
    },
  };
  return card;
}

// "etcd fits: it needs 64 MB…" under the service's own name reads better without the name.
const plain = summary => summary.replace(/^[^:]{1,40}: /, "").replace(/^./, c => c.toUpperCase());

function bar(progress) {
  const span = h("span");
  span.style.width = `${Math.max(2, Math.min(100, progress))}%`;
  return span;
}

async function loadJournal(id, box) {
  try {
    const s = await get(`/api/v1/services/${encodeURIComponent(id)}`);
    const lines = s.journal || [];
    replace(box, lines.length ? lines.map(l => `${time(l.time)}  ${l.message}\n`) : "No log lines from this service's unit yet.");
  } catch (e) {
    replace(box, e.message);
  }
}
