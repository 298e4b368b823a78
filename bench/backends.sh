#!/usr/bin/env bash
# What each discovery backend costs the agent (issue 3): four published agents side by side on loopback, each
# declaring the same two services, against real engines — no backend (the baseline, measured in the same run),
# Serf, Serf + etcd, and Serf + etcd + Avahi (announce and browse, on a private link of two network namespaces).
# After IDLE_SECONDS each is sampled for RSS (VmRSS and RssAnon), threads and CPU over a further IDLE_SECONDS;
# the extra over the baseline is what the backends take from a 512 MB board. Needs root (namespaces).
#
#   bash bench/backends.sh               # about 2.5 minutes
#   IDLE_SECONDS=20 bash bench/backends.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
IDLE_SECONDS=${IDLE_SECONDS:-60}
# shellcheck source=tests/scripts/deps.sh
. tests/scripts/deps.sh
ensure_packages serf etcd-server avahi-daemon avahi-utils dbus iproute2
log() { printf '[bench/backends] %s\n' "$*"; }

bin="$root/artifacts/publish/linux-x64/nodeagent"
[ -x "$bin" ] || dotnet publish src/NodeAgent -c Release -r linux-x64 -o "$(dirname "$bin")" >/dev/null

work=$(mktemp -d /tmp/nodeagent-bench-backends.XXXXXX)
pids=()
link=nbb
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash tests/scripts/avahi-netns.sh down "$link" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_s=$(getconf CLK_TCK)

log "engines: serf, etcd, avahi-daemon on a veth link"
# One Serf agent per NodeAgent (each owns its member's tags), joined into one cluster.
declare -A serf_rpc
serf_join=""
for n in serf etcd all; do
  gossip=$(free_port); serf_rpc[$n]=$(free_port)
  serf agent -node="bench-$n" -bind="127.0.0.1:$gossip" -rpc-addr="127.0.0.1:${serf_rpc[$n]}" -profile=lan -log-level=warn \
    ${serf_join:+-join="$serf_join"} >"$work/serf-$n.log" 2>&1 &
  pids+=($!)
  [ -n "$serf_join" ] || { serf_join="127.0.0.1:$gossip"; sleep 0.5; }
done
etcd_client=$(free_port); etcd_peer=$(free_port)
etcd --name b1 --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "b1=http://127.0.0.1:$etcd_peer" --log-level warn >"$work/etcd.log" 2>&1 &
pids+=($!)
services_dir=$(bash tests/scripts/avahi-netns.sh up "$link")

# start NAME ENV... : a published agent with two declared services and the given backends.
declare -A agent_pid agent_port
start() {
  local name=$1 port; shift
  port=$(free_port)
  env DOTNET_GCgen0size=100000 NODEAGENT__RESOURCES__SAMPLESECONDS=10 NODEAGENT__NODE__NAME="bench-$name" \
    NODEAGENT__SERVICES__0__TYPE=_http._tcp NODEAGENT__SERVICES__0__NAME="web $name" NODEAGENT__SERVICES__0__PORT=8080 \
    NODEAGENT__SERVICES__1__TYPE=_syncthing._tcp NODEAGENT__SERVICES__1__NAME="sync $name" NODEAGENT__SERVICES__1__PORT=22000 \
    "$@" "$bin" run --data "$work/$name" --urls "http://127.0.0.1:$port" --socket "$work/$name.sock" >"$work/$name.log" 2>&1 &
  agent_pid[$name]=$!; agent_port[$name]=$port; pids+=($!)
}
no_serf=NODEAGENT__DISCOVERY__SERF__ENABLED=false
serf() { echo "NODEAGENT__DISCOVERY__SERF__RPCADDRESS=127.0.0.1:${serf_rpc[$1]}"; }
etcd="NODEAGENT__DISCOVERY__ETCD__ENABLED=true NODEAGENT__DISCOVERY__ETCD__ENDPOINTS=http://127.0.0.1:$etcd_client"
avahi="NODEAGENT__DISCOVERY__AVAHI__ENABLED=true NODEAGENT__DISCOVERY__AVAHI__SERVICESDIRECTORY=$services_dir NODEAGENT__DISCOVERY__AVAHI__BUSADDRESS=unix:path=/tmp/nodeagent-avahi-$link/b/dbus/system_bus_socket"
# shellcheck disable=SC2086 # the backend settings are words on purpose
{
  start none $no_serf
  start serf "$(serf serf)"
  start etcd "$(serf etcd)" $etcd
  start all "$(serf all)" $etcd $avahi
}
names=(none serf etcd all)
labels=("no backend (baseline)" "Serf" "Serf + etcd" "Serf + etcd + Avahi")

# Every backend connected (search finds the agent's own services through it) before the idle clock starts.
wait_found() { # name sources-substring
  local deadline=$((SECONDS + 30))
  while [ $SECONDS -lt $deadline ]; do
    curl -fsS "http://127.0.0.1:${agent_port[$1]}/api/v1/search?q=$1" 2>/dev/null | grep -q "$2" && return 0
    sleep 0.5
  done
  log "FAIL: agent $1 never found its services through $2"; tail -5 "$work/$1.log"; exit 1
}
for n in "${names[@]}"; do curl -fs --retry 50 --retry-connrefused --retry-delay 0 "http://127.0.0.1:${agent_port[$n]}/healthz" -o /dev/null || true; done
wait_found serf '"serf"'
wait_found etcd '"serf","etcd"'
wait_found all '"serf","etcd","avahi"'

log "idle ${IDLE_SECONDS}s, then sampled over ${IDLE_SECONDS}s"
sleep "$IDLE_SECONDS"
declare -A cpu1 rss anon threads cpu
for n in "${names[@]}"; do cpu1[$n]=$(cpu_ticks "${agent_pid[$n]}"); done
sleep "$IDLE_SECONDS"
for n in "${names[@]}"; do
  p=${agent_pid[$n]}
  rss[$n]=$(status_kb "$p" VmRSS); anon[$n]=$(status_kb "$p" RssAnon); threads[$n]=$(status_kb "$p" Threads)
  cpu[$n]=$(( $(cpu_ticks "$p") - cpu1[$n] ))
done

kbmb() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k/1024}'; }
delta() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.1f MiB", (a-b)/1024}'; }
pct() { awk -v t="$1" -v s="$IDLE_SECONDS" -v h="$ticks_per_s" 'BEGIN {printf "%.3f %%", 100*t/h/s}'; }
printf '\n%-26s %12s %12s %12s %12s %8s %12s\n' "backends" "VmRSS" "extra" "RssAnon" "extra" "threads" "CPU idle"
for i in "${!names[@]}"; do
  n=${names[$i]}
  printf '%-26s %12s %12s %12s %12s %8s %12s\n' "${labels[$i]}" "$(kbmb "${rss[$n]}")" "$(delta "${rss[$n]}" "${rss[none]}")" \
    "$(kbmb "${anon[$n]}")" "$(delta "${anon[$n]}" "${anon[none]}")" "${threads[$n]}" "$(pct "${cpu[$n]}")"
done
echo "(extra = over the baseline agent measured in the same run; CPU as a share of one core over ${IDLE_SECONDS}s)"
