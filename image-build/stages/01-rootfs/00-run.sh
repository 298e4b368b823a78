#!/usr/bin/env bash
# The base root file system with mmdebstrap, cached as a tarball keyed by everything that goes into it.
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "$here/scripts/common.sh"

read_list() { grep -vE '^\s*(#|$)' "$1"; }
mapfile -t packages < <(read_list "$STAGE_DIR/00-packages"; board_get .image.kernel; board_get '.image.firmware[]?')
mapfile -t excludes < <(read_list "$STAGE_DIR/00-dpkg-excludes")
modules=$([ "$ARCH" = amd64 ] && echo most || echo list)

key=$( { echo "$ARCH $MIRROR $modules"; printf '%s\n' "${packages[@]}" "${excludes[@]}"; cat "$STAGE_DIR/00-run.sh"; } | sha256sum | cut -c1-16)
tarball="$CACHE/rootfs-$ARCH-$key.tar"
# Mirrors move on: a cached base older than a week is rebuilt so security updates get in.
find "$CACHE" -maxdepth 1 -name 'rootfs-*.tar' -mtime +7 -delete
if [ -s "$tarball" ]; then
  log "base root file system cached: $tarball"
else
  log "mmdebstrap bookworm $ARCH: ${#packages[@]} packages (initramfs built once, at the end)"
  rm -rf "$tarball.partial"
  dpkgopts=()
  for e in "${excludes[@]}"; do dpkgopts+=("--dpkgopt=path-exclude=$e"); done
  # update-initramfs would run once per package that triggers it (minutes each under qemu-user):
  # divert it to true while packages install, then run it once.
  /work/bin/heavy mmdebstrap --mode=root --variant=minbase --architectures="$ARCH" \
    --components=main,non-free-firmware --include="$(IFS=,; echo "${packages[*]}")" \
    "${dpkgopts[@]}" --dpkgopt=path-include=/usr/share/doc/*/copyright \
    --essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" && echo "MODULES='"$modules"'" > "$1/etc/initramfs-tools/conf.d/nodeagent.conf"' \
    --essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs && ln -s /bin/true "$1/usr/sbin/update-initramfs"' \
    --customize-hook='rm "$1/usr/sbin/update-initramfs" && chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs' \
    --customize-hook='chroot "$1" update-initramfs -c -k all' \
    --format=tar bookworm "$tarball.partial" \
    "deb $MIRROR bookworm main non-free-firmware" "deb $MIRROR bookworm-updates main non-free-firmware"
  mv "$tarball.partial" "$tarball"
fi
ln -sfn "$tarball" "$WORK/rootfs.tar"
