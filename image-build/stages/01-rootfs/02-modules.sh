#!/usr/bin/env bash
# The dpkg filters (00-dpkg-excludes) leave whole module directories out: check that every module left still has the
# modules it links against. Each .ko records them (depends=, written by the kernel build), so this needs neither the
# kernel's symbol table (Debian ships no real System.map) nor running the image's depmod under qemu-user.
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "${here:?}/scripts/common.sh"
for kdir in "$ROOTFS"/usr/lib/modules/*/; do
  kver=$(basename "$kdir")
  count=$(find "$kdir/kernel" -name '*.ko' | wc -l)
  [ "$count" -gt 0 ] || die "$kver: no uncompressed .ko modules to check (compressed modules are not handled here yet)"
  # Module names compare with '-' and '_' alike, as modprobe does.
  missing=$( { find "$kdir/kernel" -name '*.ko' -printf 'have %f\n'; sed -E 's|.*/|have |' "$kdir/modules.builtin"
      find "$kdir/kernel" -name '*.ko' -print0 | xargs -0 grep -aoH 'depends=[^[:cntrl:]]*' | sed -E 's|^.*/kernel/|need |; s/:depends=/ /'
    } | awk '{ gsub(/-/, "_") } $1 == "have" { sub(/\.ko$/, "", $2); have[$2] = 1; next }
        { n = split($3, d, ","); for (i = 1; i <= n; i++) if (!(d[i] in have)) print "  " $2 " needs " d[i] }' | sort)
  [ -z "$missing" ] || die "$kver: modules left in by 00-dpkg-excludes need modules it leaves out (exclude them too, or keep what they need):
$missing"
  grep -q . "$kdir/modules.dep" || die "$kver: modules.dep is empty"
  log "$kver: $count modules, each with every module it depends on ($(du -s -B1M "$kdir" | cut -f1) MiB)"
done
