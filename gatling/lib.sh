# Shared by gatling/smoke.sh and gatling/bench.sh (sourced, not run): start and stop what they need on 127.0.0.1,
# remember every process started, and run Gatling without Maven in the way.
#
# Every long wait runs in the background and is awaited with `wait`, so a signal (the watchdog's, or Ctrl-C) reaches
# the EXIT trap at once instead of after the current child ends.

GATLING_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$GATLING_DIR")
ENGINE_JAR=${ENGINE_JAR:-$REPO_DIR/http-api/target/reservation-engine.jar}
CP_TEST_FILE=$GATLING_DIR/target/gatling.classpath
CP_MAIN_FILE=$GATLING_DIR/target/baseline.classpath

STARTED_PIDS=()   # processes to end at exit (newest last)
PG_PIDS=()        # embedded PostgreSQL postmasters to stop at exit
GATLING_ARGS=()   # extra arguments of Gatling itself (run_gatling)
WATCHDOG=         # pid of the watchdog (start_watchdog)

log() { printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "${LOG_TAG:-bench}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# forget_pid PID: a process already awaited is not ours to signal any more (its pid may be reused).
forget_pid() {
  local keep=() pid
  for pid in "${STARTED_PIDS[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
  STARTED_PIDS=("${keep[@]}")
}

# stop_pid PID SIGNAL SECONDS: send SIGNAL, wait up to SECONDS, then SIGKILL.
stop_pid() {
  local pid=$1 signal=$2 seconds=$3 i
  alive "$pid" || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < seconds * 10; i++)); do alive "$pid" || return 0; sleep 0.1; done
  log "pid $pid still runs after ${seconds}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# start_watchdog SECONDS: after SECONDS, SIGTERM to this script (whose TERM trap reports and cleans up). The watchdog
# is a subshell whose own sleep dies with it (stop_watchdog), and it holds neither the caller's stdout/stderr nor
# the lock descriptor 9: a `sleep` left behind would keep a caller that reads our output waiting, and the next run
# locked out, until it ended.
start_watchdog() {
  local seconds=$1 main=$$
  (
    sleeper=
    trap 'if [ -n "$sleeper" ]; then kill "$sleeper" 2>/dev/null; fi; exit 0' TERM
    sleep "$seconds" &
    sleeper=$!
    if wait "$sleeper"; then kill -TERM "$main" 2>/dev/null; fi
  ) </dev/null >/dev/null 2>&1 9>&- &
  WATCHDOG=$!
}

stop_watchdog() {
  if [ -n "${WATCHDOG:-}" ]; then
    kill -TERM "$WATCHDOG" 2>/dev/null || true
    wait "$WATCHDOG" 2>/dev/null || true
    WATCHDOG=
  fi
}

# The EXIT trap: every process this script started, newest first, then the databases the nodes left behind.
cleanup_started() {
  local i pid
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${STARTED_PIDS[$i]}
    stop_pid "$pid" TERM 30
  done
  # A node stops its PostgreSQL on SIGTERM; one killed hard leaves it running: fast shutdown (SIGINT) then kill.
  for pid in "${PG_PIDS[@]}"; do stop_pid "$pid" INT 15; done
}

