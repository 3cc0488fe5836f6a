#!/usr/bin/env bash
# Issue 17: issuances per second on both worker transports, side by side with the plain Camunda peer, in one session
# (README, "Throughput"). Peer and mjpki alternate so that a change in the shared machine's speed shows in both.
# Each mjpki run reports its CPU and transactions per issuance; each peer run its machine CPU per instance.
#
#   camunda-webapp/bench/throughput-side-by-side.sh PEER_JAR [ISSUANCES] [AT_ONCE] [WARM_UP]
#
# PEER_JAR: shared/bench/camunda-baseline built with `mvn -q -DskipTests package` (target/cam-1.jar).
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and, once, from the repository root:
#   ./mvnw -q -DskipTests install
#   ./mvnw -q -pl camunda-webapp test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
set -euo pipefail
peer_jar=${1:?give the jar of the peer (shared/bench/camunda-baseline/target/cam-1.jar)}
issuances=${2:-200}; at_once=${3:-48}; warm_up=${4:-50}
cd "$(dirname "$0")/.."
classpath="$PWD/target/test-classes:$PWD/target/classes:$(cat target/test-classpath.txt)"

# the machine's busy CPU so far, in ms (/proc/stat: all but idle and iowait; 100 ticks a second)
busy_ms() { awk '/^cpu /{print ($2+$3+$4+$7+$8+$9)*10; exit}' /proc/stat; }
peer_run() { # N: instances; prints the peer's BENCH line and leaves the machine's CPU for the whole run in $peer_cpu
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists mjpki_bench_peer" -c "create database mjpki_bench_peer" >/dev/null
  local before; before=$(busy_ms)
  java -Dn="$1" -jar "$peer_jar" --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/mjpki_bench_peer \
      --spring.datasource.username=postgres 2>&1 | grep "BENCH" || true
  peer_cpu=$(( $(busy_ms) - before ))
}
peer() {
  echo "=== peer, plain Camunda 7.24, 10 external tasks ($(date +%T))"
  peer_run 1000
  # the machine's CPU per instance: the run's, less a run that starts and stops the peer with no instance
  echo "  peer: machine CPU per instance $(( (peer_cpu - startup_cpu) / 1000 )) ms (start-up alone: ${startup_cpu} ms)"
}
mjpki() {
  echo "=== mjpki, workers on transport=$1 ($(date +%T))"
  java -Dmjpki.workers.client.transport="$1" -Dcom.licel.jcardsim.randomdata.secure=1 -cp "$classpath" \
      org.mjpki.webapp.bench.IssuanceBenchmark throughput "$issuances" "$at_once" "$warm_up" 2>&1 \
      | grep -E "completed|=>|CPU per|database per"
}

peer_run 0 >/dev/null; startup_cpu=$peer_cpu
peer; mjpki rest; mjpki engine-api; peer; mjpki engine-api; mjpki rest; peer
