#!/usr/bin/env bash
# Rate-limit memory benchmark, one command from a fresh clone: bench/rate-limit-memory.sh
#   1. In process: RateLimitMemoryBenchmark (test scope) sends CLIENTS requests through the rate-limit
#      filter, each from a trusted proxy naming a new client in X-Forwarded-For, and reads the live
#      heap and the number of token buckets from class histograms (each after a full GC): before the
#      flood, right after it, and WAIT seconds later. Once per address kind in FAMILIES.
#   2. Over HTTP (skipped with HTTP_CLIENTS=0): the development server (dev.bursar.TestBursarServer,
#      embedded PostgreSQL) trusting 127.0.0.1 as a proxy; wrk sends HTTP_CLIENTS requests to
#      GET /api/v1/me (no API key: 401, limited per client address), each naming a new client
#      (bench/rate-limit-flood.lua); the service's live heap (jcmd GC.class_histogram) and RSS before,
#      right after and WAIT seconds later.
# docs/benchmarks-rate-limit-memory.md records runs of this script and what they showed.
#
# Knobs (environment variables):
#   CLIENTS=1000000                     requests (distinct clients) of each in-process run
#   FAMILIES="ipv4 ipv6 ipv6-one-64"    ipv4: one client per IPv4 address; ipv6: one per /64;
#                                       ipv6-one-64: all addresses of one /64 (one client)
#   HTTP_CLIENTS=1000000                requests of the HTTP run (0 skips it)
#   HTTP_FAMILY=ipv4                    ipv4 or ipv6 (as above)
#   CONNECTIONS=32                      wrk connections (2 threads)
#   WAIT=5                              seconds after a flood before the last reading
#   SERVICE_JAVA_OPTS="-Xmx1g"          JVM options of the HTTP run's service
#   SETTINGS=""                         extra settings for both runs, e.g. "bursar.rate-limit.max-buckets=50000"
#   PORT=18080 MANAGEMENT_PORT=18081    the HTTP run's ports
#   OUT=target/rate-limit-memory.txt    where the results are written (they are printed too)
#
# Needs: a JDK >= 21 (with jcmd), wrk (installed from Debian's packages when missing and run as
# root), curl.
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-1000000}
FAMILIES=${FAMILIES:-"ipv4 ipv6 ipv6-one-64"}
HTTP_CLIENTS=${HTTP_CLIENTS:-1000000}
HTTP_FAMILY=${HTTP_FAMILY:-ipv4}
CONNECTIONS=${CONNECTIONS:-32}
WAIT=${WAIT:-5}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx1g}
SETTINGS=${SETTINGS:-}
PORT=${PORT:-18080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18081}
OUT=${OUT:-target/rate-limit-memory.txt}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- JDK: JAVA_HOME when it is 21 or newer, else the newest under /usr/lib/jvm -------------------
jdk_major() {
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
if [ -z "${JAVA_HOME:-}" ] || [ "$(jdk_major "$JAVA_HOME" || echo 0)" -lt 21 ] 2>/dev/null; then
  JAVA_HOME=""
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/javac" ] && [ -x "$home/bin/jcmd" ] || continue
    major=$(jdk_major "$home")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && { [ -z "$JAVA_HOME" ] || [ "$major" -gt "$(jdk_major "$JAVA_HOME")" ]; }; then
      JAVA_HOME=$home
    fi
  done
fi
[ -n "$JAVA_HOME" ] || die "no JDK 21 or newer: set JAVA_HOME to one"
export JAVA_HOME PATH=$JAVA_HOME/bin:$PATH

if [ "$HTTP_CLIENTS" -gt 0 ] && ! command -v wrk >/dev/null; then
  [ "$(id -u)" -eq 0 ] || die "wrk is not installed (Debian package wrk)"
  log "installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

# --- Build -------------------------------------------------------------------------------------
log "building (test classes and class path)"
mkdir -p target "$(dirname "$OUT")"
./mvnw -B -q -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
CP=target/test-classes:target/classes:$(cat target/bench-classpath.txt)

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || COMMIT="$COMMIT (with uncommitted changes)"
{
  echo "# bench/rate-limit-memory.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT"
  echo "# $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1); $(nproc) cores"
  echo "# CLIENTS=$CLIENTS FAMILIES=\"$FAMILIES\" HTTP_CLIENTS=$HTTP_CLIENTS HTTP_FAMILY=$HTTP_FAMILY CONNECTIONS=$CONNECTIONS WAIT=$WAIT SERVICE_JAVA_OPTS=\"$SERVICE_JAVA_OPTS\" SETTINGS=\"$SETTINGS\""
} >"$OUT"

# --- 1. In process -----------------------------------------------------------------------------
for family in $FAMILIES; do
  log "in process: $CLIENTS clients, addresses $family"
  # shellcheck disable=SC2086
  result=$("$JAVA_HOME/bin/java" -Xmx2g -cp "$CP" -Dclients="$CLIENTS" -Daddresses="$family" -Dwait="$WAIT" \
    -Dlogging.level.root=warn dev.bursar.internal.middleware.RateLimitMemoryBenchmark $SETTINGS 2>/dev/null)
  { echo; echo "## In process, addresses $family"; echo "$result"; } | tee -a "$OUT"
done

# --- 2. Over HTTP ------------------------------------------------------------------------------
[ "$HTTP_CLIENTS" -gt 0 ] || { log "results in $OUT"; exit 0; }

SERVICE_PID=""
SERVICE_LOG=target/rate-limit-memory-service.log
cleanup() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

# Live heap (bytes, after the full GC the histogram starts with), token buckets and RSS of the service.
reading() {
  local histogram rss
  histogram=$(jcmd "$SERVICE_PID" GC.class_histogram)
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVICE_PID/status")
  awk -v label="$1" -v rss="$rss" '
    $1 == "Total" { bytes = $3 }
    $4 == "io.github.bucket4j.local.LockFreeBucket" { buckets = $2 }
    END { printf "%-28s %11.1f MB %10d %9.0f MB\n", label, bytes / 1048576, buckets, rss / 1024 }' <<<"$histogram"
}

args=(--server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" --bursar.rate-limit.trusted-proxies=127.0.0.1
  --logging.level.root=warn)
for setting in $SETTINGS; do args+=("--$setting"); done
log "starting the service (embedded PostgreSQL) on :$PORT"
# shellcheck disable=SC2086
env -u SPRING_DATASOURCE_URL "$JAVA_HOME/bin/java" $SERVICE_JAVA_OPTS -cp "$CP" dev.bursar.TestBursarServer "${args[@]}" \
  >"$SERVICE_LOG" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 180); do
  curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" >/dev/null && break
  kill -0 "$SERVICE_PID" 2>/dev/null || die "the service did not start (see $SERVICE_LOG)"
  sleep 1
