#!/usr/bin/env bash
# NodeAgent foundation benchmarks: one command, a table of numbers, and the same numbers for
# prometheus-node-exporter (Debian's package) measured in the same run as the baseline.
#
#   bash bench/run.sh            # full run, about 4 minutes
#   IDLE_SECONDS=20 bash bench/run.sh   # quicker, less precise idle numbers
#
# Measures: binary size (x64, arm64), start -> first /healthz 200 (the first start on an empty data dir, then the
# median of STARTS-1 restarts on it, as a node restarts),
# idle RSS after IDLE_SECONDS and its growth over a further IDLE_SECONDS, CPU used over that idle
# window, requests/s + p99 latency under wrk on loopback, and RSS right after the load and AFTER_LOAD_SECONDS later. The idle agent talks to a real Serf agent on loopback,
# as on an installed node (the .deb depends on serf); a second idle agent without one shows what its reconnect
# attempts (every 2 s, so that Serf's return is noticed within the discovery targets) cost.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
IDLE_SECONDS=${IDLE_SECONDS:-60}
STARTS=${STARTS:-7}
[[ "$STARTS" =~ ^[0-9]+$ ]] && [ "$STARTS" -ge 2 ] || { echo "STARTS=$STARTS: want a whole number, at least 2 (a first start and a restart)" >&2; exit 2; }
LOAD_SECONDS=${LOAD_SECONDS:-10}
AFTER_LOAD_SECONDS=${AFTER_LOAD_SECONDS:-40}
# shellcheck source=tests/scripts/deps.sh
. tests/scripts/deps.sh
ensure_packages wrk prometheus-node-exporter curl serf

bin="$root/artifacts/publish/linux-x64/nodeagent"
arm="$root/artifacts/publish/linux-arm64/nodeagent"
[ -x "$bin" ] || dotnet publish src/NodeAgent -c Release -r linux-x64 -o "$(dirname "$bin")" >/dev/null
[ -x "$arm" ] || { ensure_packages "${TEST_PACKAGES[@]}"; dotnet publish src/NodeAgent -c Release -r linux-arm64 -o "$(dirname "$arm")" >/dev/null; }

