#!/usr/bin/env bash
# Real-time events benchmark (see docs/benchmarks.md, "Real-time events"):
#   builds the jar, starts a throwaway PostgreSQL and the service (as bench/run.sh does), creates
#   10,000 accounts through the HTTP API, then runs bench/EventsBench.java:
#   1. (MANY_SUBSCRIBERS > 0) many subscribers (MANY_SUBSCRIBERS, half SSE, half WebSocket, one account each) held on one
#      instance while transfers flow at MANY_RATE per second: the service's RSS, and whether every
#      subscriber received exactly the events of its account;
#   2. transfers at LAG_RATE per second for LAG_SECONDS, first without subscribers, then with
#      LAG_SUBSCRIBERS (transfers among their accounts, so that every event has a subscriber):
#      commit-to-delivery lag and the transfer throughput of both runs; then (LAG_SLOW > 0) with
#      LAG_SLOW slow subscribers besides, which the service must drop without slowing the rest;
#   3. (CLOSED_LOOP_SECONDS > 0) the same pair closed loop on CLOSED_LOOP_CONCURRENCY connections:
#      the most transfers/s with and without the subscribers.
#   The ledger's invariants are checked at the end. Results: $WORK/results/*.json (kept with
#   BENCH_KEEP=1) and printed.
#
# Knobs (environment variables):
#   MANY_SUBSCRIBERS=10000 MANY_RATE=300 MANY_SECONDS=30
#   MANY_WS_SHARE=0.5        share of them on WebSocket (0: all SSE, 1: all WebSocket)
#   MANY_HEAP=0              1: also the service's live heap (jcmd GC.class_histogram, which collects
#                            first) before they connect and once all are connected and idle; those two
#                            full collections change the RSS and collection figures of the run
#   LAG_SUBSCRIBERS=1000 LAG_RATE=1000 LAG_SECONDS=60   (LAG_SECONDS=0 skips 2. and 3.)
#   LAG_SLOW=20              then the same run with this many slow subscribers more (every account,
#                            never reading: the service drops them); 0 skips it
#   CLOSED_LOOP_SECONDS=30 CLOSED_LOOP_CONCURRENCY=64
#   ACCOUNTS_PER_USER=100    accounts of each of the 100 users (at least the subscribers in all)
#   WARMUP=30                seconds of unmeasured transfers (1,000/s) before the measured runs
#   BENCH_JAVA_OPTS="-Xmx512m"  JVM options for the service (the heap recommended in the README)
#   MANY_JAVA_OPTS="-Xms680m -Xmx680m -Xmn64m -XX:+AlwaysPreTouch -XX:TrimNativeHeapInterval=5000 -XX:+UseSerialGC -XX:+UseCompactObjectHeaders"
#                            JVM options of the service in 1. (the README's settings for 10,000
#                            subscribers in 1 GiB)
#   BENCH_SERVICE_ENV=""     extra service environment
#   BENCH_KEEP=0             1 keeps the temporary directory (logs, results)
#   SKIP_BUILD=0             1 uses the jar already in target/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench

MANY_SUBSCRIBERS=${MANY_SUBSCRIBERS:-10000}
MANY_RATE=${MANY_RATE:-300}
MANY_SECONDS=${MANY_SECONDS:-30}
MANY_WS_SHARE=${MANY_WS_SHARE:-0.5}
MANY_HEAP=${MANY_HEAP:-0}
LAG_SUBSCRIBERS=${LAG_SUBSCRIBERS:-1000}
LAG_RATE=${LAG_RATE:-1000}
LAG_SECONDS=${LAG_SECONDS:-60}
LAG_SLOW=${LAG_SLOW:-20}
CLOSED_LOOP_SECONDS=${CLOSED_LOOP_SECONDS:-30}
CLOSED_LOOP_CONCURRENCY=${CLOSED_LOOP_CONCURRENCY:-64}
WARMUP=${WARMUP:-30}
ACCOUNTS_PER_USER=${ACCOUNTS_PER_USER:-100}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx512m}
MANY_JAVA_OPTS=${MANY_JAVA_OPTS--Xms680m -Xmx680m -Xmn64m -XX:+AlwaysPreTouch -XX:TrimNativeHeapInterval=5000 -XX:+UseSerialGC -XX:+UseCompactObjectHeaders}
BENCH_SERVICE_ENV=${BENCH_SERVICE_ENV:-}
BENCH_KEEP=${BENCH_KEEP:-0}
SKIP_BUILD=${SKIP_BUILD:-0}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A JDK >= 25 runs both the service and the single-file benchmark client (java EventsBench.java).
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -n 1 || true)
fi
[ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ] || die "needs a JDK 25: set JAVA_HOME"
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
for tool in python3 curl; do command -v $tool >/dev/null || die "$tool is not installed"; done
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || die "needs PostgreSQL server binaries (Debian package postgresql)"
PSQL=$PG_BIN/psql

