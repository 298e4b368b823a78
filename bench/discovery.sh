#!/usr/bin/env bash
# Discovery benchmark (issue 3): 100 real Serf agents on loopback, 99 of them publishing two services
# each through a record publisher, the discovery service on agent 0. Prints:
#   - time from a service appearing on the farthest node to search finding it (target <= 1.5 s),
#   - time until a stopped service is gone from search (target <= 5 s),
#   - search latency on 100 nodes (target <= 200 ms), and how long the first full view took.
# The harness is tests/NodeAgent.Tests/Discovery/DiscoveryScaleTests.cs, which also asserts the targets
# (with slack for a busy 2-core machine). About 40 s plus the build.
#
#   bash bench/discovery.sh
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[bench/discovery] %s\n' "$*"; }
# shellcheck source=tests/scripts/deps.sh
. tests/scripts/deps.sh
ensure_packages serf

out=$(mktemp /tmp/nodeagent-discovery-bench.XXXXXX)
trap 'rm -f "$out"' EXIT
log "building and running the 100-node discovery scale test"
status=0
dotnet test tests/NodeAgent.Tests -c Release --filter "FullyQualifiedName~DiscoveryScaleTests" \
  --logger "console;verbosity=detailed" >"$out" 2>&1 || status=$?
result=$(grep -E '^ *100 Serf nodes' "$out" || true)
if [ -z "$result" ]; then
  cat "$out"
  log "FAIL: the scale test printed no numbers (exit $status)"
  exit 1
fi
tr ';' '\n' <<<"$result" | sed -E 's/^ +//; s/^/  /'
[ "$status" -eq 0 ] || { grep -A3 'Error Message' "$out"; log "FAIL: a target was missed"; exit "$status"; }
log "done"
