#!/usr/bin/env bash
# The fleet at scale (issue 6): ./salle fleet serve with its embedded broker in a process of its
# own, and ROOMS simulated rooms (module simulator: the device's real fleet agent, each with its
# own certificate and MQTT connection) in another. Measures the time until the fleet shows every
# room online, the fleet process's CPU and memory at steady telemetry (one message per room every
# 30 s) over STEADY seconds, the time for a configuration change to reach every room, and a
# rollout's control-plane time across 4 waves with no payload. Prints a Markdown row.
# Usage: bench/fleet-scale.sh [ROOMS] [STEADY] [RATE]    e.g. bench/fleet-scale.sh 10000 90 1000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOMS="${1:-10000}"
STEADY="${2:-90}"
RATE="${3:-1000}"
[[ "$ROOMS" =~ ^[0-9]+$ ]] && (( ROOMS >= 10 && ROOMS <= 50000 )) || { echo "ROOMS must be 10-50000, got '$ROOMS'" >&2; exit 2; }
[[ "$STEADY" =~ ^[0-9]+$ ]] && (( STEADY >= 10 && STEADY <= 900 )) || { echo "STEADY must be 10-900, got '$STEADY'" >&2; exit 2; }
[[ "$RATE" =~ ^[0-9]+$ ]] && (( RATE >= 10 && RATE <= 10000 )) || { echo "RATE must be 10-10000, got '$RATE'" >&2; exit 2; }
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
ulimit -n 65536 2>/dev/null || echo "note: could not raise the open-files limit (now $(ulimit -n))"
./mvnw -B -q -DskipTests -pl simulator -am package
exec "$JAVA_HOME/bin/java" -Xmx12g --enable-native-access=ALL-UNNAMED -cp "simulator/target/classes:simulator/target/lib/*" \
  dev.salle.simulator.FleetScaleBenchmark "$ROOMS" "$STEADY" "$RATE"
