#!/usr/bin/env bash
# The call benchmark of the room device (issue 4): in a network namespace the e2e test
# dev.salle.e2e.CallBenchmark creates and deletes, the bridge and two @livekit/rtc-node
# participants (640×360@30 each), then SECONDS of the device in the call (1280×720@30 out) and
# SECONDS of headless Chromium with livekit-client doing the same job; CPU from /proc of each.
# Then JOINS joins of the device, timed from the join command to the first remote frame decoded.
# Last, glass-to-glass latency for 20 s: a device whose camera flashes black/white once a second
# (media.camera=test-flash) and a headless Chromium that notes when its rendered picture flips.
# Prints Markdown for docs/benchmarks.md (also in e2e/target/call-benchmark.md).
# Usage (as root): bench/device-call.sh [SECONDS] [JOINS]    e.g. bench/device-call.sh 60 20
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECS="${1:-60}"
JOINS="${2:-20}"
[[ "$SECS" =~ ^[0-9]+$ ]] && (( SECS >= 10 && SECS <= 600 )) || { echo "SECONDS must be 10-600, got '$SECS'" >&2; exit 2; }
[[ "$JOINS" =~ ^[0-9]+$ ]] && (( JOINS >= 1 && JOINS <= 200 )) || { echo "JOINS must be 1-200, got '$JOINS'" >&2; exit 2; }
(( $(id -u) == 0 )) || { echo "needs root: the run creates its own network namespace" >&2; exit 2; }
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
CI=true ./mvnw -B -q -pl e2e -am verify -Dtest=CallBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.seconds="$SECS" -Dbench.joins="$JOINS"
cat e2e/target/call-benchmark.md
