# shellcheck shell=bash
# Host packages the test suite needs; sourced by tests/run.sh. Installs only what is missing.
TEST_PACKAGES=(
  clang                       # NativeAOT links with clang
  gcc-aarch64-linux-gnu       # arm64 cross linking: C runtime objects
  binutils-aarch64-linux-gnu  # arm64 cross linking: bfd linker
  qemu-user                   # runs the arm64 binary on this x64 host
  libc6-dev-arm64-cross       # arm64 glibc for linking and for qemu-aarch64 -L
  serf                        # real Serf agents for the discovery tests (loopback only)
  etcd-server                 # real etcd members for the discovery tests (loopback only)
  wpasupplicant               # wpa_passphrase: the preseed test applies a Wi-Fi network
  systemd                     # systemd-analyze verify checks the limits drop-ins the agent writes
  systemd-container           # systemd-nspawn: boots a real systemd for the service tests
  mmdebstrap                  # builds the bookworm rootfs those containers boot (tests/scripts/nspawn-rootfs.sh)
  dbus                        # dbus-daemon: a bus without systemd on it (SystemdUnavailableTests), and one per avahi namespace
  avahi-daemon                # real mDNS responders in network namespaces (tests/scripts/avahi-netns.sh)
  avahi-utils                 # avahi-browse: what the LAN sees
  iproute2                    # ip netns, veth
  dpkg-dev                    # image tests: dpkg-deb builds the nodeagent package
  jq                          # image tests: board profiles, sfdisk output
  fdisk                       # image tests: sfdisk writes the partition table onto the image file
  dosfstools                  # image tests: mkfs.vfat
  mtools                      # image tests: files into FAT images without loop mounts
  grub-efi-amd64-bin          # image tests: GRUB for UEFI
  grub-pc-bin                 # image tests: GRUB for BIOS
  bmap-tools                  # image tests: .bmap
  xz-utils                    # image tests: .img.xz
  openssl                     # image tests: the CA certificates' hash links, made on the host (00-ca-certificates-hook)
  e2fsprogs                   # image tests: mkfs.ext4 -d; debugfs reads the kernel and initrd out of the image (storage boots)
  qemu-system-x86             # image tests: boots the amd64 image (TCG)
  qemu-system-arm             # image tests: boots the arm64 image (qemu-system-aarch64 -M virt, TCG)
  ovmf                        # image tests: UEFI firmware for QEMU
  openssh-client              # image tests: reaches the booted image through the preseeded key
  dnsmasq-base                # image cloud test: the LAN's DHCP server in the network namespace the two nodes share
  qemu-user-static            # arm64 images: maintainer scripts under binfmt (replaces qemu-user-binfmt)
  binfmt-support              # arm64 images
  arch-test                   # arm64 images: mmdebstrap checks the foreign architecture with it
  chromium                    # web UI end-to-end tests: Playwright drives /usr/bin/chromium (its own browser download cannot work offline)
)

ensure_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "[deps] installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# arm64 images run their maintainer scripts through binfmt. qemu-user-static ships its registration for
# systemd-binfmt (/usr/lib/binfmt.d), which only a booted systemd applies: on a machine without systemd as PID 1
# binfmt_misc may not even be mounted, and then nothing is registered although the packages are installed.
ensure_binfmt_aarch64() {
  local dir=/proc/sys/fs/binfmt_misc conf=/usr/lib/binfmt.d/qemu-aarch64.conf
  [ -e "$dir/qemu-aarch64" ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  mountpoint -q "$dir" || $sudo mount -t binfmt_misc binfmt_misc "$dir"
  [ -e "$dir/qemu-aarch64" ] || grep -v '^#' "$conf" | $sudo tee "$dir/register" >/dev/null
  # Not fatal: every other test can still run, and the arm64 image build then says what is missing.
  if [ -e "$dir/qemu-aarch64" ]; then
    echo "[deps] registered qemu-aarch64 with binfmt_misc ($conf)"
  else
    echo "[deps] warning: could not register qemu-aarch64 with binfmt_misc; the arm64 image tests will fail" >&2
  fi
}
