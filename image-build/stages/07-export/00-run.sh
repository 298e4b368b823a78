#!/usr/bin/env bash
# What people download: .img.xz, its .sha256, a .bmap (bmaptool copies only the used blocks), and for Raspberry Pi
# boards an entry for a Raspberry Pi Imager repository (os_list JSON).
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "${here:?}/scripts/common.sh"
img="$WORK/disk.img"
version=$(basename "$DEB" | sed -E 's/^nodeagent_([^_]+)_.*/\1/')
name="nodeagent-$BOARD-$version"
rm -f "$OUT/$name".*
log "bmap"
bmaptool -q create -o "$OUT/$name.bmap" "$img"
if [ "${NODEAGENT_IMAGE_COMPRESS:-1}" = 0 ]; then
  log "NODEAGENT_IMAGE_COMPRESS=0: raw image only ($img), no .img.xz"
  exit 0
fi
log "xz -$XZ_PRESET ($XZ_PRESET_FROM; two threads, so the result does not depend on the machine's core count)"
heavy xz -T2 "-${XZ_PRESET:?}" -c "$img" >"$OUT/$name.img.xz.partial"
mv "$OUT/$name.img.xz.partial" "$OUT/$name.img.xz"
(cd "$OUT" && sha256sum "$name.img.xz" >"$name.img.xz.sha256")
if [ "$LAYOUT" = mbr-raspi ]; then
  log "Raspberry Pi Imager entry"
  jq -n --arg name "NodeAgent ($(board_get .name))" --arg url "$name.img.xz" \
    --arg date "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)" \
    --argjson extract_size "$(stat -c %s "$img")" --arg extract_sha256 "$(sha256sum "$img" | cut -d' ' -f1)" \
    --argjson download_size "$(stat -c %s "$OUT/$name.img.xz")" --arg download_sha256 "$(cut -d' ' -f1 "$OUT/$name.img.xz.sha256")" \
    --arg board "$BOARD" '{os_list: [{
      name: $name,
      description: "Debian bookworm community-cloud node with NodeAgent (\($board)). No passwords: add SSH keys in nodeagent.txt on the boot partition.",
      url: $url, release_date: $date,
      extract_size: $extract_size, extract_sha256: $extract_sha256,
      image_download_size: $download_size, image_download_sha256: $download_sha256 }]}' >"$OUT/$name.rpi-imager.json"
fi
log "$OUT/$name.img.xz: $(( $(stat -c %s "$OUT/$name.img.xz") / 1024 / 1024 )) MiB, sha256 $(cut -c1-16 "$OUT/$name.img.xz.sha256")…"
