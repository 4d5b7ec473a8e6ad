#!/usr/bin/env bash
# Measures `./salle demo` on a built tree: seconds from launch to the "Salle demo ready" line, and
# from SIGTERM to exit, over N runs (default 5). Talks only to loopback. Prints a Markdown table row
# per run and the median. Usage: bench/demo-startup.sh [runs]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-5}"
(( runs >= 1 && runs <= 50 )) || { echo "runs must be 1-50" >&2; exit 2; }
./salle demo --help >/dev/null 2>&1 || true   # builds once if needed, outside the timing

ready_times=(); stop_times=()
for ((i = 1; i <= runs; i++)); do
  log="$(mktemp)"
  start=$(date +%s.%N)
  ./salle demo --page-port 0 --broker-port 0 >"$log" 2>&1 &
  pid=$!
  ready=""
  for _ in $(seq 1 600); do                      # at most 60 s
    if grep -q '^Salle demo ready$' "$log"; then ready=$(date +%s.%N); break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n "$ready" ]] || { echo "run $i: the demo did not become ready; its output:" >&2; cat "$log" >&2; kill -9 "$pid" 2>/dev/null; exit 1; }
  sleep 2
  t0=$(date +%s.%N); kill -TERM "$pid"; wait "$pid" || true; t1=$(date +%s.%N)
  r=$(echo "$ready - $start" | bc -l); s=$(echo "$t1 - $t0" | bc -l)
  ready_times+=("$r"); stop_times+=("$s")
  printf '| %d | %.2f | %.2f |\n' "$i" "$r" "$s"
  rm -f "$log"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '| median | %.2f | %.2f |\n' "$(median "${ready_times[@]}")" "$(median "${stop_times[@]}")"
