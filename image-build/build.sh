#!/usr/bin/env bash
# Builds one board's image:  image-build/build.sh BOARD [--mirror URL] [--security-mirror URL|none] [--out DIR] [--deb FILE]
#   BOARD   a profile id from boards/ (e.g. qemu-x86-64, generic-x86-64, rpi4b)
#   --mirror  Debian mirror; default: the first URI of the host's /etc/apt/sources.list.d/debian.sources
#   --security-mirror  Debian security archive (bookworm-security); default: the URI of the host's debian.sources
#             entry for a -security suite; "none" builds an image that gets no security updates
#   --out     output directory (default artifacts/images)
#   --deb     the nodeagent package (default artifacts/deb/nodeagent_*_ARCH.deb, built from the published binary if missing)
# Stages in stages/NN-name/ run in order; each prints what it does. A SKIP file in a stage skips it.
# The base root file system is cached in $NODEAGENT_IMAGE_CACHE (default /var/cache/nodeagent-images) by the hash
# of its inputs, so a rerun with the same package lists and mirror starts from there.
set -euo pipefail
# Host tools from the Debian packages scripts/depends names, found first where sudo finds them: not a tool manager's
# shims placed earlier in root's PATH. pyenv's python3 shim takes ≈ 0.6 s to start (Debian's python3 0.04 s), and
# mmdebstrap runs its path filter (mmtarfilter, Python) once per essential package: ≈ 30 s of a cold amd64 base.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=image-build/scripts/common.sh
. "$here/scripts/common.sh"

usage() { die "usage: build.sh BOARD [--mirror URL] [--security-mirror URL|none] [--out DIR] [--deb FILE]; boards: $(cd "$repo/boards" && ls ./*.json | sed 's|^\./||; s/\.json$//' | tr '\n' ' ')"; }
BOARD=${1:-}
[ -n "$BOARD" ] && [ "${BOARD#-}" = "$BOARD" ] || usage
shift
MIRROR="" SECURITY_MIRROR="" OUT="$repo/artifacts/images" DEB=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mirror) MIRROR=${2:?--mirror needs a URL}; shift 2 ;;
    --security-mirror) SECURITY_MIRROR=${2:?--security-mirror needs a URL or none}; shift 2 ;;
    --out) OUT=${2:?--out needs a directory}; shift 2 ;;
    --deb) DEB=${2:?--deb needs a file}; shift 2 ;;
    *) usage ;;
  esac
