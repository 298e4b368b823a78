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
  systemd                     # systemd-analyze verify checks the limits drop-ins the agent writes
  systemd-container           # systemd-nspawn: boots a real systemd for the service tests
  mmdebstrap                  # builds the bookworm rootfs those containers boot (tests/scripts/nspawn-rootfs.sh)
  dbus                        # dbus-daemon: a bus without systemd on it (SystemdUnavailableTests)
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
