#!/usr/bin/env bash
# CPU used by the running demo (device + embedded broker, one JVM) over a window, idle and in the
# local media-test call. Loopback only. Usage: bench/demo-cpu.sh [seconds per window, default 20]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
window="${1:-20}"
(( window >= 5 && window <= 300 )) || { echo "window must be 5-300 s" >&2; exit 2; }
./salle demo --help >/dev/null 2>&1 || true
log="$(mktemp)"
./salle demo --page-port 0 --broker-port 0 >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do grep -q '^Salle demo ready$' "$log" && break; sleep 0.1; done
url=$(sed -n 's/^Device page:  \(http[^ ]*\).*/\1/p' "$log")
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
measure() { # label
  sleep 3
  local a b; a=$(cpu); sleep "$window"; b=$(cpu)
  printf '| %s | %.1f %% of one core | %.1f CPU-s per minute |\n' "$1" "$(echo "($b - $a) * 100 / $hz / $window" | bc -l)" \
    "$(echo "($b - $a) * 60 / $hz / $window" | bc -l)"
}
measure "idle: status screen and self-view at 30 fps, encoder paused"
curl -s -X POST -H 'X-Salle-Request: 1' "${url}api/button/press" >/dev/null
measure "in the local: media-test call (plus microphone: webrtcdsp + Opus)"
