# shellcheck shell=bash
# The preseed file: nodeagent.txt on the boot partition (FAT, so it can be edited on any computer after flashing).
# KEY=VALUE lines, '#' comments, blank lines; Windows line ends are fine. Read strictly: an unknown key, a
# repeated key or a bad value rejects the whole file, every problem is reported, nothing of it is applied and
# the node boots on defaults. The file stays where it is, so it can be fixed on the card; the next boot reads it again.
# Once applied it is moved off the boot partition (it may hold the Serf key, and anyone holding the card can read FAT).

: "${state:?the first-boot script sets state to its state directory}"
PRESEED_PATHS=(/boot/firmware/nodeagent.txt /boot/efi/nodeagent.txt)
PRESEED_KEYS=(NODE_NAME COMMUNITY SERF_JOIN SERF_ENCRYPT_KEY SSH_AUTHORIZED_KEY WIFI_SSID WIFI_PSK WIFI_COUNTRY)
WIFI_CONF=/etc/wpa_supplicant/wpa_supplicant-wlan0.conf
WIFI_WANTS=/etc/systemd/system/sys-subsystem-net-devices-wlan0.device.wants
declare -A PRESEED=()
SSH_KEYS=()
PRESEED_FILE=""

preseed_check() {
  local key=$1 value=$2
  case "$key" in
    NODE_NAME) [[ "$value" =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] \
      || echo "must be a DNS label: 1-63 characters a-z, 0-9 and '-', not starting or ending with '-'" ;;
    COMMUNITY) [[ "$value" =~ ^[A-Za-z0-9][A-Za-z0-9\ ._-]{0,62}$ ]] \
      || echo "must be 1-63 characters: letters, digits, space, '.', '_' or '-', starting with a letter or digit" ;;
    SERF_JOIN)
      local a port
      IFS=, read -r -a addrs <<<"$value"
      [ ${#addrs[@]} -gt 0 ] && [ ${#addrs[@]} -le 16 ] || { echo "must list 1-16 addresses, comma-separated"; return; }
      for a in "${addrs[@]}"; do
        if [[ ! "$a" =~ ^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]+\])(:([0-9]{1,5}))?$ ]]; then
          echo "'$a' is not ADDRESS or ADDRESS:PORT (e.g. 10.1.2.3:7946)"; return
        fi
        port=${BASH_REMATCH[3]:-7946}
        [ "$((10#$port))" -ge 1 ] && [ "$((10#$port))" -le 65535 ] || { echo "'$a': port must be 1-65535"; return; }
      done ;;
    SERF_ENCRYPT_KEY)
      local n
      n=$(printf '%s' "$value" | base64 -d 2>/dev/null | wc -c)
      [[ "$value" =~ ^[A-Za-z0-9+/]+={0,2}$ ]] && [[ "$n" =~ ^(16|24|32)$ ]] \
        || echo "must be a base64 key of 16, 24 or 32 bytes, as 'serf keygen' prints" ;;
    SSH_AUTHORIZED_KEY)
      [[ "$value" =~ ^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)\ [A-Za-z0-9+/]+={0,3}(\ [[:print:]]*)?$ ]] \
        && printf '%s\n' "$value" | ssh-keygen -l -f - >/dev/null 2>&1 \
        || echo "is not an OpenSSH public key line (the contents of a .pub file, e.g. 'ssh-ed25519 AAAA... me@laptop')" ;;
    WIFI_SSID)
      command -v wpa_passphrase >/dev/null || { echo "cannot be used: this image has no Wi-Fi support (no wpasupplicant for this board)"; return; }
      local bytes
      bytes=$(printf '%s' "$value" | wc -c)
      [ "$bytes" -ge 1 ] && [ "$bytes" -le 32 ] && [[ ! "$value" =~ [[:cntrl:]] ]] \
        || echo "must be the network's name: 1-32 bytes, no control characters" ;;
    WIFI_PSK)
      [[ "$value" =~ ^[[:print:]]{8,63}$ || "$value" =~ ^[0-9A-Fa-f]{64}$ ]] \
        || echo "must be the passphrase (8-63 printable characters) or the 64-hex-digit key" ;;
    WIFI_COUNTRY)
      [[ "$value" =~ ^[A-Z]{2}$ ]] || echo "must be a two-letter country code in capitals (ISO 3166), e.g. ES: the radio follows its rules" ;;
  esac
}

