#!/usr/bin/env bash
# Builds (once) the Debian bookworm rootfs the systemd tests boot with systemd-nspawn, and prints its path.
#
#   tests/scripts/nspawn-rootfs.sh            # path of the cached rootfs, built first if missing
#
# The rootfs is cached at $NODEAGENT_TEST_CACHE (default /var/cache/nodeagent-tests)/rootfs-bookworm-<hash>,
# where <hash> covers this script and the mirror: a change to either builds a new one (older ones are removed).
# Tests never write into it: they boot it through an overlay.
#
# Contents: minbase + systemd + dbus, and a local apt repository at /srv/nodeagent-repo, the container's
# only apt source, holding `hello` (a small real Debian package, downloaded here at build time) and
# `nodeagent-test-broken` (built here; its postinst fails). Tests install from it with the container's
# network private: at test time no traffic leaves the machine.
#
# The mirror comes from this host's apt sources (or NODEAGENT_TEST_MIRROR); none is written in the repository.
set -euo pipefail

log() { printf '[nspawn-rootfs] %s\n' "$*" >&2; }

for tool in mmdebstrap dpkg-deb sha256sum; do
  command -v "$tool" >/dev/null || { log "missing $tool: run tests/scripts/deps.sh's packages (apt-get install mmdebstrap)"; exit 69; }
done

# The bookworm mirror of this host: the first URIs of a deb822 stanza whose Suites has "bookworm" (not security),
# else the first "deb URL bookworm" line of sources.list.
host_mirror() {
  local f=/etc/apt/sources.list.d/debian.sources
  if [ -r "$f" ]; then
    awk 'BEGIN{RS=""} /Suites:[^\n]*bookworm([ \n]|$)/ && !/security/ { for (i=1;i<=NF;i++) if ($i=="URIs:") { print $(i+1); exit } }' "$f"
    return
  fi
  [ -r /etc/apt/sources.list ] && awk '$1=="deb" && $3=="bookworm" { print $2; exit }' /etc/apt/sources.list
}

mirror=${NODEAGENT_TEST_MIRROR:-$(host_mirror)}
[ -n "$mirror" ] || { log "no bookworm mirror in this host's apt sources; set NODEAGENT_TEST_MIRROR=URL"; exit 78; }

cache=${NODEAGENT_TEST_CACHE:-/var/cache/nodeagent-tests}
hash=$( { cat "$0"; echo "$mirror"; } | sha256sum | cut -c1-12)
rootfs="$cache/rootfs-bookworm-$hash"

if [ -f "$rootfs/.complete" ]; then
  echo "$rootfs"
  exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9   # two test runs on one machine build it once
if [ -f "$rootfs/.complete" ]; then echo "$rootfs"; exit 0; fi

# The test package whose postinst fails: proves apt failures come back with apt's own last lines.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/broken/DEBIAN"
cat >"$work/broken/DEBIAN/control" <<'EOF'
Package: nodeagent-test-broken
Version: 1.0
Architecture: all
Maintainer: NodeAgent tests <tests@invalid>
Description: package whose postinst fails (NodeAgent apt failure test)
EOF
printf '#!/bin/sh\necho "nodeagent-test-broken: refusing to configure" >&2\nexit 1\n' >"$work/broken/DEBIAN/postinst"
chmod 0755 "$work/broken/DEBIAN/postinst"
dpkg-deb --root-owner-group -b "$work/broken" "$work/nodeagent-test-broken_1.0_all.deb" >/dev/null

# Runs on the host after the packages are installed ($1 = the rootfs): fills the local repository and
# makes it the only apt source.
cat >"$work/customize.sh" <<'EOF'
#!/bin/sh
set -eu
root=$1 src=$2
repo=$root/srv/nodeagent-repo
mkdir -p "$repo"
chroot "$root" sh -c 'cd /srv/nodeagent-repo && apt-get download -q hello' >/dev/null
cp "$src"/nodeagent-test-broken_1.0_all.deb "$repo/"
: >"$repo/Packages"
for deb in "$repo"/*.deb; do
  dpkg-deb -f "$deb" >>"$repo/Packages"
  printf 'Filename: ./%s\nSize: %s\nSHA256: %s\n\n' "$(basename "$deb")" "$(stat -c %s "$deb")" \
    "$(sha256sum "$deb" | cut -d' ' -f1)" >>"$repo/Packages"
done
rm -f "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/*
echo 'deb [trusted=yes] file:/srv/nodeagent-repo ./' >"$root/etc/apt/sources.list.d/nodeagent-test.list"
rm -rf "$root"/var/lib/apt/lists/*
chroot "$root" apt-get update -q >/dev/null
# The container boots without a network: nothing should wait for one.
chroot "$root" systemctl mask systemd-networkd-wait-online.service >/dev/null 2>&1 || true
EOF
chmod 0755 "$work/customize.sh"

rm -rf "$rootfs.tmp"
log "building $rootfs from $mirror (takes ≈20-60 s)"
start=$(date +%s)
mmdebstrap --mode=root --variant=minbase --quiet \
  --include=systemd,dbus \
  --skip=cleanup/apt/lists \
  --customize-hook="$work/customize.sh \"\$1\" $work" \
  bookworm "$rootfs.tmp" "deb $mirror bookworm main"
touch "$rootfs.tmp/.complete"
# Older rootfs builds (other hashes) are dead weight.
find "$cache" -maxdepth 1 -name 'rootfs-bookworm-*' ! -name "rootfs-bookworm-$hash*" -exec rm -rf {} +
mv "$rootfs.tmp" "$rootfs"
log "built in $(( $(date +%s) - start )) s"
echo "$rootfs"
