#!/usr/bin/env bash
# System configuration: networking, SSH (keys only), journal, locked root, no machine or host identity baked in.
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "${here:?}/scripts/common.sh"
files="$STAGE_DIR/files"

log "networkd for wired interfaces, resolved, SSH keys-only, journal limits"
install -D -m 0644 "$files/20-wired.network" "$ROOTFS/etc/systemd/network/20-wired.network"
install -D -m 0644 "$files/25-wireless.network" "$ROOTFS/etc/systemd/network/25-wireless.network"
install -D -m 0644 "$files/sshd-nodeagent.conf" "$ROOTFS/etc/ssh/sshd_config.d/nodeagent.conf"
install -D -m 0644 "$files/journald-nodeagent.conf" "$ROOTFS/etc/systemd/journald.conf.d/nodeagent.conf"
in_rootfs systemctl enable --quiet systemd-networkd.service systemd-resolved.service ssh.service avahi-daemon.service serf.service

log "file systems by label ($LAYOUT)"
case "$LAYOUT" in
  gpt-uefi-bios)
    printf 'LABEL=NODEROOT / ext4 defaults,noatime,commit=60 0 1\nLABEL=NODEEFI /boot/efi vfat umask=0077,nofail 0 2\n' >"$ROOTFS/etc/fstab"
    install -d "$ROOTFS/boot/efi" ;;
  mbr-raspi)
    printf 'LABEL=RASPIROOT / ext4 defaults,noatime,commit=60 0 1\nLABEL=RASPIFIRM /boot/firmware vfat umask=0077,nofail 0 2\n' >"$ROOTFS/etc/fstab"
    install -d "$ROOTFS/boot/firmware" ;;
  *) die "partition layout '$LAYOUT' of board $BOARD is not built yet" ;;
esac

log "no passwords, no identity: root locked; machine-id, SSH host keys and hostname are made at first boot"
in_rootfs usermod --password '!' root
printf 'uninitialized\n' >"$ROOTFS/etc/machine-id"
rm -f "$ROOTFS/var/lib/dbus/machine-id" "$ROOTFS"/etc/ssh/ssh_host_*
printf 'nodeagent\n' >"$ROOTFS/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tnodeagent\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOTFS/etc/hosts"