# wait_for_line FILE PATTERN PID SECONDS: until FILE has a line matching PATTERN; fails if PID dies or time runs out.
wait_for_line() {
  local file=$1 pattern=$2 pid=$3 seconds=$4 i
  for ((i = 0; i < seconds * 5; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    alive "$pid" || { log "process $pid ended; last lines of $file:"; tail -n 20 "$file" >&2; return 1; }
    sleep 0.2
  done
  log "no '$pattern' in $file after ${seconds}s; last lines:"; tail -n 20 "$file" >&2
  return 1
}

# reservation_env_unset: sets UNSET_RESERVATION to `env` arguments that drop every RESERVATION_* variable of the
# caller's, so that what a script derives (the embedded database's port and password file, the node's URL) describes
# what the node really uses: an exported RESERVATION_DB_URL or RESERVATION_SEED_NODES (e.g. left from
# docs/cluster.md) would otherwise point the node at another database or cluster. Use it as
# `env "${UNSET_RESERVATION[@]}" NAME=value ... java ...`: env execs the command, so `$!` is the JVM's pid.
reservation_env_unset() {
  local variable
  UNSET_RESERVATION=()
  for variable in $(compgen -e | grep '^RESERVATION_' || true); do UNSET_RESERVATION+=(-u "$variable"); done
}

# start_node DATA_DIR LOG TOKEN: a single node from the product jar on free ports; sets NODE_PID, NODE_URL,
# NODE_DB_PORT and remembers the node's PostgreSQL. JAVA options from NODE_JAVA_OPTS.
start_node() {
  local data=$1 logfile=$2 token=$3 http_port
  [ -f "$ENGINE_JAR" ] || die "$ENGINE_JAR is missing: build it first (./mvnw -B -q -pl http-api -am package -DskipTests)"
  http_port=$(free_port)
  NODE_DB_PORT=$(free_port)
  mkdir -p "$data"
  reservation_env_unset
  # shellcheck disable=SC2086
  env "${UNSET_RESERVATION[@]}" RESERVATION_HTTP_HOST=127.0.0.1 RESERVATION_HOSTNAME=127.0.0.1 \
    RESERVATION_HTTP_PORT=$http_port RESERVATION_DATA_DIR=$data RESERVATION_EMBEDDED_DB_PORT=$NODE_DB_PORT \
    RESERVATION_REMOTE_PORT=$(free_port) RESERVATION_MANAGEMENT_PORT=$(free_port) RESERVATION_ADMIN_TOKEN=$token \
    java ${NODE_JAVA_OPTS:-} -jar "$ENGINE_JAR" start >"$logfile" 2>&1 9>&- &
  NODE_PID=$!
  STARTED_PIDS+=("$NODE_PID")
  log "node pid $NODE_PID starting (log $logfile)"
  wait_for_line "$logfile" 'reservation-engine listening on' "$NODE_PID" 180 || die "the node did not start"
  NODE_URL=$(grep -o 'reservation-engine listening on http://[^ ]*' "$logfile" | head -n 1 | sed 's/.* on //')
  if [ -f "$data/postgres/postmaster.pid" ]; then PG_PIDS+=("$(head -n 1 "$data/postgres/postmaster.pid")"); fi
  # The embedded PostgreSQL requires the password it generated at its first start (user postgres).
  NODE_DB_PASSWORD=$(cat "$data/postgres-password" 2>/dev/null || true)
  log "node serves on $NODE_URL (embedded PostgreSQL on 127.0.0.1:$NODE_DB_PORT)"
}

# stop_node: the node (SIGTERM: it stops its PostgreSQL), then any PostgreSQL it left; both forgotten afterwards, so
# a later cleanup never signals a pid the system has given to someone else since.
stop_node() {
  local pid
  if alive "${NODE_PID:-}"; then
    log "stopping the node (pid $NODE_PID)"
    stop_pid "$NODE_PID" TERM 30
  fi
  if [ -n "${NODE_PID:-}" ]; then
    forget_pid "$NODE_PID"
    wait "$NODE_PID" 2>/dev/null || true
  fi
  for pid in "${PG_PIDS[@]}"; do stop_pid "$pid" INT 15; done
  PG_PIDS=()
}

# ensure_gatling_classes: compiles the gatling module and writes its classpaths when its sources changed since.
ensure_gatling_classes() {
  local stamp=$GATLING_DIR/target/classpath.stamp
  if [ -f "$stamp" ] && [ -f "$CP_TEST_FILE" ] && [ -f "$CP_MAIN_FILE" ] &&
     [ -z "$(find "$GATLING_DIR/src" "$GATLING_DIR/pom.xml" "$REPO_DIR/pom.xml" -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  log "compiling the gatling module and resolving its classpaths"
  (cd "$REPO_DIR" &&
    ./mvnw -B -q -pl gatling test-compile dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$CP_TEST_FILE" &&
    ./mvnw -B -q -pl gatling dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$CP_MAIN_FILE") >&2 ||
    die "could not compile the gatling module"
  touch "$stamp"
}

# run_gatling SIMULATION RESULTS_DIR TIMEOUT_SECONDS LOG [-Dname=value ...]: one simulation, in the background,
# awaited; returns Gatling's exit code (2: assertions failed), 124 on timeout. GATLING_ARGS (an array) adds arguments
# of Gatling itself (e.g. -nr); with GATLING_KEEP_STDERR=1 the JVM's stderr stays this script's (progress lines),
# otherwise it goes to LOG with its stdout.
run_gatling() {
  local simulation=$1 results=$2 seconds=$3 logfile=$4
  shift 4
  mkdir -p "$results"
  # shellcheck disable=SC2206
  local command=(timeout --kill-after=10 "$seconds" java ${GATLING_JAVA_OPTS:--Xms512m -Xmx1g}
    --add-opens=java.base/java.lang=ALL-UNNAMED
    -cp "$GATLING_DIR/target/test-classes:$GATLING_DIR/target/classes:$(cat "$CP_TEST_FILE")"
    "$@" io.gatling.app.Gatling -s "com.reservation.gatling.$simulation" -rf "$results" "${GATLING_ARGS[@]}")
  if [ "${GATLING_KEEP_STDERR:-}" = 1 ]; then
    "${command[@]}" >"$logfile" 9>&- &
  else
    "${command[@]}" >"$logfile" 2>&1 9>&- &
  fi
  GATLING_PID=$!
  STARTED_PIDS+=("$GATLING_PID")
  local rc=0
  wait "$GATLING_PID" || rc=$?
  forget_pid "$GATLING_PID"
  return "$rc"
}
