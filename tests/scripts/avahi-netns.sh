#!/usr/bin/env bash
# Two "hosts" on a private link, each with its own dbus-daemon and avahi-daemon, for the mDNS tests. Nothing
# touches the host's network: the link is a veth pair between two network namespaces the script creates.
#
#   avahi-netns.sh up NAME       creates NAME-a and NAME-b; prints NAME-a's avahi services directory (on the host)
#   avahi-netns.sh browse NAME   from NAME-b: every service resolved on the link (avahi-browse -a -r -t -p -k: raw types)
#   avahi-netns.sh stop NAME [a|b]   stops NAME-a's (or NAME-b's) avahi-daemon (SIGTERM)
#   avahi-netns.sh start NAME [a|b]  starts it again
#
# Each host's system bus is reachable from the host at /tmp/nodeagent-avahi-NAME/{a,b}/dbus/system_bus_socket.
#   avahi-netns.sh down NAME     stops both daemons and removes the namespaces and their files
#
# `ip netns exec` bind-mounts /etc/netns/NS/* over /etc/*, so each avahi-daemon reads its own configuration and
# services directory; a private mount namespace gives each its own /run/dbus and /run/avahi-daemon.
set -euo pipefail
cmd=${1:?usage: avahi-netns.sh up|browse|stop|start|down NAME}
name=${2:?usage: avahi-netns.sh up|browse|stop|start|down NAME}
[[ "$name" =~ ^[a-z0-9]{1,8}$ ]] || { echo "NAME must be 1-8 of a-z 0-9 (interface names are short)" >&2; exit 64; }
state=/tmp/nodeagent-avahi-$name

daemon_pid() { pgrep -f "^avahi-daemon: running \[$1\.local\]" | head -n 1; }

# start_daemon a|b: NAME-i's dbus-daemon (unless it runs) and avahi-daemon, in a private mount namespace.
start_daemon() {
  local i=$1 ns=$name-$1
  ip netns exec "$ns" unshare -m --propagation private sh -c "
    mount --bind '$state/$i/dbus' /run/dbus && mount --bind '$state/$i/avahi' /run/avahi-daemon &&
    { [ -S /run/dbus/system_bus_socket ] && dbus-send --system --dest=org.freedesktop.DBus --print-reply / org.freedesktop.DBus.GetId >/dev/null 2>&1 ||
      dbus-daemon --system --fork --nopidfile; } &&
    rm -f /run/avahi-daemon/pid &&
    exec avahi-daemon --no-drop-root --no-chroot --no-rlimits -f /etc/avahi/avahi-daemon.conf" >"$state/$i.log" 2>&1 &
}

wait_started() {
  local i
  for i in $(seq 1 100); do
    if grep -q "Server startup complete" "$state/a.log" 2>/dev/null && grep -q "Server startup complete" "$state/b.log" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "avahi-daemon did not start:" >&2; cat "$state"/*.log >&2; exit 1
}

host=${3:-a}
[[ "$host" =~ ^[ab]$ ]] || { echo "the host is a or b" >&2; exit 64; }

stop_daemon() {
  local pid
  pid=$(daemon_pid "$name-$host")
  [ -n "$pid" ] || { echo "no avahi-daemon for $name-$host: run 'up' first" >&2; exit 1; }
  kill -TERM "$pid" # a clean stop: it says goodbye, so the LAN forgets its services at once
  # Not kill -0: a stopped daemon nobody reaps stays a zombie, which pgrep (on its command line) no longer sees.
  for _ in $(seq 1 100); do [ -z "$(daemon_pid "$name-$host")" ] && return 0; sleep 0.05; done
  echo "avahi-daemon of $name-$host did not stop" >&2; exit 1
}

up() {
  local i ns
  "$0" down "$name" >/dev/null 2>&1 || true
  mkdir -p /run/dbus /run/avahi-daemon /etc/avahi
  ip link add "$name-va" type veth peer name "$name-vb"
  for i in a b; do
    ns=$name-$i
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip link set "$name-v$i" netns "$ns"
    ip -n "$ns" addr add "10.213.0.$([ $i = a ] && echo 1 || echo 2)/24" dev "$name-v$i"
    ip -n "$ns" link set "$name-v$i" up multicast on
    mkdir -p "/etc/netns/$ns/avahi/services" "$state/$i/dbus" "$state/$i/avahi"
    cat > "/etc/netns/$ns/avahi/avahi-daemon.conf" <<CONF
[server]
host-name=$ns
use-ipv4=yes
use-ipv6=no
allow-interfaces=$name-v$i
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[publish]
publish-hinfo=no
publish-workstation=no
CONF
    start_daemon "$i"
  done
  wait_started
  echo "/etc/netns/$name-a/avahi/services"
}

browse() {
  local pid
  pid=$(daemon_pid "$name-b")
  [ -n "$pid" ] || { echo "no avahi-daemon for $name-b: run 'up' first" >&2; exit 1; }
  nsenter -t "$pid" -m -n avahi-browse -a -r -t -p -k 2>/dev/null
}

down() {
  local i pid
  for i in a b; do
    pid=$(daemon_pid "$name-$i" || true)
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    # The namespace's dbus-daemon: the one whose network namespace is this one.
    for pid in $(ip netns pids "$name-$i" 2>/dev/null || true); do kill "$pid" 2>/dev/null || true; done
    ip netns del "$name-$i" 2>/dev/null || true
    rm -rf "/etc/netns/$name-$i"
  done
  rm -rf "$state"
}

case "$cmd" in
  up) up ;;
  stop) stop_daemon ;;
  start) start_daemon "$host"; wait_started ;;
  browse) browse ;;
  down) down ;;
  *) echo "usage: avahi-netns.sh up|browse|stop|start|down NAME [a|b]" >&2; exit 64 ;;
esac