# 10,000 subscribers are 10,000 sockets on each side (the service and the client inherit this).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE=$(ulimit -n)
[ "$NOFILE" -ge $((MANY_SUBSCRIBERS + 1000)) ] || die "open files limit $NOFILE is too low for $MANY_SUBSCRIBERS subscribers"

WORK=$(mktemp -d /tmp/bursar-events.XXXXXX)
RESULTS=$WORK/results
mkdir -p "$RESULTS"
PG_DIR=""; PG_STARTED=0; SERVICE_PID=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -KILL "$SERVICE_PID" 2>/dev/null; wait "$SERVICE_PID" 2>/dev/null
  fi
  [ "$PG_STARTED" = 1 ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
  if [ "$BENCH_KEEP" = 1 ]; then log "kept $WORK and $PG_DIR"; else rm -rf "$WORK"; [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ "$SKIP_BUILD" != 1 ]; then
  log "building the jar"
  ./mvnw -q -B -DskipTests package >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "the build failed"; }
fi
JAR=$(ls target/bursar-*.jar | head -n 1)
log "jar $JAR (commit $(git rev-parse --short HEAD))"

# --- PostgreSQL, as in bench/run.sh ------------------------------------------------------------
PG_USER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  PG_USER=bench
  id -u bench >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin bench 2>/dev/null \
    || PG_USER=nobody
fi
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }
PG_DIR=$(mktemp -d /tmp/bursar-events-pg.XXXXXX)
chmod 755 "$PG_DIR"; chown "$PG_USER" "$PG_DIR"
PG_PORT=$(free_port)
log "starting PostgreSQL ($("$PG_BIN/postgres" --version)) on 127.0.0.1:$PG_PORT"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U bursar -E UTF8 --no-locale >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
cat >>"$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 300
shared_buffers = 256MB
max_wal_size = 8GB
checkpoint_timeout = 30min
EOF
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 start >/dev/null
PG_STARTED=1
PSQL_BASE="$PSQL -h 127.0.0.1 -p $PG_PORT -U bursar"
$PSQL_BASE -X -q -d postgres -c 'CREATE DATABASE bursar'

# --- The service, as in bench/run.sh -----------------------------------------------------------
API_PORT=$(free_port)
MGMT_PORT=$(free_port)
ADMIN_KEY=$(python3 -c 'import secrets; print("bench_" + secrets.token_urlsafe(36))')
SERVICE_ENV=(
  "SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/bursar"
  "SPRING_DATASOURCE_USERNAME=bursar"
  "SPRING_DATASOURCE_PASSWORD="
  "BURSAR_ADMIN_API_KEY=$ADMIN_KEY"
  "BURSAR_RATELIMIT_CAPACITY=0"
  "BURSAR_LEDGER_GROUPCOMMIT_ENABLED=true"
  "SERVER_PORT=$API_PORT"
  "MANAGEMENT_SERVER_PORT=$MGMT_PORT"
  "SERVER_TOMCAT_MAXCONNECTIONS=20000"
  "SERVER_TOMCAT_ACCEPTCOUNT=4096"
  "SERVER_TOMCAT_MAXKEEPALIVEREQUESTS=-1"
  "SERVER_TOMCAT_KEEPALIVETIMEOUT=60s"
  "SERVER_TOMCAT_CONNECTIONTIMEOUT=60s"
)
# shellcheck disable=SC2206  # a whitespace-separated list on purpose
SERVICE_ENV+=($BENCH_SERVICE_ENV)
API_URL=http://127.0.0.1:$API_PORT
MGMT_URL=http://127.0.0.1:$MGMT_PORT

