#!/usr/bin/env bash
# The base root file system with mmdebstrap, cached as a tarball keyed by the exact mmdebstrap command line.
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "${here:?}/scripts/common.sh"

read_list() { grep -vE '^\s*(#|$)' "$1"; }
mapfile -t packages < <(read_list "$STAGE_DIR/00-packages"; board_get .image.kernel; board_get '.image.firmware[]?'; board_get '.image.packages[]?')
# dpkg path filters: every image's, then the partition layout's (e.g. the device trees the Pi firmware never reads).
mapfile -t filters < <(read_list "$STAGE_DIR/00-dpkg-excludes"
  [ ! -f "$STAGE_DIR/00-dpkg-excludes-$LAYOUT" ] || read_list "$STAGE_DIR/00-dpkg-excludes-$LAYOUT")
# The initramfs gets what reaches the root file system, not MODULES=most (every driver: ≈ 10 minutes under qemu-user,
# 63 s natively for amd64): arm64 a list of the boards' modules, amd64 a hook that takes Debian's storage categories.
modules=list modules_hooks=() key_inputs=()
if [ "$ARCH" = amd64 ]; then
  # The hook's contents go into the cache key, not its path (each clone has its own).
  export NODEAGENT_INITRAMFS_HOOK="$STAGE_DIR/00-initramfs-hook-amd64"
  sh -n "$NODEAGENT_INITRAMFS_HOOK" || die "$NODEAGENT_INITRAMFS_HOOK is not a valid sh script"
  key_inputs+=("$(sha256sum <"$NODEAGENT_INITRAMFS_HOOK")")
  modules_hooks+=(--essential-hook='mkdir -p "$1/etc/initramfs-tools/hooks" && install -m 0755 "$NODEAGENT_INITRAMFS_HOOK" "$1/etc/initramfs-tools/hooks/nodeagent-storage"')
else
  modules_hooks+=(--essential-hook="mkdir -p \"\$1/usr/share/initramfs-tools/modules.d\" && printf '%s\n' $(read_list "$STAGE_DIR/00-initramfs-modules-$ARCH" | tr '\n' ' ') > \"\$1/usr/share/initramfs-tools/modules.d/nodeagent\"")
fi

# CA certificates made once on the host (00-ca-certificates-hook says why): its contents go into the cache key too.
export NODEAGENT_CA_HOOK="$STAGE_DIR/00-ca-certificates-hook"
sh -n "$NODEAGENT_CA_HOOK" || die "$NODEAGENT_CA_HOOK is not a valid sh script"
key_inputs+=("$(sha256sum <"$NODEAGENT_CA_HOOK")")

# shellcheck disable=SC2054 # the commas belong to the options
args=(--mode=root --variant=minbase --architectures="$ARCH" --components=main,non-free-firmware
  --include="$(IFS=,; echo "${packages[*]}")")
# In the command line, so they are part of the cache key below: a base built with other filters is not reused.
for f in "${filters[@]}"; do
  [[ "$f" =~ ^path-(exclude|include)\ +(/[^[:space:]]+)$ ]] || die "dpkg filter '$f': want 'path-exclude /GLOB' or 'path-include /GLOB'"
  args+=("--dpkgopt=path-${BASH_REMATCH[1]}=${BASH_REMATCH[2]}")
