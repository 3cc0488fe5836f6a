#!/usr/bin/env bash
# OCSP over HTTP, measured (issue 17, ADR 0030): mjpki's responder beside the same stack answering fixed bytes (the
# ceiling) and OpenSSL's own responder over the same certificates (the peer), GET and POST, keep-alive, with wrk.
#
#   ca-adapter/bench/ocsp-benchmark.sh [certificates [seconds-a-run [connections [wrk-threads [rounds]]]]]
#
# Defaults: 1000 certificates, 15 s a run, 64 connections, 2 wrk threads, 2 rounds (about 5 minutes).
# Needs: wrk (Debian/Ubuntu: apt-get install -y wrk), openssl, a JDK 17, and PostgreSQL at 127.0.0.1:5432 as for the
# tests (test-support's PostgresTestDatabase makes a throwaway database). Set MVN_FLAGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v wrk >/dev/null; then
    echo "wrk is not installed: apt-get install -y wrk (Debian/Ubuntu), then run this again" >&2
    exit 2
fi
# compiled in one reactor build (nothing installed into the local Maven repository): the class path names the
# upstream modules' target/classes
./mvnw -q -B ${MVN_FLAGS:-} -pl ca-adapter -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt
cd ca-adapter
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    org.mjpki.ca.bench.OcspBenchmark "$@"
