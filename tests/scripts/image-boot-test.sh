#!/usr/bin/env bash
# Builds the qemu-x86-64 image (from the published linux-x64 binary, through the .deb) and boots it under QEMU
# (TCG: KVM does not work on the CI machines) once with SeaBIOS and once with OVMF (UEFI), each time on a copy
# grown by 1 GiB and with a preseed file on the EFI partition. Asserts, through SSH with the preseeded key:
# the system is "running" with no failed unit, /healthz is healthy, the root file system grew to the disk,
# the preseed was applied (host name, agent and Serf configuration, file moved off the boot partition),
# no account has a password, sshd takes keys only, and the agent runs in its sandbox.
# QEMU's user network is restricted (no traffic leaves it); only SSH is forwarded, to 127.0.0.1.
#   tests/scripts/image-boot-test.sh [bios] [uefi]      (default: both)
# Prints "N passed, N failed" and the time from power-on to a healthy agent.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
firmwares=("$@")
[ ${#firmwares[@]} -gt 0 ] || firmwares=(bios uefi)
boot_timeout=${IMAGE_BOOT_TIMEOUT:-420}
pass=0 fail=0
log() { printf '[image-boot] %s\n' "$*"; }
ok() { pass=$((pass + 1)); log "ok   $1"; }
bad() { fail=$((fail + 1)); log "FAIL $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/    /'; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
heavy() { ${HEAVY_WRAPPER:+"$HEAVY_WRAPPER"} "$@"; }

[ -x artifacts/publish/linux-x64/nodeagent ] || { bad "no published binary: dotnet publish src/NodeAgent -c Release -r linux-x64 -o artifacts/publish/linux-x64"; finish; }
t0=$(date +%s)
if ! bash image-build/deb/build-deb.sh amd64 >artifacts/image-boot-deb.log 2>&1; then bad "building the .deb" "$(tail -20 artifacts/image-boot-deb.log)"; finish; fi
deb=$(ls artifacts/deb/nodeagent_*_amd64.deb | sort -V | tail -n 1)
contents=$(dpkg-deb --contents "$deb")
info=$(dpkg-deb --info "$deb")
if grep -q ' root/root .* ./usr/bin/nodeagent$' <<<"$contents" && grep -q './usr/lib/systemd/system/nodeagent.service$' <<<"$contents" \
  && grep -q 'Depends:.*serf.*avahi-daemon' <<<"$info" && [ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = /etc/nodeagent/nodeagent.json ]; then
  ok "the .deb holds the binary (root-owned), the unit and the conffile, and depends on serf and avahi-daemon"
else
  bad "the .deb's contents" "$info"$'\n'"$contents"
fi
if ! NODEAGENT_IMAGE_COMPRESS=0 bash image-build/build.sh qemu-x86-64 --deb "$deb" >artifacts/image-boot-build.log 2>&1; then
  bad "building the qemu-x86-64 image" "$(tail -30 artifacts/image-boot-build.log)"; finish
fi
log "image built in $(( $(date +%s) - t0 )) s (see artifacts/image-boot-build.log)"
disk=artifacts/image-work/qemu-x86-64/disk.img
root_sectors=$(sfdisk --json "$disk" | jq '.partitiontable.partitions[2].size')

work=$(mktemp -d)
qemu_pid=""
# QEMU runs under a wrapper (HEAVY_WRAPPER) or a subshell: it is found and stopped through its own pid file.
stop_qemu() { [ -s "$work/qemu.pid" ] && kill "$(cat "$work/qemu.pid")" 2>/dev/null; rm -f "$work/qemu.pid"; }
cleanup() { stop_qemu; rm -rf "$work"; }
trap cleanup EXIT
ssh-keygen -q -t ed25519 -N '' -f "$work/key" -C image-boot-test
ssh_to() { ssh -q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=10 -i "$work/key" -p "$port" root@127.0.0.1 "$@"; }

for fw in "${firmwares[@]}"; do
  log "booting with $fw"
  img="$work/$fw.img"
  cp --sparse=always "$disk" "$img"
  truncate -s +1G "$img"
  printf 'NODE_NAME=boot-%s\r\nCOMMUNITY=Test Community\nSERF_JOIN=10.0.2.99\nSERF_ENCRYPT_KEY=%s\nSSH_AUTHORIZED_KEY=%s\n' \
    "$fw" "$(head -c 32 /dev/urandom | base64)" "$(cat "$work/key.pub")" >"$work/nodeagent.txt"
  MTOOLS_SKIP_CHECK=1 mcopy -i "$img@@2M" "$work/nodeagent.txt" ::/nodeagent.txt
  firmware_args=()
  if [ "$fw" = uefi ]; then
    cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars.fd"
    # shellcheck disable=SC2054 # the commas belong to the options
    firmware_args=(-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd -drive if=pflash,format=raw,file="$work/vars.fd")
  fi
  port=$(comm -23 <(seq 22200 22299) <(ss -Htan | awk '{print $4}' | sed 's/.*://' | sort -u) | shuf -n 1)
  start=$(date +%s)
  heavy qemu-system-x86_64 -M q35 -m 1024 -smp 2 -accel tcg -display none -no-reboot -pidfile "$work/qemu.pid" \
    "${firmware_args[@]}" -serial file:"$work/console-$fw.log" \
    -drive file="$img",format=raw,if=virtio \
    -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:"$port"-:22 -device virtio-net-pci,netdev=n0 &
  qemu_pid=$!
  # Power-on is when QEMU writes its pid file (the wrapper may first wait for a CPU slot).
  while [ ! -s "$work/qemu.pid" ] && kill -0 "$qemu_pid" 2>/dev/null; do sleep 0.2; done
  start=$(date +%s)
  healthy_after=""
  while [ $(( $(date +%s) - start )) -lt "$boot_timeout" ] && kill -0 "$qemu_pid" 2>/dev/null; do
    if out=$(ssh_to 'exec 3<>/dev/tcp/127.0.0.1/8480 && printf "GET /healthz HTTP/1.0\r\n\r\n" >&3 && cat <&3' 2>/dev/null) \
      && grep -q '"status":"healthy","checks"' <<<"$out"; then
      healthy_after=$(( $(date +%s) - start )); break
    fi
    sleep 3
  done
  if [ -z "$healthy_after" ]; then
    bad "$fw: no healthy agent over SSH within $boot_timeout s" "$(strings "$work/console-$fw.log" | tail -25)"
  else
    ok "$fw: /healthz healthy ${healthy_after} s after power-on (QEMU TCG)"
    state=$(ssh_to 'timeout 120 systemctl is-system-running --wait; systemctl --failed --no-legend --plain')
    [ "$state" = running ] && ok "$fw: systemctl is-system-running = running" || bad "$fw: system state" "$state"
    root_kib=$(ssh_to 'df -k --output=size / | tail -n 1')
    [ "$root_kib" -gt $(( root_sectors / 2 + 900 * 1024 )) ] && ok "$fw: the root file system grew to the disk ($((root_sectors / 2048)) MiB -> $((root_kib / 1024)) MiB)" \
      || bad "$fw: the root file system did not grow" "partition $((root_sectors / 2)) KiB, file system $root_kib KiB"
    applied=$(ssh_to 'hostname; nodeagent status --json; cat /etc/serf/nodeagent.json; ls /boot/efi; ls /var/lib/nodeagent-firstboot')
    if grep -qx "boot-$fw" <<<"$applied" && grep -q '"community":"Test Community"' <<<"$applied" && grep -q '"retry_join": \["10.0.2.99"\]' <<<"$applied" \
      && grep -q '"encrypt_key"' <<<"$applied" && ! grep -qx nodeagent.txt <<<"$applied" && grep -qx preseed.applied <<<"$applied"; then
      ok "$fw: preseed applied (host name, node name and community, Serf join and key; the file moved off the EFI partition)"
    else
      bad "$fw: preseed not applied" "$applied"
    fi
    locked=$(ssh_to "awk -F: '\$2 !~ /^[!*]/ {print \$1}' /etc/shadow; sshd -T | grep -E '^(passwordauthentication|kbdinteractiveauthentication|permitrootlogin) '; systemctl show nodeagent -p ProtectSystem -p NoNewPrivileges -p NRestarts")
    expected=$'passwordauthentication no\nkbdinteractiveauthentication no\npermitrootlogin without-password\nNRestarts=0\nNoNewPrivileges=yes\nProtectSystem=strict'
    [ "$(sort <<<"$locked")" = "$(sort <<<"$expected")" ] && ok "$fw: no account has a password, sshd takes keys only, the agent runs sandboxed and never restarted" \
      || bad "$fw: passwords, sshd or sandbox" "$locked"
    ssh_to 'systemctl poweroff' || true
  fi
  for _ in $(seq 60); do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 1; done
  stop_qemu; wait "$qemu_pid" 2>/dev/null; qemu_pid=""
done
log "total $(( $(date +%s) - t0 )) s"
finish
