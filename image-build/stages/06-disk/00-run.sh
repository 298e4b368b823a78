#!/usr/bin/env bash
# The disk image, without loop devices: each file system is made in a file (mkfs.ext4 -d, mkfs.vfat + mtools),
# the partition table is written onto the image file with sfdisk, and the partitions are copied in with dd.
# Every UUID, volume id and time is derived from the board and SOURCE_DATE_EPOCH, so two builds give the same bytes.
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "${here:?}/scripts/common.sh"
files="$STAGE_DIR/files"
img="$WORK/disk.img"

# uuid_for NAME: a stable UUID for one object of this build.
uuid_for() { sha256sum <<<"$BOARD $SOURCE_DATE_EPOCH $1" | sed -E 's/^(.{8})(.{4}).(.{3}).(.{3})(.{12}).*/\1-\2-4\3-8\4-\5/'; }
volid_for() { sha256sum <<<"$BOARD $SOURCE_DATE_EPOCH $1" | cut -c1-8; }
# put_u64 FILE OFFSET VALUE / put_u16: little-endian integers into a file in place.
put_le() { local v=$3 bytes="" i; for ((i = 0; i < $4; i++)); do bytes+=$(printf '\\x%02x' $(( (v >> (8 * i)) & 255 ))); done; printf "$bytes" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
dd_in() { dd if="$1" of="$img" bs=1M seek="$2" conv=notrunc,sparse status=none; }

mkfs_root() { # LABEL SIZE_MB
  log "ext4 root file system $1 (${2} MiB) from $ROOTFS"
  rm -f "$WORK/root.img"
  # The build's own logs (dpkg, apt, alternatives) record when it ran, not what the node did: start them empty.
  find "$ROOTFS/var/log" -type f -exec truncate -s 0 {} +
  rm -f "$ROOTFS/var/cache/ldconfig/aux-cache" "$ROOTFS"/var/cache/debconf/*-old
  file_mtime_clamp "$ROOTFS"
  local uuid; uuid=$(uuid_for root-fs)
  E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH mkfs.ext4 -q -F -L "$1" -U "$uuid" -E "hash_seed=$uuid,root_owner=0:0" \
    -m 1 -d "$ROOTFS" "$WORK/root.img" "${2}M"
  # mkfs.ext4 -d copies each file's ctime and atime, which are the time of this build (e2fsprogs 1.47.0 knows
  # no SOURCE_DATE_EPOCH): set them, and the creation time, to SOURCE_DATE_EPOCH in one debugfs pass.
  (cd "$ROOTFS" && { echo /; find . -xdev -mindepth 1 -printf '/%P\n'; }) | sed 's/"/\\"/g' \
    | awk -v t="@$SOURCE_DATE_EPOCH" '{ for (f = 1; f <= 3; f++) printf "sif \"%s\" %s %s\n", $0, (f == 1 ? "ctime" : f == 2 ? "atime" : "crtime"), t }' \
    >"$WORK/root-times.debugfs"
  E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH debugfs -f "$WORK/root-times.debugfs" -w "$WORK/root.img" >"$WORK/root-times.log" 2>&1
  if grep -v '^debugfs' "$WORK/root-times.log" | grep -q .; then
    die "debugfs could not set file times in root.img: $(grep -v '^debugfs' "$WORK/root-times.log" | head -3)"
  fi
}

mkfs_fat() { # LABEL SIZE_MB FILE SRC_DIR [mkfs.vfat options]
  log "FAT file system $1 (${2} MiB)"
  rm -f "$3"
  mkfs.vfat -C --invariant ${5:-} -n "$1" -i "$(volid_for "$1")" "$3" $(( $2 * 1024 )) >/dev/null
  if [ -n "$(ls -A "$4")" ]; then
    file_mtime_clamp "$4"
    MTOOLS_SKIP_CHECK=1 mcopy -s -m -i "$3" "$4"/* ::/
  fi
}

root_mb() { # rootfs size plus room for logs, the store and a kernel update; first boot grows it to the card
  local used; used=$(du -s -B1M --apparent-size "$ROOTFS" | cut -f1)
  echo $(( used * 115 / 100 + 160 ))
}

rm -f "$img"
case "$LAYOUT" in
  gpt-uefi-bios)
    # 1 MiB BIOS boot (GRUB core.img) at 1 MiB, 32 MiB EFI system partition at 2 MiB, root from 34 MiB.
    size=$(root_mb)
    esp="$WORK/esp"; rm -rf "$esp"; install -d "$esp/EFI/BOOT"
    install -m 0644 "$WORK/BOOTX64.EFI" "$esp/EFI/BOOT/BOOTX64.EFI"
    install -m 0644 "$files/nodeagent.txt.example" "$esp/nodeagent.txt.example"
    mkfs_fat NODEEFI 32 "$WORK/esp.img" "$esp"
    mkfs_root NODEROOT "$size"
    log "GPT: bios-boot, esp, root; $((34 + size + 1)) MiB"
    truncate -s $(( (34 + size + 1) * 1024 * 1024 )) "$img"
    sfdisk --quiet "$img" <<SFDISK
label: gpt
label-id: $(uuid_for disk)
first-lba: 2048
start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, name=bios, uuid=$(uuid_for p1)
start=4096, size=$(( 32 * 2048 )), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=esp, uuid=$(uuid_for p2)
start=$(( 34 * 2048 )), size=$(( size * 2048 )), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=root, uuid=$(uuid_for p3)
SFDISK
    dd_in "$WORK/esp.img" 2
    dd_in "$WORK/root.img" 34
    log "BIOS: boot.img in the MBR, core.img in the BIOS boot partition, block lists patched"
    # What grub-bios-setup does, which refuses image files: boot.img's code (440 bytes, the partition table stays)
    # learns the sector of core.img; core.img's first sector (diskboot.img) learns where the rest of core.img is.
    core_lba=2048
    core_sectors=$(( ($(stat -c %s "$WORK/core.img") + 511) / 512 ))
    [ "$core_sectors" -le 2048 ] || die "core.img is $core_sectors sectors, more than the 1 MiB BIOS boot partition"
    cp "$WORK/core.img" "$WORK/core.patched"
    put_le "$WORK/core.patched" $(( 0x200 - 12 )) $(( core_lba + 1 )) 8
    put_le "$WORK/core.patched" $(( 0x200 - 4 )) $(( core_sectors - 1 )) 2
    cp "$WORK/boot.img" "$WORK/boot.patched"
    put_le "$WORK/boot.patched" $(( 0x5c )) "$core_lba" 8
    dd if="$WORK/boot.patched" of="$img" bs=440 count=1 conv=notrunc status=none
    dd if="$WORK/core.patched" of="$img" bs=512 seek="$core_lba" conv=notrunc status=none
    ;;
  mbr-raspi)
    # 256 MiB FAT32 firmware partition at 4 MiB (kernel, initrd, device trees, config.txt), root after it.
    size=$(root_mb)
    fw="$WORK/firmware"; rm -rf "$fw"; cp -a "$ROOTFS/boot/firmware" "$fw"
    find "$ROOTFS/boot/firmware" -mindepth 1 -delete
    install -m 0644 "$files/nodeagent.txt.example" "$fw/nodeagent.txt.example"
    mkfs_fat RASPIFIRM 256 "$WORK/fw.img" "$fw" "-F 32"
    mkfs_root RASPIROOT "$size"
    log "MBR: firmware, root; $((260 + size)) MiB"
    truncate -s $(( (260 + size) * 1024 * 1024 )) "$img"
    sfdisk --quiet "$img" <<SFDISK
label: dos
label-id: 0x$(volid_for disk)
start=4MiB, size=256MiB, type=c
start=260MiB, size=${size}MiB, type=83
SFDISK
    dd_in "$WORK/fw.img" 4
    dd_in "$WORK/root.img" 260
    ;;
esac
log "disk image $(( $(stat -c %s "$img") / 1024 / 1024 )) MiB, root file system $(du -s -B1M --apparent-size "$ROOTFS" | cut -f1) MiB used"
