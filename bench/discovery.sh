#!/usr/bin/env bash
# Discovery benchmark (issue 3). Two modes:
#   serf (default): 100 real Serf agents on loopback, 99 of them publishing two services each through a record
#     publisher, the discovery service on agent 0 (tests/NodeAgent.Tests/Discovery/DiscoveryScaleTests.cs);
#   etcd: one real etcd member, 100 etcd discovery services, 99 publishing two services each, one observing
#     (tests/NodeAgent.Tests/Discovery/Etcd/EtcdScaleTests.cs).
# Prints the time from a service being published to search finding it (target <= 1.5 s), the time until a
# stopped service (and, for etcd, a stopped node) is gone from search (target <= 5 s), search latency on 100
# nodes (target <= 200 ms) and how long the first full view took. The tests also assert the targets (with slack
# for a busy 2-core machine). About 40 s (serf) or 10 s (etcd) plus the build.
#
#   bash bench/discovery.sh [serf|etcd]
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[bench/discovery] %s\n' "$*"; }
mode=${1:-serf}
case "$mode" in
  serf) package=serf; test=DiscoveryScaleTests; marker='100 Serf nodes' ;;
  etcd) package=etcd-server; test=EtcdScaleTests; marker='100 etcd nodes' ;;
  *) log "unknown mode '$mode': use serf or etcd"; exit 64 ;;
esac
# shellcheck source=tests/scripts/deps.sh
. tests/scripts/deps.sh
ensure_packages "$package"

out=$(mktemp /tmp/nodeagent-discovery-bench.XXXXXX)
trap 'rm -f "$out"' EXIT
log "building and running the 100-node $mode discovery scale test"
status=0
dotnet test tests/NodeAgent.Tests -c Release --filter "FullyQualifiedName~$test" \
  --logger "console;verbosity=detailed" >"$out" 2>&1 || status=$?
result=$(grep -E "^ *$marker" "$out" || true)
if [ -z "$result" ]; then
  cat "$out"
  log "FAIL: the scale test printed no numbers (exit $status)"
  exit 1
fi
tr ';' '\n' <<<"$result" | sed -E 's/^ +//; s/^/  /'
[ "$status" -eq 0 ] || { grep -A3 'Error Message' "$out"; log "FAIL: a target was missed"; exit "$status"; }
log "done"
