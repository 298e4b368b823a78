#!/usr/bin/env bash
# The agent, installed from the same .deb people install on existing systems (its dependencies are in the base).
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "${here:?}/scripts/common.sh"
log "installing $(basename "$DEB")"
install -m 0644 "$DEB" "$ROOTFS/tmp/nodeagent.deb"
in_rootfs dpkg --install /tmp/nodeagent.deb >/dev/null
rm -f "$ROOTFS/tmp/nodeagent.deb"
in_rootfs systemctl is-enabled --quiet nodeagent.service || die "nodeagent.service is not enabled after installing the package"
