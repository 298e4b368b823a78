# shellcheck shell=bash
# Shared by build.sh and every stage: logging, failing, reading the board profile.

log() { printf '%s [%s] %s\n' "$(date -u +%H:%M:%S)" "${STAGE:-build}" "$*"; }
die() { printf '%s [%s] error: %s\n' "$(date -u +%H:%M:%S)" "${STAGE:-build}" "$*" >&2; exit 1; }

# board_get JQ_FILTER: one value from boards/$BOARD.json (empty when absent).
board_get() { jq -r "$1 // empty" "$BOARD_FILE"; }

# in_rootfs CMD...: runs a command inside the image's root (binfmt runs foreign-architecture binaries).
in_rootfs() { chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }

# file_mtime_clamp DIR: every file no newer than SOURCE_DATE_EPOCH, so the image does not record the build time.
file_mtime_clamp() {
  find "$1" -xdev -newermt "@$SOURCE_DATE_EPOCH" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +
}

# heavy CMD...: CPU-heavy steps (mmdebstrap, xz) go through $HEAVY_WRAPPER when the machine shares its cores
# among several builds (a slot queue); on a machine of its own it is unset and they just run.
heavy() { ${HEAVY_WRAPPER:+"$HEAVY_WRAPPER"} "$@"; }
