#!/usr/bin/env bash
# Runs the whole NodeAgent test suite on a fresh Debian 12 machine with the .NET 10 SDK:
#   1. installs the host packages the tests need (tests/scripts/deps.sh);
#   2. publishes the NativeAOT binary for linux-x64 and linux-arm64, failing on any trim/AOT
#      warning except LiteDB's (listed in README with why they cannot bite);
#   3. checks the arm64 binary runs (under qemu-user);
#   4. builds (or reuses) the bookworm rootfs the systemd tests boot under systemd-nspawn;
#   5. runs the xunit suite, whose process tests drive the published x64 binary;
#   6. builds the .deb and the images and boots them under QEMU (tests/scripts/image-boot-test.sh);
#   7. prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=tests/scripts/deps.sh
. tests/scripts/deps.sh
ensure_packages "${TEST_PACKAGES[@]}"
ensure_binfmt_aarch64

log() { printf '[tests] %s\n' "$*"; }

publish() {
  local rid=$1 out="$root/artifacts/publish/$1" logf="$root/artifacts/publish-$1.log"
  log "publishing $rid (NativeAOT)"
  mkdir -p "$root/artifacts"
  if ! dotnet publish src/NodeAgent -c Release -r "$rid" -o "$out" >"$logf" 2>&1; then
    cat "$logf"
    log "FAIL: publish for $rid failed"
    exit 1
  fi
  # Only the package warnings README lists under "Trim warnings from packages" are allowed.
  local unexpected
  unexpected=$(grep -E 'warning (IL|CS|CA|MSB|NU)[0-9]+' "$logf" | grep -vE "IL(2104|3053): Assembly '(LiteDB|System.Device.Gpio)' produced" | sort -u || true)
  if [ -n "$unexpected" ]; then
    echo "$unexpected"
    log "FAIL: unexpected warnings publishing $rid"
    exit 1
  fi
  log "$rid: $(stat -c %s "$out/nodeagent") bytes"
}

publish linux-x64
publish linux-arm64
arm_version=$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$root/artifacts/publish/linux-arm64/nodeagent" version)
case "$arm_version" in
  *arm64*) log "arm64 binary runs: $arm_version" ;;
  *) log "FAIL: arm64 binary said '$arm_version'"; exit 1 ;;
esac

# The bookworm rootfs the service tests boot with systemd-nspawn (cached under /var/cache/nodeagent-tests).
log "preparing the systemd-nspawn rootfs"
NODEAGENT_TEST_ROOTFS=$(tests/scripts/nspawn-rootfs.sh)
export NODEAGENT_TEST_ROOTFS
log "rootfs: $NODEAGENT_TEST_ROOTFS"

results="$root/artifacts/test-results"
rm -rf "$results"
log "running xunit"
set +e
NODEAGENT_BIN="$root/artifacts/publish/linux-x64/nodeagent" \
  dotnet test NodeAgent.sln -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?
set -e
trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -z "$trx" ]; then
  log "FAIL: no test results were written"
  echo "0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
failed=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
skipped=$(sed -E 's/.* notExecuted="([0-9]+)".*/\1/' <<<"$counters")

# Script tests outside xunit, each ending with "N passed, N failed": the image's preseed reader, then the
# .deb, the images and their QEMU boots (image-build/README.md), then two nodes from that image on one LAN.
for script in tests/scripts/preseed-test.sh tests/scripts/image-boot-test.sh tests/scripts/image-cloud-test.sh; do
  log "running $script"
  logf="$root/artifacts/$(basename "$script" .sh).log"
  bash "$script" 2>&1 | tee "$logf" || status=1
  if [[ "$(tail -n 1 "$logf")" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
  else
    log "FAIL: $script did not finish (see $logf)"; failed=$((failed + 1)); status=1
  fi
done
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
