#!/usr/bin/env bash
# Bootloader files. gpt-uefi-bios: GRUB built from the host's grub-*-bin modules (the image carries no GRUB package:
# nothing on the node rewrites the bootloader), grub.cfg in the root file system. mbr-raspi: the firmware's own files.
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "${here:?}/scripts/common.sh"
files="$STAGE_DIR/files"
case "$LAYOUT" in
  gpt-uefi-bios)
    [ "$ARCH" = amd64 ] || die "gpt-uefi-bios is built for amd64 only so far (GRUB for arm64 UEFI is a next step)"
    mapfile -t modules < <(grep -vE '^\s*(#|$)' "$files/grub-modules")
    log "grub.cfg and module directories in /boot/grub"
    install -D -m 0644 "$files/grub.cfg" "$ROOTFS/boot/grub/grub.cfg"
    for platform in i386-pc x86_64-efi; do
      rm -rf "$ROOTFS/boot/grub/$platform"
      install -d "$ROOTFS/boot/grub/$platform"
      cp /usr/lib/grub/$platform/*.mod /usr/lib/grub/$platform/*.lst "$ROOTFS/boot/grub/$platform/"
    done
    log "EFI/BOOT/BOOTX64.EFI (UEFI)"
    grub-mkimage -O x86_64-efi -o "$WORK/BOOTX64.EFI" -p /boot/grub -c "$files/early.cfg" "${modules[@]}" efi_gop
    log "core.img (BIOS, patched into the BIOS boot partition by 06-disk)"
    grub-mkimage -O i386-pc -o "$WORK/core.img" -p /boot/grub -c "$files/early.cfg" "${modules[@]}" biosdisk
    cmp -n 500 "$WORK/core.img" /usr/lib/grub/i386-pc/diskboot.img >/dev/null \
      || die "core.img does not start with diskboot.img; this grub-mkimage lays BIOS images out differently"
    cp /usr/lib/grub/i386-pc/boot.img "$WORK/boot.img" ;;
  mbr-raspi)
    # raspi-firmware filled /boot/firmware when the kernel was installed, guessing the root device
    # (/dev/mmcblk0p2: wrong when booting from USB) and the console from the build host. Name both, in its
    # settings (kept for every later kernel update) and in the cmdline.txt it already wrote.
    log "raspi-firmware: root by label, serial console on the GPIO UART"
    sed -i -E 's|^#?ROOTPART=.*|ROOTPART=LABEL=RASPIROOT|; s|^#?CONSOLES=.*|CONSOLES="ttyS1,115200 tty0"|' "$ROOTFS/etc/default/raspi-firmware"
    grep -q '^ROOTPART=LABEL=RASPIROOT$' "$ROOTFS/etc/default/raspi-firmware" || die "/etc/default/raspi-firmware has no ROOTPART line to set"
    sed -i -E 's|root=[^ ]+|root=LABEL=RASPIROOT|; s|console=[^ ]+ ?||g; s|^|console=ttyS1,115200 console=tty0 |' "$ROOTFS/boot/firmware/cmdline.txt"
    log "cmdline.txt: $(cat "$ROOTFS/boot/firmware/cmdline.txt")" ;;
esac
