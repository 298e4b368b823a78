#!/usr/bin/env bash
# What the chosen stack costs before the agent adds anything: publishes the two floor programs in bench/floor/
# (ASP.NET Core on Kestrel answering /healthz; the generic host without Kestrel) with the agent's size settings,
# and measures them beside the agent in the same run: binary size (linux-x64, linux-arm64), start to first answer
# (median of STARTS), resident memory after IDLE_SECONDS.
#
#   bash bench/floor.sh          # about 8 minutes (four AOT publishes)
#   ARM64=0 bash bench/floor.sh  # linux-x64 only, about 4 minutes
#
# The agent's targets (issue 2: <= 12 MB arm64, <= 20 MB RSS, <= 60 ms to the first 200) read against these floors.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
IDLE_SECONDS=${IDLE_SECONDS:-30}
STARTS=${STARTS:-7}
ARM64=${ARM64:-1}
# shellcheck source=tests/scripts/deps.sh
. tests/scripts/deps.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh
[ "$ARM64" = 0 ] || ensure_packages "${TEST_PACKAGES[@]}"

work=$(mktemp -d /tmp/nodeagent-floor.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

publish() { # project rid out
  echo "[floor] publish $1 $2"
  dotnet publish "$1" -c Release -r "$2" -o "$3" -nologo -v quiet >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
}
bin="$root/artifacts/publish/linux-x64/nodeagent"
arm="$root/artifacts/publish/linux-arm64/nodeagent"
[ -x "$bin" ] || publish src/NodeAgent linux-x64 "$(dirname "$bin")"
[ "$ARM64" = 0 ] || [ -x "$arm" ] || publish src/NodeAgent linux-arm64 "$(dirname "$arm")"
publish bench/floor/web/Floor.Web.csproj linux-x64 "$work/web-x64"
publish bench/floor/host/Floor.Host.csproj linux-x64 "$work/host-x64"
if [ "$ARM64" != 0 ]; then
  publish bench/floor/web/Floor.Web.csproj linux-arm64 "$work/web-arm64"
  publish bench/floor/host/Floor.Host.csproj linux-arm64 "$work/host-arm64"
fi
web="$work/web-x64/Floor.Web"; host="$work/host-x64/Floor.Host"

# Each program from an empty directory of its own (the slim builder watches its content root).
start() { # name port -> pid
  local dir="$work/run-$1-$RANDOM"
  mkdir -p "$dir"
  case $1 in
    agent) (cd "$dir" && exec env DOTNET_GCgen0size=100000 NODEAGENT__DISCOVERY__SERF__ENABLED=false "$bin" run --data "$dir/data" --urls "http://127.0.0.1:$2") >"$dir.log" 2>&1 & ;;
    web) (cd "$dir" && exec "$web" --urls "http://127.0.0.1:$2") >"$dir.log" 2>&1 & ;;
    host) (cd "$dir" && exec "$host") >"$dir.log" 2>&1 & ;;
  esac
  echo "$!"
}
# The host floor has no port: its first answer is its first line on stdout.
wait_first() { # name port pid
  if [ "$1" = host ]; then
    local deadline=$((SECONDS + 20))
    until grep -q healthy "$(ls -t "$work"/run-host-*.log | head -1)" 2>/dev/null; do
      [ $SECONDS -lt $deadline ] || { echo "no line from the host floor" >&2; return 1; }
      sleep 0.002
    done
  else
    wait_200 "$2" /healthz
  fi
}

declare -A start_ms rss anon
for name in agent web host; do
  echo "[floor] start-up: $name, $STARTS runs"
  times=()
  for _ in $(seq 1 "$STARTS"); do
    port=$(free_port)
    t0=$(now_ns); pid=$(start "$name" "$port"); wait_first "$name" "$port" "$pid"; t1=$(now_ns)
    times+=("$(( (t1 - t0) / 1000000 ))")
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  start_ms[$name]=$(printf '%s\n' "${times[@]}" | median)
done

echo "[floor] idle: the three side by side, ${IDLE_SECONDS}s"
declare -A idle_pid
for name in agent web host; do
  port=$(free_port); idle_pid[$name]=$(start "$name" "$port"); pids+=("${idle_pid[$name]}")
  wait_first "$name" "$port" "${idle_pid[$name]}"
done
sleep "$IDLE_SECONDS"
for name in agent web host; do rss[$name]=$(rss_kb "${idle_pid[$name]}"); anon[$name]=$(anon_kb "${idle_pid[$name]}"); done

size() { [ -f "$1" ] && stat -c %s "$1" || echo 0; }
row() { printf '%-36s %14s %14s %14s %16s\n' "$@"; }
pct_of() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "-"; else printf "%.0f %%", 100 * (a - b) / a}'; }
echo
row "measure" "nodeagent" "web floor" "host floor" "agent above web"
row "binary size linux-x64" "$(mb "$(size "$bin")")" "$(mb "$(size "$web")")" "$(mb "$(size "$host")")" "$(pct_of "$(size "$bin")" "$(size "$web")")"
if [ "$ARM64" != 0 ]; then
  row "binary size linux-arm64" "$(mb "$(size "$arm")")" "$(mb "$(size "$work/web-arm64/Floor.Web")")" "$(mb "$(size "$work/host-arm64/Floor.Host")")" "$(pct_of "$(size "$arm")" "$(size "$work/web-arm64/Floor.Web")")"
fi
row "start -> first answer (median of $STARTS)" "${start_ms[agent]} ms" "${start_ms[web]} ms" "${start_ms[host]} ms" "$(pct_of "${start_ms[agent]}" "${start_ms[web]}")"
row "RSS after ${IDLE_SECONDS}s" "$(kbmb "${rss[agent]}")" "$(kbmb "${rss[web]}")" "$(kbmb "${rss[host]}")" "$(pct_of "${rss[agent]}" "${rss[web]}")"
row "  of which anonymous (RssAnon)" "$(kbmb "${anon[agent]}")" "$(kbmb "${anon[web]}")" "$(kbmb "${anon[host]}")" "$(pct_of "${anon[agent]}" "${anon[web]}")"
echo "(\"agent above web\": the share of the agent's number that the web floor does not already take; the agent runs with Serf off here)"
