#!/usr/bin/env bash
# Image numbers for one board: build time (cold: base root file system not cached; warm: cached), raw image,
# used and .img.xz sizes, and whether two builds from the same inputs give the same bytes.
#   sudo bench/images.sh BOARD [--cold]
# --cold deletes this board's cached base first, so the first build includes mmdebstrap.
set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
board=${1:?usage: bench/images.sh BOARD [--cold]}
arch=$(jq -r .arch "boards/$board.json")
cache=${NODEAGENT_IMAGE_CACHE:-/var/cache/nodeagent-images}
[ "${2:-}" != --cold ] || rm -f "$cache"/rootfs-"$arch"-*.tar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

build() { # N: one full build into $out/N; prints its seconds
  local t; t=$(date +%s)
  bash image-build/build.sh "$board" --out "$out/$1" >"$out/build-$1.log" 2>&1 || { tail -20 "$out/build-$1.log" >&2; exit 1; }
  echo $(( $(date +%s) - t ))
}
first=$(build 1)
raw1=$(sha256sum "artifacts/image-work/$board/disk.img" | cut -d' ' -f1)
second=$(build 2)
raw2=$(sha256sum "artifacts/image-work/$board/disk.img" | cut -d' ' -f1)
xz1=$(cat "$out"/1/*.img.xz.sha256 | cut -d' ' -f1)
xz2=$(cat "$out"/2/*.img.xz.sha256 | cut -d' ' -f1)
img="artifacts/image-work/$board/disk.img"
printf '%-44s %s\n' \
  "board" "$board ($arch)" \
  "build time, first run" "$first s" \
  "build time, base cached" "$second s" \
  "raw image" "$(( $(stat -c %s "$img") / 1048576 )) MiB" \
  "root file system used" "$(du -s -B1M --apparent-size "artifacts/image-work/$board/rootfs" | cut -f1) MiB" \
  ".img.xz" "$(( $(stat -c %s "$out"/2/*.img.xz) / 1048576 )) MiB" \
  "same raw image from two builds" "$([ "$raw1" = "$raw2" ] && echo yes || echo "no ($raw1 / $raw2)")" \
  "same .img.xz from two builds" "$([ "$xz1" = "$xz2" ] && echo yes || echo no)"