work=$(mktemp -d /tmp/nodeagent-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=bench/lib.sh
. bench/lib.sh

# As the .deb's unit runs it: DOTNET_GCgen0size keeps the GC collecting on CPUs with a large L3 (see nodeagent.service).
start_agent() { # dir port [serf rpc address] -> pid
  DOTNET_GCgen0size=100000 NODEAGENT__RESOURCES__SAMPLESECONDS=10 NODEAGENT__DISCOVERY__SERF__RPCADDRESS="${3:-127.0.0.1:$serf_rpc}" \
    "$bin" run --data "$1" --urls "http://127.0.0.1:$2" >"$1.log" 2>&1 &
  echo $!
}

# The node's Serf agent, alone on loopback.
serf_rpc=$(free_port); serf_bind=$(free_port)
serf agent -node bench -bind "127.0.0.1:$serf_bind" -rpc-addr "127.0.0.1:$serf_rpc" -log-level warn >"$work/serf.log" 2>&1 &
pids+=("$!")
until serf members -rpc-addr "127.0.0.1:$serf_rpc" >/dev/null 2>&1; do sleep 0.1; done


# Times $STARTS starts, one ms figure a line: $1 launches one (run N, port) and prints its pid, $2 is the path that
# answers 200 once it serves.
time_starts() {
  local launch=$1 path=$2 i port t0 t1 pid
  for i in $(seq 1 "$STARTS"); do
    port=$(free_port)
    t0=$(now_ns)
    pid=$("$launch" "$i" "$port")
    wait_200 "$port" "$path"
    t1=$(now_ns)
    echo "$(( (t1 - t0) / 1000000 ))"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
}
# One data dir for every start: the first makes the node's identity and store, the others restart on them.
launch_agent() { start_agent "$work/start" "$2"; }
launch_exporter() { prometheus-node-exporter --web.listen-address="127.0.0.1:$2" >/dev/null 2>&1 & echo $!; }

echo "[bench] start-up: $STARTS runs"
mapfile -t starts < <(time_starts launch_agent /healthz)
start_median=$(printf '%s\n' "${starts[@]:1}" | median)
first_start=${starts[0]}
# The same for node-exporter (start -> first /metrics 200): how fast this machine starts a process and serves, in
# the same run. Page faults cost very different amounts on different VMs, and a start-up is mostly page faults.
mapfile -t nstarts < <(time_starts launch_exporter /metrics)
nstart_median=$(printf '%s\n' "${nstarts[@]:1}" | median)

echo "[bench] idle: agent and node-exporter side by side, ${IDLE_SECONDS}s + ${IDLE_SECONDS}s"
aport=$(free_port); nport=$(free_port)
apid=$(start_agent "$work/idle" "$aport"); pids+=("$apid")
# Nothing listens on the closed port: this one keeps trying to reach a Serf agent.
lport=$(free_port); closed=$(free_port)
lpid=$(start_agent "$work/lonely" "$lport" "127.0.0.1:$closed"); pids+=("$lpid")
prometheus-node-exporter --web.listen-address="127.0.0.1:$nport" >"$work/ne.log" 2>&1 & npid=$!; pids+=("$npid")
wait_200 "$aport" /healthz; wait_200 "$lport" /healthz; wait_200 "$nport" /metrics
sleep "$IDLE_SECONDS"
a_rss1=$(rss_kb "$apid"); n_rss1=$(rss_kb "$npid")
a_anon1=$(anon_kb "$apid"); n_anon1=$(anon_kb "$npid")
cpu_threads "$apid" >"$work/a1"; cpu_threads "$lpid" >"$work/l1"; cpu_threads "$npid" >"$work/n1"
sleep "$IDLE_SECONDS"
a_rss2=$(rss_kb "$apid"); n_rss2=$(rss_kb "$npid")
cpu_threads "$apid" >"$work/a2"; cpu_threads "$lpid" >"$work/l2"; cpu_threads "$npid" >"$work/n2"

load() { # url -> "rps p99ms"
  wrk -t2 -c16 -d"${LOAD_SECONDS}s" --latency "$1" 2>/dev/null | awk '
    /Requests\/sec:/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%.0f %.2f\n", rps, p99}'
}
echo "[bench] load: wrk -t2 -c16 -d${LOAD_SECONDS}s per endpoint"
read -r r_rps r_p99 < <(load "http://127.0.0.1:$aport/api/v1/resources")
read -r m_rps m_p99 < <(load "http://127.0.0.1:$aport/metrics")
read -r n_rps n_p99 < <(load "http://127.0.0.1:$nport/metrics")
a_rss3=$(rss_kb "$apid"); n_rss3=$(rss_kb "$npid")
# The agent gives the heap's spare memory back within a look of HeapTrim (every 30 s) once a burst is over.
sleep "$AFTER_LOAD_SECONDS"
a_rss4=$(rss_kb "$apid"); a_anon4=$(anon_kb "$apid"); n_rss4=$(rss_kb "$npid")

pct() { awk -v t="$1" -v s="$IDLE_SECONDS" 'BEGIN {printf "%.3f %%", 100*t/1e9/s}'; }
msmin() { awk -v t="$1" -v s="$IDLE_SECONDS" 'BEGIN {printf "%.1f", t/1e6*60/s}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b==0) print "-"; else printf "%.2fx", a/b}'; }

x64_size=$(stat -c %s "$bin"); arm_size=$(stat -c %s "$arm")
a_cpu=$(cpu_delta "$work/a1" "$work/a2"); l_cpu=$(cpu_delta "$work/l1" "$work/l2"); n_cpu=$(cpu_delta "$work/n1" "$work/n2")
printf '\n%-44s %16s %16s %10s %s\n' "measure" "nodeagent" "node-exporter" "ratio" "target"
printf '%-44s %16s %16s %10s %s\n' "binary size linux-x64" "$(mb "$x64_size")" "$(mb "$(stat -c %s "$(command -v prometheus-node-exporter)")")" "" ""
printf '%-44s %16s %16s %10s %s\n' "binary size linux-arm64" "$(mb "$arm_size")" "" "" "<= 12 MB"
printf '%-44s %16s %16s %10s %s\n' "start -> first /healthz 200 (median of $((STARTS - 1)))" "${start_median} ms" "${nstart_median} ms" "$(ratio "$start_median" "$nstart_median")" "<= 60 ms"
printf '%-44s %16s %16s %10s %s\n' "  first start (empty data dir)" "${first_start} ms" "" "" ""
printf '%-44s %16s %16s %10s %s\n' "idle RSS after ${IDLE_SECONDS}s" "$(kbmb "$a_rss1")" "$(kbmb "$n_rss1")" "$(ratio "$a_rss1" "$n_rss1")" "<= 20 MB"
printf '%-44s %16s %16s %10s %s\n' "  of which anonymous (RssAnon)" "$(kbmb "$a_anon1")" "$(kbmb "$n_anon1")" "$(ratio "$a_anon1" "$n_anon1")" ""
printf '%-44s %16s %16s %10s %s\n' "idle RSS growth over next ${IDLE_SECONDS}s" "$((a_rss2 - a_rss1)) kB" "$((n_rss2 - n_rss1)) kB" "" ""
printf '%-44s %16s %16s %10s %s\n' "CPU at idle (share of one core)" "$(pct "$a_cpu")" "$(pct "$n_cpu")" "$(ratio "$a_cpu" "$n_cpu")" "<= 0.05 %"
printf '%-44s %16s %16s %10s %s\n' "  with no Serf agent to reach" "$(pct "$l_cpu")" "" "" ""
printf '%-44s %16s %16s %10s %s\n' "GET /api/v1/resources req/s" "$r_rps" "" "" ""
printf '%-44s %16s %16s %10s %s\n' "GET /api/v1/resources p99" "${r_p99} ms" "" "" ""
printf '%-44s %16s %16s %10s %s\n' "GET /metrics req/s" "$m_rps" "$n_rps" "$(ratio "$m_rps" "$n_rps")" ""
printf '%-44s %16s %16s %10s %s\n' "GET /metrics p99" "${m_p99} ms" "${n_p99} ms" "$(ratio "$m_p99" "$n_p99")" ""
printf '%-44s %16s %16s %10s %s\n' "RSS after load" "$(kbmb "$a_rss3")" "$(kbmb "$n_rss3")" "" ""
printf '%-44s %16s %16s %10s %s\n' "RSS ${AFTER_LOAD_SECONDS}s after load" "$(kbmb "$a_rss4")" "$(kbmb "$n_rss4")" "$(ratio "$a_rss4" "$n_rss4")" ""
printf '%-44s %16s %16s %10s %s\n' "  of which anonymous (RssAnon)" "$(kbmb "$a_anon4")" "" "" ""
echo "(CPU per minute of idle: agent $(msmin "$a_cpu") ms, agent without Serf $(msmin "$l_cpu") ms, node-exporter $(msmin "$n_cpu") ms; node-exporter idles unscraped while the agent samples every 10 s)"
