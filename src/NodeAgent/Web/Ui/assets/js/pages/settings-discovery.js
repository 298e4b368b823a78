// Settings → Discovery backends: Serf, etcd and Avahi on/off with their main parameters. A change is saved and
// applied at once: the agent restarts only the backend whose settings changed, and the badges show how it runs.
import { put } from "../api.js";
import { h, replace, notice, ago } from "../dom.js";
import { showErrors, clearErrors, field, lines } from "./settings-fields.js";

const sources = { saved: "Set here.", config: "From the node's configuration." };

export function discoveryCard(settings, stats, owner, onSaved) {
  const d = settings.discovery;
  const up = Object.fromEntries((stats?.backends || []).map(b => [b.name, b]));
  const message = h("div");
  const input = (id, path, value, attrs = {}) => h("input", { id, type: "text", value: value ?? "", "data-field": path, autocomplete: "off", spellcheck: "false", ...attrs });
  const check = (id, path, on) => h("input", { id, type: "checkbox", "data-field": path, checked: !!on });

  const serf = {
    enabled: check("d-serf", "discovery.serf.enabled", d.serf.enabled),
    rpc: input("d-serf-rpc", "discovery.serf.rpcAddress", d.serf.rpcAddress),
    key: input("d-serf-key", "discovery.serf.authKey", "", { type: "password", placeholder: d.serf.authKeySet ? "set (unchanged)" : "none", autocomplete: "new-password" }),
  };
  const etcd = {
    enabled: check("d-etcd", "discovery.etcd.enabled", d.etcd.enabled),
    endpoints: h("textarea", { id: "d-etcd-endpoints", rows: 2, "data-field": "discovery.etcd.endpoints", spellcheck: "false" }, d.etcd.endpoints.join("\n")),
    prefix: input("d-etcd-prefix", "discovery.etcd.prefix", d.etcd.prefix),
    ttl: input("d-etcd-ttl", "discovery.etcd.ttlSeconds", String(d.etcd.ttlSeconds), { inputmode: "numeric" }),
  };
  const avahi = {
    enabled: check("d-avahi", "discovery.avahi.enabled", d.avahi.enabled),
    dir: input("d-avahi-dir", "discovery.avahi.servicesDirectory", d.avahi.servicesDirectory),
    browse: check("d-avahi-browse", "discovery.avahi.browse", d.avahi.browse),
    bus: input("d-avahi-bus", "discovery.avahi.busAddress", d.avahi.busAddress),
  };
  const save = h("button.primary", { type: "submit", disabled: !owner }, "Save discovery");

  const backend = (name, title, what, state, enabled, ...fields) => h("fieldset.backend", { id: `backend-${name}` },
    h("legend", h("label.check", enabled, h("span", title)), " ", status(up[name], state)),
    h("p.hint", what, " ", sources[state.source] || state.source),
    h("div.backend-fields", fields));

  const form = h("form.card", { id: "discovery-form", novalidate: true },
    h("h2", "Discovery backends"),
    h("p.muted.small", "How this node publishes its services and searches the community cloud. Changes apply at once: a backend whose settings change reconnects, withdrawing what it published with the old ones; the others carry on."),
    message,
    backend("serf", "Serf", "Gossip with the other nodes through the node's Serf agent.", d.serf, serf.enabled,
      field("RPC address", serf.rpc, "ADDRESS:PORT of serf agent -rpc-addr, e.g. 127.0.0.1:7373."),
      field("RPC auth key", serf.key, d.serf.authKeySet ? "Leave empty to keep the key; type a new one to replace it." : "Only if serf agent runs with -rpc-auth.")),
    backend("etcd", "etcd", "Publish to and search an etcd cluster of the community.", d.etcd, etcd.enabled,
      field("Client URLs", etcd.endpoints, "One http://HOST:PORT per line, e.g. http://10.1.2.3:2379."),
      field("Key prefix", etcd.prefix, "Starts and ends with '/'."),
      field("Lease TTL (seconds)", etcd.ttl, "How long a dead node's records outlive it: 3-300.")),
    backend("avahi", "Avahi (mDNS)", "Announce the services on the local network through avahi-daemon.", d.avahi, avahi.enabled,
      field("Services directory", avahi.dir, "avahi-daemon's static services directory."),
      h("div.field", h("label.check", avahi.browse, h("span", "Search also browses the local network"))),
      field("D-Bus address", avahi.bus, "Where avahi-daemon answers: unix:path=/absolute/socket.")),
    h("div.actions", save));

  form.addEventListener("submit", async event => {
    event.preventDefault();
    clearErrors(form, message);
    const ttl = etcd.ttl.value.trim();
    const edited = {
      serf: { enabled: serf.enabled.checked, rpcAddress: serf.rpc.value.trim(), ...(serf.key.value ? { authKey: serf.key.value } : {}) },
      etcd: { enabled: etcd.enabled.checked, endpoints: lines(etcd.endpoints.value), prefix: etcd.prefix.value.trim(),
        ttlSeconds: /^\d{1,6}$/.test(ttl) ? Number(ttl) : -1 },
      avahi: { enabled: avahi.enabled.checked, servicesDirectory: avahi.dir.value.trim(), browse: avahi.browse.checked, busAddress: avahi.bus.value.trim() },
    };
    // Only the backends the owner touched: the others keep coming from the configuration.
    const discovery = Object.fromEntries(Object.entries(edited).filter(([name, v]) => changed(v, d[name])));
    if (!Object.keys(discovery).length) {
      replace(message, notice("ok", "Nothing to save: no backend setting changed."));
      return;
    }
    const body = { discovery };
    save.disabled = true;
    try {
      const saved = await put("/api/v1/settings", body);
      const names = Object.keys(discovery).map(b => ({ serf: "Serf", etcd: "etcd", avahi: "Avahi" })[b]).join(", ");
      onSaved(saved, notice("ok", `Saved and applied: ${names} ${Object.keys(discovery).length > 1 ? "run" : "runs"} with the new settings now.`));
    } catch (e) {
      showErrors(form, message, e);
      save.disabled = false;
    }
  });
  return form;
}

function changed(edited, current) {
  return Object.entries(edited).some(([k, v]) => JSON.stringify(v) !== JSON.stringify(current[k]));
}

function status(backend, state) {
  if (backend) return h(`span.badge.${backend.up ? "ok" : "bad"}`, { title: `${backend.detail} (since ${ago(backend.since)})` }, backend.up ? "running" : "down");
  return h("span.badge.neutral", state.enabled ? "starting" : "off");
}