# Problems that involve several keys, once every line was read.
preseed_check_together() {
  if [ -n "${PRESEED[WIFI_SSID]:-}" ] && [ -z "${PRESEED[WIFI_COUNTRY]:-}" ]; then
    echo "WIFI_SSID needs WIFI_COUNTRY (e.g. ES): the radio must follow the rules of the country it is in"
  fi
  if [ -z "${PRESEED[WIFI_SSID]:-}" ] && [ -n "${PRESEED[WIFI_PSK]:-}${PRESEED[WIFI_COUNTRY]:-}" ]; then
    echo "WIFI_PSK and WIFI_COUNTRY need WIFI_SSID, the network to join"
  fi
}

# Fills PRESEED and SSH_KEYS, or reports every problem and leaves them empty. Returns 1 on a rejected file.
preseed_load() {
  local p
  for p in "${PRESEED_PATHS[@]}"; do [ -f "$p" ] && PRESEED_FILE=$p && break; done
  if [ -z "$PRESEED_FILE" ]; then say "no preseed file (${PRESEED_PATHS[*]}); defaults"; return 0; fi
  local problems=() n=0 line key value why
  if [ "$(stat -c %s "$PRESEED_FILE")" -gt 65536 ]; then
    problems+=("the file is larger than 64 KiB")
  else
    while IFS= read -r line || [ -n "$line" ]; do
      n=$((n + 1))
      line=${line%$'\r'}
      [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]] && continue
      if [[ ! "$line" =~ ^([A-Z_]+)=(.*)$ ]]; then problems+=("line $n: not KEY=VALUE"); continue; fi
      key=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
      if [[ ! " ${PRESEED_KEYS[*]} " == *" $key "* ]]; then
        problems+=("line $n: unknown key $key; known keys: ${PRESEED_KEYS[*]}"); continue
      fi
      why=$(preseed_check "$key" "$value")
      if [ -n "$why" ]; then problems+=("line $n: $key $why"); continue; fi
      if [ "$key" = SSH_AUTHORIZED_KEY ]; then SSH_KEYS+=("$value"); continue; fi
      if [ -n "${PRESEED[$key]+set}" ]; then problems+=("line $n: $key is given twice"); continue; fi
      PRESEED[$key]=$value
    done <"$PRESEED_FILE"
    local together
    while IFS= read -r together; do [ -z "$together" ] || problems+=("$together"); done < <(preseed_check_together)
  fi
  if [ ${#problems[@]} -gt 0 ]; then
    PRESEED=() SSH_KEYS=()
    { echo "$PRESEED_FILE was rejected; nothing of it was applied, the node runs on defaults."
      echo "Fix it on the boot partition and restart the node: it is read again."
      printf '  %s\n' "${problems[@]}"; } >"$state/preseed-errors"
    sed 's/^/nodeagent-firstboot: /' "$state/preseed-errors"
    PRESEED_REJECTED=1
    return 1
  fi
  rm -f "$state/preseed-errors"
  say "preseed file $PRESEED_FILE: ${!PRESEED[*]}${SSH_KEYS:+ SSH_AUTHORIZED_KEY x${#SSH_KEYS[@]}}"
}

# atomic_write PATH MODE: stdin to PATH through a synced temporary file.
atomic_write() {
  local tmp="$1.tmp.$$"
  cat >"$tmp" && chmod "$2" "$tmp" && sync "$tmp" && mv -f "$tmp" "$1"
}

preseed_apply() {
  [ -z "${PRESEED_REJECTED:-}" ] || { say "preseed file rejected: nothing applied"; return 0; }
  if [ ${#SSH_KEYS[@]} -gt 0 ]; then
    install -d -m 0700 /root/.ssh
    printf '%s\n' "${SSH_KEYS[@]}" | atomic_write /root/.ssh/authorized_keys 0600 || return 1
    say "SSH: ${#SSH_KEYS[@]} key(s) for root"
  elif [ ! -s /root/.ssh/authorized_keys ]; then
    say "SSH: no key preseeded, so sshd stays off (it starts once /root/.ssh/authorized_keys exists)"
  fi
  if [ -n "${PRESEED[NODE_NAME]:-}${PRESEED[COMMUNITY]:-}" ]; then
    { printf '{\n  "Node": { '
      [ -n "${PRESEED[NODE_NAME]:-}" ] && printf '"Name": "%s"' "${PRESEED[NODE_NAME]}"
      [ -n "${PRESEED[NODE_NAME]:-}" ] && [ -n "${PRESEED[COMMUNITY]:-}" ] && printf ', '
      [ -n "${PRESEED[COMMUNITY]:-}" ] && printf '"Community": "%s"' "${PRESEED[COMMUNITY]}"
      printf ' },\n  "Urls": [ "http://127.0.0.1:8480" ],\n  "Discovery": {\n    "Serf": { "Enabled": true, "RpcAddress": "127.0.0.1:7373" },\n    "Avahi": { "Enabled": true }\n  }\n}\n'
    } | atomic_write /etc/nodeagent/nodeagent.json 0644 || return 1
    say "agent: /etc/nodeagent/nodeagent.json names the node and its community"
  fi
  if [ -n "${PRESEED[SERF_JOIN]:-}${PRESEED[SERF_ENCRYPT_KEY]:-}" ]; then
    local joins=""
    if [ -n "${PRESEED[SERF_JOIN]:-}" ]; then joins=$(printf '"%s",' ${PRESEED[SERF_JOIN]//,/ }); joins=${joins%,}; fi
    { printf '{\n  "retry_join": [%s],\n  "retry_interval": "30s"' "$joins"
      [ -n "${PRESEED[SERF_ENCRYPT_KEY]:-}" ] && printf ',\n  "encrypt_key": "%s"' "${PRESEED[SERF_ENCRYPT_KEY]}"
      printf '\n}\n'
    } | atomic_write /etc/serf/nodeagent.json 0600 || return 1
    say "serf: /etc/serf/nodeagent.json (join ${PRESEED[SERF_JOIN]:-none}, encryption ${PRESEED[SERF_ENCRYPT_KEY]:+on})"
  fi
  if [ -n "${PRESEED[WIFI_SSID]:-}" ]; then
    preseed_wifi || return 1
  fi
  if [ -n "$PRESEED_FILE" ]; then
    mv "$PRESEED_FILE" "$state/preseed.applied" && chmod 0600 "$state/preseed.applied" && sync
    say "preseed file applied and moved to $state/preseed.applied"
  fi
}

# Wi-Fi: wpa_supplicant on wlan0 (networkd's 25-wireless.network takes DHCP from there). The SSID is written in hex and
# the passphrase only as its derived key, so no quoting can break the file and the passphrase is not kept in clear.
preseed_wifi() {
  local ssid=${PRESEED[WIFI_SSID]} psk=${PRESEED[WIFI_PSK]:-} hex network
  hex=$(printf '%s' "$ssid" | od -An -v -tx1 | tr -d ' \n')
  if [ -z "$psk" ]; then
    network="  key_mgmt=NONE"
  elif [[ "$psk" =~ ^[0-9A-Fa-f]{64}$ ]]; then
    network="  psk=$psk"
  else
    # The passphrase goes through stdin, never the command line (other processes can read that).
    network=$(printf '%s\n' "$psk" | wpa_passphrase "$ssid" | grep -E '^[[:space:]]psk=[0-9a-f]{64}$') || { say "wpa_passphrase failed"; return 1; }
    network="  ${network#"${network%%[![:space:]]*}"}"
  fi
  mkdir -p "${WIFI_CONF%/*}"
  printf 'ctrl_interface=DIR=/run/wpa_supplicant GROUP=netdev\nupdate_config=0\ncountry=%s\n\nnetwork={\n  ssid=%s\n%s\n}\n' \
    "${PRESEED[WIFI_COUNTRY]}" "$hex" "$network" | atomic_write "$WIFI_CONF" 0600 || return 1
  # Started by the interface appearing (the radio's driver may load late), not by a target: a board without wlan0 then
  # has no job waiting for a device that never comes. A device has no unit file, so `systemctl add-wants` refuses it:
  # the .wants link is made by hand (systemd reads it when udev announces the device).
  mkdir -p "$WIFI_WANTS" && ln -sfn /lib/systemd/system/wpa_supplicant@.service "$WIFI_WANTS/wpa_supplicant@wlan0.service" || return 1
  systemctl daemon-reload
  [ ! -e /sys/class/net/wlan0 ] || systemctl start --no-block wpa_supplicant@wlan0.service
  local security=open
  [ -z "$psk" ] || security=WPA-PSK
  say "Wi-Fi: $WIFI_CONF joins the network '$ssid' ($security, country ${PRESEED[WIFI_COUNTRY]})"
}
