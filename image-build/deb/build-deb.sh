#!/usr/bin/env bash
# Builds nodeagent_<version>_<arch>.deb from the NativeAOT binary in artifacts/publish/linux-<rid>/.
#   image-build/deb/build-deb.sh amd64|arm64 [--out DIR]
# Reproducible: owners are root:root, every mtime is SOURCE_DATE_EPOCH (default: the last commit's time),
# and dpkg-deb stamps the archive members with the same time; two builds from one binary are byte-identical.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
log() { printf '[deb] %s\n' "$*"; }
die() { printf '[deb] error: %s\n' "$*" >&2; exit 1; }

arch=${1:-}
shift || true
out="$repo/artifacts/deb"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    *) die "unknown argument '$1'; usage: build-deb.sh amd64|arm64 [--out DIR]" ;;
  esac
done
case "$arch" in
  amd64) rid=linux-x64 ;;
  arm64) rid=linux-arm64 ;;
  *) die "architecture '$arch' is not packaged; give amd64 or arm64" ;;
esac
for tool in dpkg-deb git; do
  command -v "$tool" >/dev/null || die "$tool is missing; apt-get install dpkg git"
done

bin="$repo/artifacts/publish/$rid/nodeagent"
[ -x "$bin" ] || die "$bin does not exist; publish it first: dotnet publish src/NodeAgent -c Release -r $rid -o artifacts/publish/$rid"

# The package version is the binary's own, so the two can never disagree.
case "$arch" in
  amd64) version_line=$("$bin" version) ;;
  arm64) version_line=$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$bin" version) ;;
esac
version=$(printf '%s\n' "$version_line" | grep -oE '[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.~+-]*' | head -n 1)
[ -n "$version" ] || die "'$bin version' printed '$version_line', which holds no version"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct)}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
log "staging nodeagent $version for $arch"
install -D -m 0755 "$bin" "$root/usr/bin/nodeagent"
# Iot.Device.Bindings ships libSystem.IO.Ports.Native.so beside the binary; only SerialPort loads it and the
# agent opens no serial port, so it stays out of the package (README: "Packaging").
install -D -m 0644 "$here/files/nodeagent.service" "$root/usr/lib/systemd/system/nodeagent.service"
install -D -m 0644 "$here/files/sysusers.conf" "$root/usr/lib/sysusers.d/nodeagent.conf"
install -D -m 0644 "$here/files/nodeagent.json" "$root/etc/nodeagent/nodeagent.json"
install -D -m 0644 "$repo/README.md" "$root/usr/share/doc/nodeagent/README.md"
install -D -m 0644 "$here/README.md" "$root/usr/share/doc/nodeagent/PACKAGING.md"

install -d -m 0755 "$root/DEBIAN"
for script in postinst prerm postrm; do
  install -m 0755 "$here/files/$script" "$root/DEBIAN/$script"
done
printf '/etc/nodeagent/nodeagent.json\n' >"$root/DEBIAN/conffiles"
(cd "$root" && find usr etc -type f -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
installed_size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$installed_size/" \
  "$here/files/control" >"$root/DEBIAN/control"

# Fixed metadata: permissions from install -m, owners from --root-owner-group, times from SOURCE_DATE_EPOCH.
find "$root" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$out"
deb="$out/nodeagent_${version}_${arch}.deb"
log "building $deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
log "done: $deb ($(stat -c %s "$deb") bytes, sha256 $(sha256sum "$deb" | cut -c1-16)…)"