start_service() { # LABEL [JAVA_OPTS]
  local opts=${2:-$BENCH_JAVA_OPTS}
  # shellcheck disable=SC2086
  env "${SERVICE_ENV[@]}" "$JAVA" $opts -jar "$JAR" >"$WORK/service-$1.log" 2>&1 &
  SERVICE_PID=$!
  local i
  for i in $(seq 1800); do
    curl -sf -o /dev/null --max-time 2 "$MGMT_URL/actuator/health/readiness" && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$WORK/service-$1.log" >&2
  die "the service did not become ready"
}
stop_service() {
  kill -TERM "$SERVICE_PID" 2>/dev/null || true
  local i
  for i in $(seq 300); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}

# live_heap_mb: the service's live heap in MB (a class histogram collects garbage first).
live_heap_mb() {
  "$JAVA_HOME/bin/jcmd" "$SERVICE_PID" GC.class_histogram | awk '/^Total/ {printf "%.1f\n", $3 / 1048576}'
}

# events_bench LABEL [OPTIONS...]: one EventsBench run against the running service.
events_bench() {
  local label=$1; shift
  # Every stream starts (and resumes, if the service ends it) after the last event before the run.
  local after
  after=$($PSQL_BASE -X -At -d bursar -c 'SELECT coalesce(max(seq), 0) FROM events')
  log "EventsBench $label: $* (streams start after seq $after)"
  "$JAVA" "$BENCH/EventsBench.java" --url "$API_URL" --mgmt "$MGMT_URL" --pid "$SERVICE_PID" --after "$after" \
    --accounts "$WORK/accounts.txt" --out "$RESULTS/$label.json" "$@" 2> >(tee "$WORK/bench-$label.log" >&2) >/dev/null \
    || log "$label: not every subscriber received exactly its events (or the run failed); see above"
}

start_service main
log "creating 100 users × $ACCOUNTS_PER_USER accounts through the API"
python3 "$BENCH/setup_data.py" --port "$API_PORT" --admin-key "$ADMIN_KEY" --scenario events \
  --users 100 --accounts-per-user "$ACCOUNTS_PER_USER" --out "$WORK/accounts.txt"
# setup_data.py lists accounts user by user: shuffle them (fixed seed) so that any first N
# accounts belong to many users.
python3 -c 'import random, sys; l = open(sys.argv[1]).readlines(); random.Random(14).shuffle(l); open(sys.argv[1], "w").writelines(l)' \
  "$WORK/accounts.txt"
stop_service

# --- 1. many subscribers, on a freshly started service -------------------------------------------
if [ "$MANY_SUBSCRIBERS" -gt 0 ]; then
  start_service many "$MANY_JAVA_OPTS"
  [ "$MANY_HEAP" = 1 ] && live_heap_mb >"$RESULTS/many-heap-before.txt"
  events_bench many --subscribers "$MANY_SUBSCRIBERS" --rate "$MANY_RATE" --seconds "$MANY_SECONDS" \
    --transfer-accounts "$MANY_SUBSCRIBERS" --ws-share "$MANY_WS_SHARE" --idle 15 &
  BENCH_PID=$!
  if [ "$MANY_HEAP" = 1 ]; then
    # Once all are connected (the client says so), halfway through its idle time.
    until grep -q '^connected' "$WORK/bench-many.log" 2>/dev/null || ! kill -0 "$BENCH_PID" 2>/dev/null; do sleep 1; done
    sleep 7
    kill -0 "$BENCH_PID" 2>/dev/null && live_heap_mb >"$RESULTS/many-heap-connected.txt"
  fi
  wait "$BENCH_PID" || true
  if [ "$MANY_HEAP" = 1 ] && [ -s "$RESULTS/many-heap-connected.txt" ]; then
    log "live heap: $(cat "$RESULTS/many-heap-before.txt") MB before, $(cat "$RESULTS/many-heap-connected.txt") MB with $MANY_SUBSCRIBERS subscribers connected: $(python3 -c "import sys; print(round((float(sys.argv[2]) - float(sys.argv[1])) * 1048576 / int(sys.argv[3]) / 1024, 1))" "$(cat "$RESULTS/many-heap-before.txt")" "$(cat "$RESULTS/many-heap-connected.txt")" "$MANY_SUBSCRIBERS") KB per subscriber (WebSocket share $MANY_WS_SHARE)"
  fi
  stop_service
