#!/usr/bin/env bash
# Boots the cached bookworm rootfs (tests/scripts/nspawn-rootfs.sh) with systemd-nspawn on a throw-away overlay,
# waits until its systemd is up, runs one command inside (all its namespaces, via nsenter), then shuts it down.
#
#   tests/scripts/nspawn-run.sh [--copy FILE]... -- COMMAND [ARG]...
#
# --copy puts FILE into the container's /usr/local/bin first (e.g. the published nodeagent). The container has no
# network. The command's exit code is this script's; boot and run times go to stderr. A manual shell:
#   tests/scripts/nspawn-run.sh -- bash -i
set -euo pipefail

log() { printf '[nspawn-run] %s\n' "$*" >&2; }

copies=()
while [ $# -gt 0 ]; do
  case $1 in
    --copy) copies+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) log "usage: $0 [--copy FILE]... -- COMMAND [ARG]..."; exit 64 ;;
  esac
done
[ $# -gt 0 ] || { log "usage: $0 [--copy FILE]... -- COMMAND [ARG]..."; exit 64; }
command -v systemd-nspawn >/dev/null || { log "missing systemd-nspawn: apt-get install systemd-container"; exit 69; }

rootfs=${NODEAGENT_TEST_ROOTFS:-$("$(dirname "$0")/nspawn-rootfs.sh")}
dir=$(mktemp -d /tmp/nodeagent-nspawn-XXXXXX)
nspawn_pid=""
# shellcheck disable=SC2317  # called through the EXIT trap
cleanup() {
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill -TERM "$nspawn_pid"
    for _ in $(seq 1 150); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nspawn_pid" 2>/dev/null || true
  fi
  umount "$dir/merged" 2>/dev/null || umount -l "$dir/merged" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

mkdir -p "$dir/upper" "$dir/work" "$dir/merged"
mount -t overlay overlay -o "lowerdir=$rootfs,upperdir=$dir/upper,workdir=$dir/work" "$dir/merged"
for f in "${copies[@]}"; do install -D -m 0755 "$f" "$dir/merged/usr/local/bin/$(basename "$f")"; done

start=$(date +%s%N)
systemd-nspawn -D "$dir/merged" --register=no --keep-unit --private-network -M natest -b >"$dir/console.log" 2>&1 &
nspawn_pid=$!

pid="" state=""
for _ in $(seq 1 600); do
  kill -0 "$nspawn_pid" 2>/dev/null || { cat "$dir/console.log" >&2; log "systemd-nspawn exited while booting"; exit 70; }
  [ -n "$pid" ] || pid=$(pgrep -P "$nspawn_pid" -x systemd || true)
  if [ -n "$pid" ]; then
    state=$(nsenter -t "$pid" -m -u -i -n -p systemctl is-system-running 2>/dev/null || true)
    case $state in running|degraded) break ;; esac
  fi
  sleep 0.1
done
case $state in running|degraded) ;; *) cat "$dir/console.log" >&2; log "not booted after 60 s (state '$state')"; exit 70 ;; esac
log "booted in $(( ($(date +%s%N) - start) / 1000000 )) ms (systemd is pid $pid on the host, state $state)"

set +e
nsenter -t "$pid" -m -u -i -n -p -- "$@"
status=$?
set -e
exit "$status"
