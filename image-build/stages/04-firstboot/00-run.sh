#!/usr/bin/env bash
# First boot: the one-shot unit, its script and the preseed reader.
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "${here:?}/scripts/common.sh"
files="$STAGE_DIR/files"
log "nodeagent-firstboot.service (grow root, SSH host keys, host name, preseed)"
install -D -m 0755 "$files/firstboot" "$ROOTFS/usr/lib/nodeagent/firstboot"
install -D -m 0644 "$files/preseed.sh" "$ROOTFS/usr/lib/nodeagent/preseed.sh"
install -D -m 0644 "$files/nodeagent-firstboot.service" "$ROOTFS/usr/lib/systemd/system/nodeagent-firstboot.service"
install -D -m 0644 "$files/ssh-needs-a-key.conf" "$ROOTFS/etc/systemd/system/ssh.service.d/nodeagent.conf"
in_rootfs systemctl enable --quiet nodeagent-firstboot.service