fi

# --- 2. and 3. lag and throughput, with and without subscribers ---------------------------------
if [ "$LAG_SECONDS" -gt 0 ]; then
start_service lag
if [ "$WARMUP" -gt 0 ]; then
  events_bench warmup --subscribers 0 --transfer-accounts "$LAG_SUBSCRIBERS" --rate 1000 --seconds "$WARMUP"
fi
events_bench lag-without --subscribers 0 --transfer-accounts "$LAG_SUBSCRIBERS" --rate "$LAG_RATE" --seconds "$LAG_SECONDS"
events_bench lag-with --subscribers "$LAG_SUBSCRIBERS" --rate "$LAG_RATE" --seconds "$LAG_SECONDS"
if [ "$LAG_SLOW" -gt 0 ]; then
  events_bench lag-with-slow --subscribers "$LAG_SUBSCRIBERS" --rate "$LAG_RATE" --seconds "$LAG_SECONDS" \
    --slow "$LAG_SLOW" --admin-key "$ADMIN_KEY"
fi
if [ "$CLOSED_LOOP_SECONDS" -gt 0 ]; then
  events_bench closed-without --subscribers 0 --transfer-accounts "$LAG_SUBSCRIBERS" --rate 0 \
    --concurrency "$CLOSED_LOOP_CONCURRENCY" --seconds "$CLOSED_LOOP_SECONDS"
  events_bench closed-with --subscribers "$LAG_SUBSCRIBERS" --rate 0 \
    --concurrency "$CLOSED_LOOP_CONCURRENCY" --seconds "$CLOSED_LOOP_SECONDS" --drain 60
fi
stop_service
fi

# --- Invariants and machine facts ---------------------------------------------------------------
log "ledger invariants"
{
  $PSQL_BASE -X -At -F '|' -v ON_ERROR_STOP=1 -d bursar -f "$BENCH/invariants.sql"
  # The outbox: every journal entry has its entry.posted event, and no event lacks its entry.
  $PSQL_BASE -X -At -F '|' -v ON_ERROR_STOP=1 -d bursar -c "
    SELECT 'entries_without_event', count(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM events v
      WHERE v.type = 'entry.posted' AND v.transfer_id = e.transfer_id AND v.account_id = e.account_id)" -c "
    SELECT 'events_without_entry', count(*) FROM events v WHERE v.type = 'entry.posted' AND NOT EXISTS
      (SELECT 1 FROM entries e WHERE v.transfer_id = e.transfer_id AND v.account_id = e.account_id)"
} | tee "$RESULTS/invariants.txt" >&2
{
  echo "commit $(git rev-parse --short HEAD), jar $(basename "$JAR")"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "kernel: $(uname -r)"
  echo "java: $("$JAVA" -version 2>&1 | head -n 1)"
  echo "postgres: $("$PG_BIN/postgres" --version)"
  echo "open files limit: $NOFILE; ephemeral ports: $(cat /proc/sys/net/ipv4/ip_local_port_range | tr '\t' '-')"
  echo "service options: $BENCH_JAVA_OPTS $BENCH_SERVICE_ENV (10,000 subscribers: $MANY_JAVA_OPTS)"
} | tee "$RESULTS/machine.txt" >&2
for f in "$RESULTS"/*.json; do echo "$(basename "$f"): $(cat "$f")"; done
