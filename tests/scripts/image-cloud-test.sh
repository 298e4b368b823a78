#!/usr/bin/env bash
# Two nodes flashed from the same qemu-x86-64 image, plugged into one LAN, preseeded only with their names, the
# community's Serf key and each other's address (as a community hands out to new members): they come up, join
# one Serf cluster and find each other's services through the agent.
#   LAN:   a bridge in a network namespace this script creates, with dnsmasq as the home router's DHCP server
#          (fixed leases by MAC: 10.77.0.11 and 10.77.0.12); QEMU's NICs are taps on it. Nothing leaves the
#          namespace: it has no route out.
#   Disks: copies of artifacts/image-work/qemu-x86-64/disk.img, the image tests/scripts/image-boot-test.sh built.
# Asserts: both agents healthy; each sees two alive Serf members (encrypted: the preseeded key); the cloud
# statistics count 2 nodes on both; a service declared on A is found by B's search with its Serf source
# (time measured from A's agent restart); identify asked on B makes A's LED state "identify".
#   tests/scripts/image-cloud-test.sh
# Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
boot_timeout=${IMAGE_BOOT_TIMEOUT:-420}
pass=0 fail=0
log() { printf '[image-cloud] %s\n' "$*"; }
ok() { pass=$((pass + 1)); log "ok   $1"; }
bad() { fail=$((fail + 1)); log "FAIL $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/    /'; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
heavy() { ${HEAVY_WRAPPER:+"$HEAVY_WRAPPER"} "$@"; }

disk=artifacts/image-work/qemu-x86-64/disk.img
[ -f "$disk" ] || { bad "no $disk: run tests/scripts/image-boot-test.sh bios first (it builds the image)"; finish; }
for tool in dnsmasq qemu-system-x86_64 mcopy sfdisk jq ssh; do
  command -v "$tool" >/dev/null || { bad "$tool is missing (tests/scripts/deps.sh installs it)"; finish; }
done

ns=na-cloud-$$
work=$(mktemp -d)
cleanup() {
  for n in a b; do [ -s "$work/qemu-$n.pid" ] && kill "$(cat "$work/qemu-$n.pid")" 2>/dev/null; done
  [ -s "$work/dnsmasq.pid" ] && kill "$(cat "$work/dnsmasq.pid")" 2>/dev/null
  sleep 1
  ip netns del "$ns" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
in_ns() { ip netns exec "$ns" "$@"; }

# The LAN: one bridge, the "router" at 10.77.0.1 serving DHCP, two taps for the nodes' cables.
ip netns add "$ns"
in_ns ip link set lo up
in_ns ip link add br0 type bridge
in_ns ip addr add 10.77.0.1/24 dev br0
in_ns ip link set br0 up
for n in a b; do
  in_ns ip tuntap add "tap-$n" mode tap
  in_ns ip link set "tap-$n" master br0 up
done
mac_a=52:54:00:77:00:11 mac_b=52:54:00:77:00:12
ip_a=10.77.0.11 ip_b=10.77.0.12
in_ns dnsmasq --conf-file=/dev/null --interface=br0 --bind-interfaces --except-interface=lo --port=0 --user=root \
  --dhcp-range=10.77.0.100,10.77.0.150,1h --dhcp-host="$mac_a,$ip_a" --dhcp-host="$mac_b,$ip_b" \
  --dhcp-leasefile="$work/leases" --pid-file="$work/dnsmasq.pid" --log-facility="$work/dnsmasq.log" \
  || { bad "dnsmasq did not start" "$(cat "$work/dnsmasq.log" 2>/dev/null)"; finish; }

ssh-keygen -q -t ed25519 -N '' -f "$work/key" -C image-cloud-test
ssh_to() { local at=$1; shift; in_ns ssh -q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=10 -i "$work/key" "root@$at" "$@"; }

table=$(sfdisk --json "$disk")
fat_offset=$(( $(jq '.partitiontable.partitions[-2].start' <<<"$table") * 512 ))
key=$(head -c 32 /dev/urandom | base64)
declare -A pid
for n in a b; do
  img="$work/$n.img"
  cp --sparse=always "$disk" "$img"
  truncate -s +1G "$img"
  other=$ip_b; [ "$n" = b ] && other=$ip_a
  printf 'NODE_NAME=cloud-%s\nCOMMUNITY=Sants\nSERF_JOIN=%s\nSERF_ENCRYPT_KEY=%s\nSSH_AUTHORIZED_KEY=%s\n' \
    "$n" "$other" "$key" "$(cat "$work/key.pub")" >"$work/nodeagent-$n.txt"
  MTOOLS_SKIP_CHECK=1 mcopy -o -i "$img@@$fat_offset" "$work/nodeagent-$n.txt" ::/nodeagent.txt
  mac=$mac_a; [ "$n" = b ] && mac=$mac_b
  in_ns "${HEAVY_WRAPPER:-env}" qemu-system-x86_64 -M q35 -m 768 -smp 1 -accel tcg -display none -pidfile "$work/qemu-$n.pid" \
    -serial file:"$work/console-$n.log" -drive file="$img",format=raw,if=virtio \
    -netdev tap,id=n0,ifname="tap-$n",script=no,downscript=no -device virtio-net-pci,netdev=n0,mac="$mac" &
  pid[$n]=$!
done
start=$(date +%s)
log "booting cloud-a ($ip_a) and cloud-b ($ip_b) on one LAN"

# wait_healthy IP: seconds from power-on until its /healthz says healthy, or empty after the timeout.
wait_healthy() {
  while [ $(( $(date +%s) - start )) -lt "$boot_timeout" ]; do
    if out=$(ssh_to "$1" 'exec 3<>/dev/tcp/127.0.0.1/8480 && printf "GET /healthz HTTP/1.0\r\n\r\n" >&3 && cat <&3' 2>/dev/null) \
      && grep -q '"status":"healthy","checks"' <<<"$out"; then
      echo $(( $(date +%s) - start )); return
    fi
    sleep 3
  done
}
healthy_a=$(wait_healthy "$ip_a")
healthy_b=$(wait_healthy "$ip_b")
if [ -z "$healthy_a" ] || [ -z "$healthy_b" ]; then
  bad "both agents healthy within $boot_timeout s (a: ${healthy_a:-no}, b: ${healthy_b:-no})" \
    "$(strings "$work/console-a.log" | tail -15; echo ---; strings "$work/console-b.log" | tail -15; echo ---; cat "$work/leases")"
  finish
fi
ok "both nodes took their DHCP lease and are healthy (a ${healthy_a} s, b ${healthy_b} s after power-on, booted together under TCG)"

# Serf: each joined the other from the preseed, with the community's key.
members() { ssh_to "$1" 'serf members -status=alive' 2>&1; }
for _ in $(seq 60); do
  [ "$(members "$ip_a" | grep -c alive)" = 2 ] && [ "$(members "$ip_b" | grep -c alive)" = 2 ] && break; sleep 2
done
m_a=$(members "$ip_a") m_b=$(members "$ip_b")
keyring=$(ssh_to "$ip_b" 'serf keys -list' 2>&1)
if grep -q "cloud-a *$ip_a" <<<"$m_b" && grep -q "cloud-b *$ip_b" <<<"$m_a" && grep -q "$key" <<<"$keyring"; then
  ok "one Serf cluster of two, gossiping with the preseeded key ($(( $(date +%s) - start )) s after power-on)"
else
  bad "Serf cluster of two" "$m_a"$'\n'"$m_b"$'\n'"$keyring"
fi

stats=""
for _ in $(seq 30); do
  stats=$(ssh_to "$ip_b" 'nodeagent cloud stats --json' 2>&1)
  [ "$(jq -r '.nodes' <<<"$stats" 2>/dev/null)" = 2 ] && break; sleep 2
done
stats_a=$(ssh_to "$ip_a" 'nodeagent cloud stats --json' 2>&1)
if [ "$(jq -r '.nodes' <<<"$stats" 2>/dev/null)" = 2 ] && [ "$(jq -r '.nodes' <<<"$stats_a" 2>/dev/null)" = 2 ]; then
  ok "the community's statistics count 2 nodes on both"
else
  bad "cloud statistics" "$stats"$'\n'"$stats_a"
fi

# A service the owner of A declares; B's search finds it through Serf.
ssh_to "$ip_a" 'mkdir -p /etc/systemd/system/nodeagent.service.d && printf "%s\n" "[Service]" \
  "Environment=NODEAGENT__Services__0__Type=_http._tcp" "Environment=\"NODEAGENT__Services__0__Name=Sants wiki\"" \
  "Environment=NODEAGENT__Services__0__Port=80" >/etc/systemd/system/nodeagent.service.d/90-test.conf \
  && systemctl daemon-reload && systemctl restart nodeagent'
restarted=$(date +%s)
found=""
for _ in $(seq 60); do
  found=$(ssh_to "$ip_b" 'nodeagent search --type _http._tcp --json' 2>&1)
  # Avahi (mDNS on the shared LAN) may well answer before Serf's tags arrive: wait for Serf, which this checks.
  jq -e '.[] | select(.record.name == "Sants wiki" and (.sources | index("serf")))' <<<"$found" >/dev/null 2>&1 && break; sleep 1
done
if jq -e '.[] | select(.record.name == "Sants wiki" and .record.nodeName == "cloud-a" and (.sources | index("serf")))' <<<"$found" >/dev/null 2>&1; then
  ok "B's search finds the service declared on A, through Serf, $(( $(date +%s) - restarted )) s after A's agent restarted"
else
  bad "search across nodes" "$found"
fi

# identify across the cloud: asked on B, A's LEDs show it.
node_a=$(ssh_to "$ip_a" 'nodeagent status --json' | jq -r '.node.id')
asked=$(ssh_to "$ip_b" "nodeagent identify --node $node_a" 2>&1)
shown=""
for _ in $(seq 20); do
  shown=$(ssh_to "$ip_a" 'nodeagent feedback --json' 2>&1)
  [ "$(jq -r '.state' <<<"$shown" 2>/dev/null)" = identify ] && break; sleep 1
done
if [ "$(jq -r '.state' <<<"$shown" 2>/dev/null)" = identify ]; then
  ok "identify asked on B shows on A's LED state"
else
  bad "identify across the cloud (node $node_a)" "$asked"$'\n'"$shown"
fi

for n in a b; do ssh_to "$(eval echo "\$ip_$n")" 'systemctl poweroff' >/dev/null 2>&1 || true; done
for _ in $(seq 60); do kill -0 "${pid[a]}" 2>/dev/null || kill -0 "${pid[b]}" 2>/dev/null || break; sleep 1; done
log "total $(( $(date +%s) - start )) s"
finish
