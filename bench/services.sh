#!/usr/bin/env bash
# Service management benchmark on a real node: the qemu-x86-64 image booted under QEMU (TCG, so every number is
# several times what a Raspberry Pi 4 takes; the ratios are what carry over), with Debian's Syncthing package
# served from a local repository inside the VM (QEMU's network is restricted: nothing leaves it).
#
#   bash bench/services.sh        # about 12 minutes; needs artifacts/image-work/qemu-x86-64/disk.img
#                                 # (tests/scripts/image-boot-test.sh bios builds it)
#
# Measures, each against a baseline taken in the same VM:
#   install-to-healthy  `nodeagent services install syncthing` + `start` until the agent says healthy (its HTTP
#                       probe answered), against the same by hand: `apt-get install` + `systemctl start` until the
#                       GUI answers (curl loop);
#   per-service cost    the agent's RSS and CPU over IDLE seconds with Syncthing running and probed, against the
#                       agent idle with nothing running;
#   shedding            a tmpfs filled until MemAvailable is below the agent's floor (sustained pressure, no swap):
#                       seconds until Syncthing is `shed`, against the agent's sample interval (the bound it is
#                       designed to); then the fill removed: seconds until it is healthy again, against the shedder's
#                       calm wait (2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
IDLE=${IDLE:-60}
disk=artifacts/image-work/qemu-x86-64/disk.img
[ -f "$disk" ] || { echo "no $disk: run tests/scripts/image-boot-test.sh bios first" >&2; exit 1; }
# shellcheck source=tests/scripts/deps.sh
. tests/scripts/deps.sh
ensure_packages qemu-system-x86 openssh-client mtools jq fdisk