done
# Merged /usr set up the way debootstrap does (symlinks first, then the usr-is-merged package): otherwise
# init-system-helpers' "usrmerge | usr-is-merged" installs usrmerge, whose conversion script pulls in the whole of
# Perl (≈ 50 MiB) that nothing on a node uses.
args+=(--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
  --essential-hook="mkdir -p \"\$1/etc/initramfs-tools/conf.d\" && echo MODULES=$modules > \"\$1/etc/initramfs-tools/conf.d/nodeagent.conf\""
  "${modules_hooks[@]}"
  # update-initramfs would run once per package that triggers it (minutes each under qemu-user), and
  # update-ca-certificates twice: both are diverted to true while packages install, and each runs once at the end.
  --essential-hook='for tool in update-initramfs update-ca-certificates; do chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/$tool && ln -s /bin/true "$1/usr/sbin/$tool" || exit 1; done'
  # Every node makes its own SSH host keys at first boot: empty files in their place keep openssh-server's postinst
  # from making keys only to have them removed (≈ 11 s under qemu-user for RSA, ECDSA and Ed25519).
  --essential-hook='mkdir -p "$1/etc/ssh" && touch "$1/etc/ssh/ssh_host_rsa_key" "$1/etc/ssh/ssh_host_ecdsa_key" "$1/etc/ssh/ssh_host_ed25519_key"'
  --customize-hook='for tool in update-initramfs update-ca-certificates; do rm "$1/usr/sbin/$tool" && chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/$tool || exit 1; done'
  # The two at once: the CA hook runs on the host and touches only /etc/ssl/certs, the initramfs runs in the chroot
  # (one core, emulated for arm64). DEB_MAINT_PARAMS lets raspi-firmware's initramfs hook copy the result to
  # /boot/firmware as it does when a package runs update-initramfs.
  --customize-hook='sh "$NODEAGENT_CA_HOOK" "$1" & ca=$!; DEB_MAINT_PARAMS=configure chroot "$1" update-initramfs -c -k all; initramfs=$?; wait $ca && exit $initramfs'
  --customize-hook='rm -f "$1"/etc/ssh/ssh_host_*_key "$1"/etc/ssh/ssh_host_*_key.pub'
  --format=tar bookworm)
sources=("deb $MIRROR bookworm main non-free-firmware" "deb $MIRROR bookworm-updates main non-free-firmware")
releases=("$MIRROR/dists/bookworm" "$MIRROR/dists/bookworm-updates")
if [ "$SECURITY_MIRROR" != none ]; then
  sources+=("deb $SECURITY_MIRROR bookworm-security main non-free-firmware")
  releases+=("$SECURITY_MIRROR/dists/bookworm-security")
fi

key=$(printf '%s\n' "${args[@]}" "${sources[@]}" "${key_inputs[@]}" | sha256sum | cut -c1-16)
tarball="$CACHE/rootfs-$ARCH-$key.tar"
# Mirrors move on: a cached base older than a week is rebuilt so security updates get in.
find "$CACHE" -maxdepth 1 -name 'rootfs-*.tar' -mtime +7 -delete
if [ -s "$tarball" ]; then
  log "base root file system cached: $tarball"
else
  log "mmdebstrap bookworm $ARCH: ${#packages[@]} packages, initramfs MODULES=$modules built once at the end"
  rm -rf "$tarball.partial"
  # The base's own SOURCE_DATE_EPOCH: the newest Date of the Release files it is built from. mmdebstrap clamps file
  # times to it and mkinitramfs dates the initrd's files with it, so two bases built from the same mirror state are
  # the same bytes; the commit's time (the image's epoch) would make each commit's first build differ.
  base_epoch=0
  for dist in "${releases[@]}"; do
    release="$WORK/InRelease"
    # (apt-helper notes on stderr that it downloads as root, not as _apt: shown only when it fails.)
    out=$(/usr/lib/apt/apt-helper download-file "$dist/InRelease" "$release" 2>&1) \
      || die "cannot read $dist/InRelease (is that a Debian mirror? --mirror, --security-mirror): $out"
    date=$(sed -n 's/^Date: //p' "$release" | head -n 1)
    epoch=$(date -u -d "$date" +%s 2>/dev/null) || die "$dist/InRelease: no valid Date: line ('$date')"
    [ "$epoch" -le "$base_epoch" ] || base_epoch=$epoch
    rm -f "$release"
  done
  log "base SOURCE_DATE_EPOCH=$base_epoch ($(date -u -d "@$base_epoch" '+%Y-%m-%d %H:%M'), the mirror's newest Release)"
  SOURCE_DATE_EPOCH=$base_epoch heavy mmdebstrap "${args[@]}" "$tarball.partial" "${sources[@]}"
  mv "$tarball.partial" "$tarball"
fi
ln -sfn "$tarball" "$WORK/rootfs.tar"
