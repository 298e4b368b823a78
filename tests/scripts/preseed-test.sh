#!/usr/bin/env bash
# The image's preseed reader (image-build/stages/04-firstboot/files/preseed.sh), run on the host against files
# written here: good files are applied where the node reads them, bad ones are rejected whole with every problem named.
# Prints "N passed, N failed"; exit status 1 when anything failed.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
reader=image-build/stages/04-firstboot/files/preseed.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); printf '[preseed] ok   %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf '[preseed] FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    /'; }
ssh-keygen -q -t ed25519 -N '' -f "$work/key" -C tester@host
pub=$(cat "$work/key.pub")
key32=$(head -c 32 /dev/zero | base64)

# run_reader FILE_CONTENT: loads and applies one file inside a subshell whose paths point into $work/root.
run_reader() {
  rm -rf "$work/root"; mkdir -p "$work/root/boot" "$work/root/state" "$work/root/etc/nodeagent" "$work/root/etc/serf" "$work/root/root"
  printf '%s' "$1" >"$work/root/boot/nodeagent.txt"
  (
    say() { printf '%s\n' "$*"; }
    state=$work/root/state
    # shellcheck source=image-build/stages/04-firstboot/files/preseed.sh
    . "$reader"
    PRESEED_PATHS=("$work/root/boot/nodeagent.txt")
    WIFI_CONF=$work/root/etc/wpa_supplicant/wpa_supplicant-wlan0.conf
    WIFI_WANTS=$work/root/etc/systemd/system/sys-subsystem-net-devices-wlan0.device.wants
    systemctl() { echo "$*" >>"$work/root/systemctl"; }
    # Applying writes absolute node paths; point them into the test root.
    install() { command install "${@/\/root\//$work/root/root/}"; }
    atomic_write() { local to=${1/#\/etc/$work/root/etc}; to=${to/#\/root/$work/root/root}; local tmp="$to.tmp"; cat >"$tmp" && chmod "$2" "$tmp" && mv -f "$tmp" "$to"; }
    # As the first-boot script does: load, then apply whatever load accepted (nothing when it rejected the file).
    preseed_load; rc=$?
    preseed_apply || exit 2
    exit $rc
  ) >"$work/out" 2>&1
  echo $? >"$work/rc"
}

expect_rejected() { # NAME CONTENT PATTERN...
  local name=$1 content=$2; shift 2
  run_reader "$content"
  local out; out=$(cat "$work/out")
  [ "$(cat "$work/rc")" = 1 ] || { bad "$name: accepted" "$out"; return; }
  [ -f "$work/root/boot/nodeagent.txt" ] || { bad "$name: the rejected file was moved" "$out"; return; }
  [ -z "$(find "$work/root/etc/nodeagent" "$work/root/etc/serf" "$work/root/root" -mindepth 1)" ] && [ ! -e "$work/root/etc/wpa_supplicant" ] \
    || { bad "$name: something was applied" "$(find "$work/root/etc" "$work/root/root")"; return; }
  local p
  for p in "$@"; do grep -qF -- "$p" "$work/root/state/preseed-errors" || { bad "$name: no '$p' in the report" "$out"; return; }; done
  ok "$name"
}

run_reader "# a node
NODE_NAME=sants-roof
COMMUNITY=Guifi Sants
SERF_JOIN=10.1.2.3,10.1.2.4:7947
SERF_ENCRYPT_KEY=$key32
SSH_AUTHORIZED_KEY=$pub
SSH_AUTHORIZED_KEY=$pub
"
out=$(cat "$work/out")
if [ "$(cat "$work/rc")" = 0 ] \
  && grep -q '"Name": "sants-roof", "Community": "Guifi Sants"' "$work/root/etc/nodeagent/nodeagent.json" \
  && grep -q '"retry_join": \["10.1.2.3","10.1.2.4:7947"\]' "$work/root/etc/serf/nodeagent.json" \
  && grep -qF "\"encrypt_key\": \"$key32\"" "$work/root/etc/serf/nodeagent.json" \
  && [ "$(stat -c %a "$work/root/etc/serf/nodeagent.json")" = 600 ] \
  && [ "$(grep -c . "$work/root/root/.ssh/authorized_keys")" = 2 ] \
  && [ ! -e "$work/root/boot/nodeagent.txt" ] && [ -f "$work/root/state/preseed.applied" ]; then
  ok "a full file is applied, its secrets moved off the boot partition"
else
  bad "a full file is applied" "$out"
fi
if command -v jq >/dev/null && jq -e . "$work/root/etc/nodeagent/nodeagent.json" "$work/root/etc/serf/nodeagent.json" >/dev/null; then
  ok "the written configuration files are valid JSON"
else
  bad "the written configuration files are valid JSON" "$(cat "$work/root/etc/nodeagent/nodeagent.json" "$work/root/etc/serf/nodeagent.json")"
fi

# Wi-Fi: an SSID with a quote and a space (written in hex), the passphrase kept only as its derived key.
wifi_psk='correct "horse" battery'
run_reader "WIFI_SSID=guifi \"sants\"
WIFI_PSK=$wifi_psk
WIFI_COUNTRY=ES
"
conf=$work/root/etc/wpa_supplicant/wpa_supplicant-wlan0.conf
expected_psk=$(printf '%s\n' "$wifi_psk" | wpa_passphrase 'guifi "sants"' | sed -nE 's/^[[:space:]]psk=([0-9a-f]{64})$/\1/p')
if [ "$(cat "$work/rc")" = 0 ] && [ "$(stat -c %a "$conf" 2>/dev/null)" = 600 ] \
  && grep -qx '  ssid=6775696669202273616e747322' "$conf" && grep -qx "  psk=$expected_psk" "$conf" && grep -qx 'country=ES' "$conf" \
  && ! grep -qF 'horse' "$conf" && ! grep -qF 'horse' "$work/out" \
  && [ "$(readlink "$work/root/etc/systemd/system/sys-subsystem-net-devices-wlan0.device.wants/wpa_supplicant@wlan0.service")" = /lib/systemd/system/wpa_supplicant@.service ] \
  && grep -qx 'daemon-reload' "$work/root/systemctl"; then
  ok "Wi-Fi is applied: SSID in hex, the passphrase only as its key (not in the file or the log), wpa_supplicant started by wlan0"
else
  bad "Wi-Fi is applied" "$(cat "$work/out" "$conf" "$work/root/systemctl" 2>&1)"
fi
run_reader $'WIFI_SSID=guifi.net\nWIFI_COUNTRY=ES\n'
grep -qx '  key_mgmt=NONE' "$conf" 2>/dev/null && ok "an open Wi-Fi network (no WIFI_PSK)" || bad "an open Wi-Fi network" "$(cat "$work/out" "$conf" 2>&1)"

run_reader $'NODE_NAME=crlf-node\r\nCOMMUNITY=x\r\n'
grep -q '"Name": "crlf-node", "Community": "x"' "$work/root/etc/nodeagent/nodeagent.json" 2>/dev/null \
  && ok "Windows line ends are read" || bad "Windows line ends are read" "$(cat "$work/out")"

expect_rejected "an unknown key" $'NODE_NAME=a\nWIFI_PASWORD=x\n' "line 2: unknown key WIFI_PASWORD"
expect_rejected "a bad node name, with the good lines not applied" $'NODE_NAME=Bad_Name\nSSH_AUTHORIZED_KEY='"$pub"$'\n' "line 1: NODE_NAME must be a DNS label"
expect_rejected "a repeated key" $'NODE_NAME=a\nNODE_NAME=b\n' "line 2: NODE_NAME is given twice"
expect_rejected "a line that is not KEY=VALUE" $'NODE_NAME a\n' "line 1: not KEY=VALUE"
expect_rejected "a short Serf key" "SERF_ENCRYPT_KEY=$(head -c 10 /dev/zero | base64)"$'\n' "SERF_ENCRYPT_KEY must be a base64 key of 16, 24 or 32 bytes"
expect_rejected "a Serf address with a bad port" $'SERF_JOIN=10.0.0.1:70000\n' "port must be 1-65535"
expect_rejected "a Serf address list with junk" $'SERF_JOIN=10.0.0.1,;rm -rf /\n' "is not ADDRESS or ADDRESS:PORT"
expect_rejected "a mangled SSH key" $'SSH_AUTHORIZED_KEY=ssh-ed25519 AAAAnotakey\n' "SSH_AUTHORIZED_KEY is not an OpenSSH public key line"
expect_rejected "a community with a quote" $'COMMUNITY=a"b\n' "COMMUNITY must be 1-63 characters"
expect_rejected "a short Wi-Fi passphrase" $'WIFI_SSID=x\nWIFI_PSK=short\nWIFI_COUNTRY=ES\n' "line 2: WIFI_PSK must be the passphrase (8-63 printable characters)"
expect_rejected "a Wi-Fi name over 32 bytes" "WIFI_SSID=$(printf 'n%.0s' {1..33})"$'\nWIFI_COUNTRY=ES\n' "line 1: WIFI_SSID must be the network's name: 1-32 bytes"
expect_rejected "Wi-Fi without its country" $'WIFI_SSID=guifi.net\nWIFI_PSK=12345678\n' "WIFI_SSID needs WIFI_COUNTRY"
expect_rejected "a Wi-Fi passphrase without a network" $'WIFI_PSK=12345678\n' "WIFI_PSK and WIFI_COUNTRY need WIFI_SSID"
expect_rejected "a lower-case country" $'WIFI_SSID=x\nWIFI_COUNTRY=es\n' "line 2: WIFI_COUNTRY must be a two-letter country code in capitals"
expect_rejected "every problem at once" $'FOO=1\nNODE_NAME=-x\n' "line 1: unknown key FOO" "line 2: NODE_NAME must be a DNS label"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