done
curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" >/dev/null || die "the service is not ready after 180 s"
curl -s -o /dev/null -H "X-Forwarded-For: 192.0.2.1" "http://127.0.0.1:$PORT/api/v1/me"

{ echo; echo "## Over HTTP, $HTTP_CLIENTS requests, addresses $HTTP_FAMILY, service $SERVICE_JAVA_OPTS"
  printf '%-28s %14s %10s %12s\n' "" "retained heap" "buckets" "RSS"
  reading "before the flood"; } | tee -a "$OUT"
log "wrk: $HTTP_CLIENTS requests, $CONNECTIONS connections"
DONE=target/rate-limit-flood-done.
rm -f "$DONE"*
WRK_OUT=target/rate-limit-flood-wrk.txt
wrk -t2 -c"$CONNECTIONS" -d1800s --timeout 10s -s bench/rate-limit-flood.lua \
  "http://127.0.0.1:$PORT" -- "$HTTP_CLIENTS" 2 "$HTTP_FAMILY" "$DONE" >"$WRK_OUT" 2>&1 &
WRK_PID=$!
# wrk keeps running for -d after its threads stop; SIGINT ends it (and prints its summary) once both are done.
until [ -e "${DONE}0" ] && [ -e "${DONE}1" ]; do
  kill -0 "$WRK_PID" 2>/dev/null || break
  sleep 1
done
kill -INT "$WRK_PID" 2>/dev/null || true
wait "$WRK_PID" || true
wrk_output=$(cat "$WRK_OUT")
{ reading "right after the flood"; } | tee -a "$OUT"
sleep "$WAIT"
{ reading "after $WAIT s more"
  echo "wrk: $(grep -E 'requests in' <<<"$wrk_output" | sed 's/^ *//'); $(grep -E 'Requests/sec' <<<"$wrk_output" | sed 's/^ *//')"
  grep -E 'Non-2xx|Socket errors' <<<"$wrk_output" | sed 's/^ */wrk: /' || true; } | tee -a "$OUT"
log "results in $OUT"