done
[[ "$BOARD" =~ ^[a-z0-9][a-z0-9-]*$ ]] || die "'$BOARD' is not a board id (a-z, 0-9, '-')"
BOARD_FILE="$repo/boards/$BOARD.json"
[ -f "$BOARD_FILE" ] || usage
command -v jq >/dev/null || die "jq is missing; install it with: apt-get install jq"
ARCH=$(jq -r '.arch // empty' "$BOARD_FILE")
[[ "$ARCH" =~ ^(amd64|arm64)$ ]] || die "$BOARD_FILE: arch '$ARCH' is not amd64 or arm64"
# xz preset of the .img.xz (stage 07): the architecture's line in stages/07-export/00-xz-presets (why each: there and
# README "Build time"), or NODEAGENT_IMAGE_XZ_PRESET for one build (6 for a release a few MiB smaller, 0 for a quick
# local one). The whole file is checked on every build, so a bad line fails the next build of any board.
presets="$here/stages/07-export/00-xz-presets"
XZ_PRESET="" n=0 seen=" "
while read -r line; do
  n=$((n + 1))
  [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
  [[ "$line" =~ ^(amd64|arm64)\ +([0-9])$ ]] || die "$presets line $n: '$line': want 'amd64 N' or 'arm64 N', N an xz preset 0-9"
  [[ "$seen" != *" ${BASH_REMATCH[1]} "* ]] || die "$presets line $n: a second line for ${BASH_REMATCH[1]}"
  seen+="${BASH_REMATCH[1]} "
  [ "${BASH_REMATCH[1]}" != "$ARCH" ] || XZ_PRESET=${BASH_REMATCH[2]}
done <"$presets"
XZ_PRESET_FROM="$ARCH in $(basename "$presets")"
if [ -n "${NODEAGENT_IMAGE_XZ_PRESET:-}" ]; then
  [[ "$NODEAGENT_IMAGE_XZ_PRESET" =~ ^[0-9]$ ]] || die "NODEAGENT_IMAGE_XZ_PRESET='$NODEAGENT_IMAGE_XZ_PRESET': want an xz preset, a digit 0-9"
  XZ_PRESET=$NODEAGENT_IMAGE_XZ_PRESET XZ_PRESET_FROM=NODEAGENT_IMAGE_XZ_PRESET
fi
[ -n "$XZ_PRESET" ] || die "$presets has no line for $ARCH (board $BOARD): add '$ARCH N', N an xz preset 0-9"
[ "$(id -u)" -eq 0 ] || die "mmdebstrap --mode=root, chroot and binfmt need root; run it with sudo"

log "checking host tools"
missing=()
while read -r tool package; do
  case "$tool" in ''|\#*) continue ;; esac
  if [ "${tool#/}" != "$tool" ]; then [ -e "$tool" ] || missing+=("$package"); else command -v "$tool" >/dev/null || missing+=("$package"); fi
done < <(cat "$here/scripts/depends" "$here/scripts/depends-$ARCH" 2>/dev/null)
if [ ${#missing[@]} -gt 0 ]; then
  die "missing host tools; install them with: apt-get install ${missing[*]}"
fi

[ "$(board_get .image.bootable)" != false ] || die "board $BOARD cannot boot an image yet: $(board_get .image.note)"
LAYOUT=$(board_get .image.partitionLayout)
if [ -z "$MIRROR" ]; then
  MIRROR=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$MIRROR" ] || die "no Debian mirror: the host has no URIs in /etc/apt/sources.list.d/debian.sources; pass --mirror URL"
fi
# A node is on a network for years: its sources include the security archive unless the builder says otherwise.
if [ -z "$SECURITY_MIRROR" ]; then
  SECURITY_MIRROR=$(awk 'BEGIN { RS = "" } /(^|\n)Suites:[^\n]*-security/ { if (match($0, /(^|\n)URIs: *[^ \n]+/)) { u = substr($0, RSTART, RLENGTH); sub(/^\n?URIs: */, "", u); print u; exit } }' \
    /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$SECURITY_MIRROR" ] || die "no Debian security mirror: the host's /etc/apt/sources.list.d/debian.sources has no -security suite; pass --security-mirror URL (e.g. the debian-security archive of your mirror), or --security-mirror none for an image without security updates"
fi
[ "$SECURITY_MIRROR" = none ] || [[ "$SECURITY_MIRROR" =~ ^(https?|file|copy|mirror\+[a-z]+)://[^[:space:]]+$ ]] \
  || die "--security-mirror '$SECURITY_MIRROR': want a URL (http://, https://, file://) or none"
[[ "$MIRROR" =~ ^(https?|file|copy|mirror\+[a-z]+)://[^[:space:]]+$ ]] || die "--mirror '$MIRROR': want a URL (http://, https://, file://)"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct)}
CACHE=${NODEAGENT_IMAGE_CACHE:-/var/cache/nodeagent-images}
WORK="$repo/artifacts/image-work/$BOARD"
ROOTFS="$WORK/rootfs"
mkdir -p "$OUT" "$WORK" "$CACHE"
OUT=$(cd "$OUT" && pwd)

if [ -z "$DEB" ]; then
  DEB=$(ls "$repo"/artifacts/deb/nodeagent_*_"$ARCH".deb 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$DEB" ]; then
    STAGE=deb log "no nodeagent package for $ARCH yet; building it"
    bash "$here/deb/build-deb.sh" "$ARCH"
    DEB=$(ls "$repo"/artifacts/deb/nodeagent_*_"$ARCH".deb | sort -V | tail -n 1)
  fi
fi
[ -f "$DEB" ] || die "$DEB does not exist"
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
export BOARD BOARD_FILE ARCH LAYOUT MIRROR SECURITY_MIRROR CACHE WORK ROOTFS OUT DEB XZ_PRESET XZ_PRESET_FROM here repo

cleanup() { for m in proc sys dev/pts dev; do mountpoint -q "$ROOTFS/$m" 2>/dev/null && umount -l "$ROOTFS/$m"; done; return 0; }
trap cleanup EXIT

# cpu_s: CPU seconds (user + system) of this script's finished children so far, each stage script with everything it
# ran (mmdebstrap, chroot, xz): fields 16 and 17 of /proc/PID/stat, in clock ticks. On a shared machine the wall
# time depends on the others' load; the CPU time much less.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($16 + $17) / hz }' "/proc/$$/stat"; }
cpu_since() { awk -v a="$1" -v b="$(cpu_s)" 'BEGIN { printf "%.1f", b - a }'; }

started=$(date +%s) started_cpu=$(cpu_s)
log "board $BOARD ($ARCH, $LAYOUT), nodeagent $(basename "$DEB"), SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH"
log "mirror $MIRROR, security mirror $SECURITY_MIRROR"
for stage_dir in "$here"/stages/[0-9][0-9]-*/; do
  STAGE=$(basename "$stage_dir")
  export STAGE
  if [ -f "$stage_dir/SKIP" ]; then log "skipped (SKIP file)"; continue; fi
  for script in "$stage_dir"[0-9][0-9]-*.sh; do
    [ -e "$script" ] || continue
    log "begin $(basename "$script")"
    t0=$(date +%s) c0=$(cpu_s)
    STAGE_DIR=$stage_dir bash "$script"
    log "end $(basename "$script") ($(( $(date +%s) - t0 )) s, CPU $(cpu_since "$c0") s)"
  done
done
STAGE=build log "done in $(( $(date +%s) - started )) s, CPU $(cpu_since "$started_cpu") s, load average $(cut -d' ' -f1-3 /proc/loadavg): $(ls "$OUT"/nodeagent-"$BOARD"-* 2>/dev/null | tr '\n' ' ')"
