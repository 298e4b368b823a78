# Shared by the bench scripts: ports, process memory and CPU, waiting for an answer, formatting.
# shellcheck shell=bash

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# Anonymous resident memory: what the process really takes from a small board (file pages can be dropped).
anon_kb() { awk '/^RssAnon:/ {print $2}' "/proc/$1/status"; }
# CPU time per thread in ns ("TID NS" lines), from schedstat: the scheduler's own accounting, not 10 ms ticks.
cpu_threads() { for t in /proc/"$1"/task/*; do printf '%s %s\n' "${t##*/}" "$(cut -d' ' -f1 "$t/schedstat" 2>/dev/null || echo 0)"; done; }
# CPU used between two cpu_threads snapshots: a thread started in between counts whole, one that ended in between
# (an idle thread-pool worker retiring) loses only what it used after the first snapshot.
cpu_delta() { awk 'NR == FNR {a[$1] = $2; next} {d += $2 - ($1 in a ? a[$1] : 0)} END {printf "%d", d}' "$1" "$2"; }

# Waits (without forking per try) until http://127.0.0.1:$1$2 answers 200.
wait_200() {
  local port=$1 path=$2 deadline=$((SECONDS + 20)) line
  while [ $SECONDS -lt $deadline ]; do
    # A refused connect costs no fork; the short sleep keeps the poller from starving the agent of CPU.
    if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
      IFS= read -r line <&3 || line=""
      exec 3>&- 3<&-
      case "$line" in *" 200 "*) return 0 ;; esac
    fi
    sleep 0.002
  done
  echo "no 200 from port $port" >&2
  return 1
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.2f MiB", b/1048576}'; }
kbmb() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k/1024}'; }
