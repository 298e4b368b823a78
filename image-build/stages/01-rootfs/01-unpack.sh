#!/usr/bin/env bash
# A fresh copy of the cached base to customise: reruns never build on a previous run's leftovers.
set -euo pipefail
# shellcheck source=image-build/scripts/common.sh
. "${here:?}/scripts/common.sh"
log "unpacking $(basename "$(readlink "$WORK/rootfs.tar")") into $ROOTFS"
rm -rf "$ROOTFS"
mkdir -p "$ROOTFS"
tar -C "$ROOTFS" --numeric-owner --xattrs --xattrs-include='*' -xpf "$WORK/rootfs.tar"