work=$(mktemp -d /tmp/nodeagent-bench-services.XXXXXX)
cleanup() { [ -s "$work/qemu.pid" ] && kill "$(cat "$work/qemu.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
ssh-keygen -q -t ed25519 -N '' -f "$work/key" -C bench
port=$(comm -23 <(seq 22300 22399) <(ss -Htan | awk '{print $4}' | sed 's/.*://' | sort -u) | shuf -n 1)
ssh_to() { ssh -q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=10 -i "$work/key" -p "$port" root@127.0.0.1 "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Syncthing's .deb from this host's Debian mirror (its only dependencies, libc6 and init-system-helpers, are in the image).
(cd "$work" && apt-get download -q syncthing >/dev/null 2>&1)
deb=$(ls "$work"/syncthing_*.deb)

img="$work/node.img"
cp --sparse=always "$disk" "$img"
truncate -s +1G "$img"
fat_offset=$(( $(sfdisk --json "$img" 2>/dev/null | jq '.partitiontable.partitions[-2].start') * 512 ))
printf 'NODE_NAME=bench-node\nSSH_AUTHORIZED_KEY=%s\n' "$(cat "$work/key.pub")" >"$work/nodeagent.txt"
MTOOLS_SKIP_CHECK=1 mcopy -o -i "$img@@$fat_offset" "$work/nodeagent.txt" ::/nodeagent.txt
qemu-system-x86_64 -M q35 -m 1024 -smp 2 -accel tcg -display none -pidfile "$work/qemu.pid" -serial file:"$work/console.log" \
  -drive file="$img",format=raw,if=virtio \
  -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:"$port"-:22 -device virtio-net-pci,netdev=n0 &
echo "booting the qemu-x86-64 image (TCG)..."
for _ in $(seq 200); do
  ssh_to 'exec 3<>/dev/tcp/127.0.0.1/8480 && printf "GET /healthz HTTP/1.0\r\n\r\n" >&3 && cat <&3' 2>/dev/null | grep -q '"status":"healthy"' && break
  sleep 3
done
ssh_to 'timeout 300 systemctl is-system-running --wait' >/dev/null || true

# The local repository; the image's own sources (unreachable here) are set aside so apt does not wait on them.
ssh_to 'mkdir -p /srv/repo && cat >/srv/repo/syncthing.deb' <"$deb"
ssh_to 'cd /srv/repo && { dpkg-deb -f syncthing.deb; printf "Filename: ./syncthing.deb\nSize: %s\nSHA256: %s\n\n" "$(stat -c %s syncthing.deb)" "$(sha256sum syncthing.deb | cut -d" " -f1)"; } >Packages
  mkdir -p /etc/apt/sources.list.d.off; mv /etc/apt/sources.list.d/* /etc/apt/sources.list.d.off/ 2>/dev/null; mv /etc/apt/sources.list /etc/apt/sources.list.off 2>/dev/null
  echo "deb [trusted=yes] file:/srv/repo ./" >/etc/apt/sources.list.d/bench.list && apt-get update -q >/dev/null'

# agent_usage: "RSS_KiB CPU_TICKS" of the agent.
agent_usage() { ssh_to 'p=$(systemctl show -p MainPID --value nodeagent); echo "$(awk "/^VmRSS:/ {print \$2}" /proc/$p/status) $(awk "{print \$14 + \$15}" /proc/$p/stat)"'; }
hz=$(ssh_to 'getconf CLK_TCK')

echo "baseline: the agent idle for $IDLE s with nothing running..."
read -r rss0 cpu0 <<<"$(agent_usage)"; sleep "$IDLE"; read -r rss1 cpu1 <<<"$(agent_usage)"
idle_cpu=$(awk -v t=$((cpu1 - cpu0)) -v hz="$hz" -v s="$IDLE" 'BEGIN { printf "%.2f", 100 * t / hz / s }')

echo "by hand: apt-get install + systemctl start until the GUI answers..."
t=$(now)
ssh_to 'apt-get install -y -q syncthing >/dev/null 2>&1; id syncthing >/dev/null 2>&1 || useradd --system --home-dir /var/lib/syncthing --create-home syncthing
  systemctl start syncthing@syncthing.service
  for _ in $(seq 600); do (exec 3<>/dev/tcp/127.0.0.1/8384) 2>/dev/null && break; sleep 0.2; done'
by_hand=$(since "$t")
ssh_to 'systemctl stop syncthing@syncthing.service; apt-get purge -y -q syncthing >/dev/null 2>&1; userdel -r syncthing 2>/dev/null; true'

echo "through the agent: nodeagent services install syncthing, start, until healthy..."
t=$(now)
install_out=$(ssh_to 'nodeagent services install syncthing' 2>&1) || { echo "$install_out"; exit 1; }
installed=$(since "$t")
ssh_to 'nodeagent services start syncthing' >/dev/null
for _ in $(seq 600); do
  [ "$(ssh_to 'nodeagent services show syncthing --json' | jq -r .state)" = healthy ] && break; sleep 0.5
done
agent_total=$(since "$t")
state=$(ssh_to 'nodeagent services show syncthing --json' | jq -r .state)

echo "the agent for $IDLE s with Syncthing running and probed..."
read -r rss2 cpu2 <<<"$(agent_usage)"; sleep "$IDLE"; read -r rss3 cpu3 <<<"$(agent_usage)"
busy_cpu=$(awk -v t=$((cpu3 - cpu2)) -v hz="$hz" -v s="$IDLE" 'BEGIN { printf "%.2f", 100 * t / hz / s }')
footprint=$(ssh_to 'nodeagent services show syncthing' | sed -nE 's/^Uses +//p')

echo "pressure: a tmpfs filled until MemAvailable is below the floor..."
# The floor as the agent computes it (FitPolicy.For: 5 % of MemTotal, 32-256 MiB). The tmpfs is filled to 24 MiB under
# it; the clock starts (inside the VM) when MemAvailable is first seen below the floor, and stops when the agent
# reports Syncthing shed: the reaction itself, whatever the page cache did in between.
read -r total avail_before <<<"$(ssh_to 'awk "/^MemTotal:/ {t=\$2} /^MemAvailable:/ {a=\$2} END {print int(t/1024), int(a/1024)}" /proc/meminfo')"
floor=$(( total / 20 < 32 ? 32 : (total / 20 > 256 ? 256 : total / 20) ))
fill=$(( avail_before - floor + 24 ))
read -r shed_after avail_filled shed_state <<<"$(ssh_to "
  avail() { awk '/^MemAvailable:/ {print int(\$2/1024)}' /proc/meminfo; }
  state() { nodeagent services show syncthing | awk '/^State / {print \$2; exit}'; }
  mkdir -p /run/bench-fill && mount -t tmpfs -o size=$((fill + 64))M tmpfs /run/bench-fill && head -c ${fill}M /dev/zero >/run/bench-fill/f
  for _ in \$(seq 2400); do a=\$(avail); [ \"\$a\" -lt $floor ] && break; sleep 0.05; done
  t0=\$(date +%s.%N)
  for _ in \$(seq 600); do s=\$(state); [ \"\$s\" = shed ] && break; sleep 0.2; done
  echo \$(awk -v a=\$t0 -v b=\$(date +%s.%N) 'BEGIN { printf \"%.1f\", b - a }') \$a \$s")"
avail_shed=$(ssh_to 'awk "/^MemAvailable:/ {print int(\$2/1024)}" /proc/meminfo')
shed_reason=$(ssh_to 'nodeagent services show syncthing --json' | jq -r '.detail // empty' 2>/dev/null || true)
shed_also=$(ssh_to 'nodeagent services --json' | jq -r '[.services[] | select(.state == "shed" and .id != "syncthing") | .id] | join(", ")' 2>/dev/null || true)
ssh_to 'rm -f /run/bench-fill/f; umount /run/bench-fill'
t=$(now)
back_state=""
for _ in $(seq 600); do
  back_state=$(ssh_to 'nodeagent services show syncthing --json' | jq -r .state) || true
  [ "$back_state" = healthy ] && break; sleep 1
done
back_after=$(since "$t")
sample=10 # the image keeps the default Resources:SampleSeconds: pressure is read once per resource sample

printf '\n%-44s %14s %14s %8s\n' "service management (QEMU TCG, 2 vCPU)" "agent" "baseline" "ratio"
printf '%-44s %13ss %13ss %7sx\n' "Syncthing install + start to healthy" "$agent_total" "$by_hand" "$(awk -v a="$agent_total" -v b="$by_hand" 'BEGIN { printf "%.2f", a / b }')"
printf '%-44s %13ss\n' "  of which install (apt through the agent)" "$installed"
printf '%-44s %12s MB %11s MB %8s\n' "agent RSS, Syncthing running vs nothing" "$((rss3 / 1024))" "$((rss1 / 1024))" "+$(((rss3 - rss1) / 1024)) MB"
printf '%-44s %13s%% %13s%% %8s\n' "agent CPU over ${IDLE} s" "$busy_cpu" "$idle_cpu" ""
printf '%-44s %s\n' "Syncthing as the agent measured it" "${footprint:-not measured}"
printf '%-44s %13ss %13ss %8s\n' "pressure -> Syncthing shed" "$shed_after" "$sample" "(bound: one sample)"
printf '%-44s %s\n' "  MemAvailable (MiB)" "floor $floor; before $avail_before, under the floor at $avail_filled, after the shed $avail_shed"
[ -n "$shed_also" ] && printf '%-44s %s\n' "  also shed (still short after Syncthing)" "$shed_also"
[ -n "$shed_reason" ] && printf '%-44s %s\n' "  the agent's reason" "$shed_reason"
printf '%-44s %13ss %13ss %8s\n' "pressure gone -> Syncthing healthy again" "$back_after" "120" "(calm wait; then one restore per 20 s settle, start, probe)"
echo "final state after install: $state; under pressure: $shed_state; after: $back_state"
[ "$state" = healthy ] && [ "$shed_state" = shed ] && [ "$back_state" = healthy ]
