#!/usr/bin/env bash
# Load run of the bridge: P publishers × S subscribers in one room, each publisher sending
# 640×360-like VP8 (~600 kbit/s, 30 fps) and Opus-like audio (50 packets/s) over the real protocol
# (LiveKit signalling, ICE, DTLS, SRTP) from one load-client JVM (dev.salle.bridge.bench.LoadRun).
# The bridge and the load client run inside a network namespace this script creates and deletes;
# nothing is sent to the host's interfaces. Prints a Markdown row for docs/benchmarks.md.
# Usage (as root): bench/bridge-load.sh P S [SECONDS]   e.g. bench/bridge-load.sh 4 8 20
# SKIP_BUILD=1 reuses the compiled tree.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
P="${1:?usage: bench/bridge-load.sh PUBLISHERS SUBSCRIBERS [SECONDS]}"
S="${2:?usage: bench/bridge-load.sh PUBLISHERS SUBSCRIBERS [SECONDS]}"
SECS="${3:-20}"
[[ "$P" =~ ^[0-9]+$ ]] && (( P >= 1 && P <= 64 )) || { echo "PUBLISHERS must be 1-64, got '$P'" >&2; exit 2; }
[[ "$S" =~ ^[0-9]+$ ]] && (( S >= 1 && S <= 256 )) || { echo "SUBSCRIBERS must be 1-256, got '$S'" >&2; exit 2; }
[[ "$SECS" =~ ^[0-9]+$ ]] && (( SECS >= 5 && SECS <= 600 )) || { echo "SECONDS must be 5-600, got '$SECS'" >&2; exit 2; }
(( $(id -u) == 0 )) || { echo "needs root: the run creates its own network namespace" >&2; exit 2; }
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl bridge -am test-compile
fi
cpfile="$root/bridge/target/bench.classpath"
mvnlog="$(mktemp)"
./mvnw -B -q -o -pl bridge dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test \
  >"$mvnlog" 2>&1 || { cat "$mvnlog" >&2; exit 1; }
rm -f "$mvnlog"
# this tree's modules instead of whatever the local repository holds
cp="$root/bridge/target/test-classes:$root/bridge/target/classes"
IFS=: read -ra jars < "$cpfile" || true  # the file has no final newline
for j in "${jars[@]}"; do
  if [[ "$j" =~ /dev/salle/([a-z-]+)/[^/]+/[a-z-]+-[^/]+\.jar$ ]]; then
    cp="$cp:$root/${BASH_REMATCH[1]}/target/classes"
  else
    cp="$cp:$j"
  fi
done

ns="salle-bench-$$"
keys="bench: bench-secret-0123456789abcdefghijklmnop"
log="$(mktemp)"
bridge_pid=""
load_pid=""
cleanup() {
  [[ -n "$load_pid" ]] && kill -TERM "$load_pid" 2>/dev/null || true
  if [[ -n "$bridge_pid" ]]; then
    kill -TERM "$bridge_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$bridge_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$bridge_pid" 2>/dev/null || true
  fi
  ip netns del "$ns" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add v0 type veth peer name v1
ip -n "$ns" addr add 10.77.0.1/24 dev v0
ip -n "$ns" addr add 10.77.0.2/24 dev v1
ip -n "$ns" link set v0 up
ip -n "$ns" link set v1 up
ip -n "$ns" route add default via 10.77.0.2 dev v0

# ip netns exec and env both exec, so $! is the bridge JVM itself
ip netns exec "$ns" env LIVEKIT_KEYS="$keys" "$java" --sun-misc-unsafe-memory-access=allow -cp "$cp" \
  dev.salle.bridge.BridgeMain --bind 0.0.0.0 --port 7880 --udp-port 7882 >"$log" 2>&1 &
bridge_pid=$!
for _ in $(seq 1 600); do
  grep -q 'salle bridge: ready' "$log" && break
  kill -0 "$bridge_pid" 2>/dev/null || { echo "the bridge exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
grep -q 'salle bridge: ready' "$log" || { echo "the bridge was not ready within 60 s:" >&2; tail -50 "$log" >&2; exit 1; }

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"\
  "$("$java" -version 2>&1 | head -1); bridge pid $bridge_pid ($(cat /proc/$bridge_pid/comm)); load average $(cut -d' ' -f1-3 /proc/loadavg)"
# UDP counters of the namespace (every socket of the run): datagrams dropped because a receive
# buffer was full show as RcvbufErrors
udp() { ip netns exec "$ns" awk '/^Udp:/ { if (!h) { split($0, n); h = 1 } else { split($0, v);
  for (i = 2; i <= length(n); i++) if (n[i] ~ /^(InDatagrams|InErrors|RcvbufErrors|SndbufErrors)$/) printf "%s=%s ", n[i], v[i] } }' /proc/net/snmp; }
udp_before="$(udp)"
status=0
timeout $(( SECS + 240 )) ip netns exec "$ns" env LIVEKIT_KEYS="$keys" "$java" --sun-misc-unsafe-memory-access=allow \
  -cp "$cp" dev.salle.bridge.bench.LoadRun --publishers "$P" --subscribers "$S" --seconds "$SECS" \
  --warmup-seconds 10 --bridge http://10.77.0.2:7880 --bridge-pid "$bridge_pid" --clock-ticks "$(getconf CLK_TCK)" &
load_pid=$!
wait "$load_pid" || status=$?
load_pid=""
echo "# namespace UDP counters, whole run: before: $udp_before; after: $(udp)"
echo "# bridge log: $(grep -c ' WARN ' "$log" || true) warnings, $(grep -c ' ERROR ' "$log" || true) errors; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if (( status != 0 )); then
  echo "load run failed ($status); end of the bridge log:" >&2
  tail -40 "$log" >&2
fi
exit "$status"
