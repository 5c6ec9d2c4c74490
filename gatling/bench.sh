#!/usr/bin/env bash
# The side-by-side benchmark of issue #5, in one command and one run on one machine:
#
#   gatling/bench.sh
#
# It starts a node (with its embedded PostgreSQL) and the lock-based baseline service on the same PostgreSQL, lets
# the simulations seed their slots through the admin API of each, and drives the same workloads with the same load
# generator (Gatling) and the same load at both, one after the other: hot slot, spread, full slot, calendar. With
# pgbench on PATH it also measures the hot-slot transaction as raw SQL. It prints a table and, last, one line per
# workload:
#
#   RESULT workload=<hot-slot|spread|full-slot|calendar> engine=<ops/s> baseline=<ops/s> ratio=<engine/baseline> engine_p99_ms=<n> baseline_p99_ms=<n>
#
# Everything runs on 127.0.0.1 and ends within BENCH_MAX_SECONDS (600): a watchdog stops the run, prints what was
# measured, and every process the script started (node, its PostgreSQL, baseline, Gatling, pgbench) is stopped on
# exit, however it exits. Output: gatling/target/bench/ (summary.txt, results/*.json, logs/, gatling/<workload>-<target>/
# HTML reports, hot-slot-engine.jfr and its profile.txt).
#
# Settings (environment): BENCH_DURATION (15 s measured per workload and target), BENCH_WARMUP (5 s before it),
# BENCH_USERS (64 concurrent clients), BENCH_SEED (42), BENCH_WORKLOADS ("hot-slot spread full-slot calendar"),
# BENCH_MAX_SECONDS (600), BENCH_SETTLE_SECONDS (20: the longest wait for the servers to go idle between runs),
# BENCH_PGBENCH_SECONDS (10), BENCH_BASELINE_POOL (32), BENCH_SERVER_JAVA_OPTS (heap and flags of both servers),
# BENCH_HOT_CAPACITY (20000 seats per hot slot), BENCH_JFR (1: profile the engine during its hot-slot run),
# ENGINE_JAR (http-api/target/reservation-engine.jar, built when missing).
set -euo pipefail
LOG_TAG=bench
# shellcheck source=gatling/lib.sh
. "$(dirname "$0")/lib.sh"

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-5}
USERS=${BENCH_USERS:-64}
SEED=${BENCH_SEED:-42}
WORKLOADS=${BENCH_WORKLOADS:-hot-slot spread full-slot calendar}
MAX_SECONDS=${BENCH_MAX_SECONDS:-600}
SETTLE_SECONDS=${BENCH_SETTLE_SECONDS:-20}
PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-10}
BASELINE_POOL=${BENCH_BASELINE_POOL:-32}
# The same heap and flags for both servers; DebugNonSafepoints makes the JFR samples exact.
SERVER_JAVA_OPTS=${BENCH_SERVER_JAVA_OPTS:--Xms1g -Xmx2g -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints}
HOT_CAPACITY=${BENCH_HOT_CAPACITY:-20000}
JFR=${BENCH_JFR:-1}
START_DATE=$(date -u -d '+2 days' +%F)
OUT=$GATLING_DIR/target/bench
TOOL="python3 $GATLING_DIR/bench_tool.py"
SETTINGS="seed=$SEED users=$USERS warmup=${WARMUP}s duration=${DURATION}s hot-capacity=$HOT_CAPACITY startDate=$START_DATE cpus=$(nproc) baseline-pool=$BASELINE_POOL"

declare -A SIMULATION=([hot-slot]=HotSlotLoop [spread]=SpreadBooking [full-slot]=FullSlot [calendar]=CalendarStorm)
for workload in $WORKLOADS; do
  [ -n "${SIMULATION[$workload]:-}" ] || die "unknown workload $workload (hot-slot, spread, full-slot, calendar)"
done

# Two benchmarks at once would share gatling/target/bench and each other's CPU: the second one stops here.
mkdir -p "$GATLING_DIR/target"
exec 9>"$GATLING_DIR/target/bench.lock"
flock -n 9 || die "another gatling/bench.sh runs in this tree (it holds $GATLING_DIR/target/bench.lock)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reservation-bench.XXXXXX")
WATCHDOG=
REPORTED=
report() {
  if [ -n "$REPORTED" ] || [ ! -d "$OUT/results" ]; then return 0; fi
  REPORTED=1
  $TOOL report "$OUT" "$WORKLOADS" "$SETTINGS"
}
finish() {
  local rc=$?
  # Cleaning up must not stop at its first failing command.
  set +e
  trap - EXIT INT TERM
  if [ -n "$WATCHDOG" ]; then kill "$WATCHDOG" 2>/dev/null; fi
  cleanup_started
  rm -rf "$WORK"
  # Whatever was measured is reported, also when the run was cut short.
  report || true
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'log "BENCH_MAX_SECONDS (${MAX_SECONDS}s) reached: stopping; what was measured follows"; exit 124' TERM
( sleep "$MAX_SECONDS"; kill -TERM $$ 2>/dev/null ) &
WATCHDOG=$!

# Run a command in the background and wait for it, so the watchdog's signal is handled at once.
run_waited() {
  "$@" &
  local pid=$! rc=0
  STARTED_PIDS+=("$pid")
  wait "$pid" || rc=$?
  forget_pid "$pid"
  return "$rc"
}

log "settings: $SETTINGS workloads: $WORKLOADS"
if [ ! -f "$ENGINE_JAR" ]; then
  log "building the engine jar (mvn -B -q -DskipTests package)"
  run_waited bash -c "cd '$REPO_DIR' && mvn -B -q -DskipTests package" >&2 || die "the build failed"
fi
ensure_gatling_classes

rm -rf "$OUT"
mkdir -p "$OUT/results" "$OUT/logs" "$OUT/gatling"
TOKEN="bench-$(date +%s)-$RANDOM$RANDOM"

# shellcheck disable=SC2034  # read by start_node
NODE_JAVA_OPTS=$SERVER_JAVA_OPTS
start_node "$WORK/data" "$OUT/logs/node.log" "$TOKEN"
ENGINE_URL=$NODE_URL
POSTMASTER=${PG_PIDS[0]:-}

BASELINE_PORT=$(free_port)
# shellcheck disable=SC2086
java $SERVER_JAVA_OPTS -cp "$GATLING_DIR/target/classes:$(cat "$CP_MAIN_FILE")" com.reservation.baseline.BaselineMain \
  --port "$BASELINE_PORT" --db-url "jdbc:postgresql://127.0.0.1:$NODE_DB_PORT/postgres" \
  --pool-size "$BASELINE_POOL" --admin-token "$TOKEN" >"$OUT/logs/baseline.log" 2>&1 &
BASELINE_PID=$!
STARTED_PIDS+=("$BASELINE_PID")
wait_for_line "$OUT/logs/baseline.log" 'baseline listening on' "$BASELINE_PID" 60 || die "the baseline did not start"
BASELINE_URL=http://127.0.0.1:$BASELINE_PORT
log "baseline serves on $BASELINE_URL (pool $BASELINE_POOL) on the node's PostgreSQL"

# run_workload WORKLOAD TARGET URL
run_workload() {
  local workload=$1 target=$2 url=$3 rc=0 i settled window_pid
  local name=$workload-$target simulation=${SIMULATION[$workload]}
  settled=$($TOOL settle "$SETTLE_SECONDS" "$NODE_PID" "$BASELINE_PID" "$POSTMASTER")
  log "$name: $simulation, $USERS clients, ${WARMUP}s warm-up + ${DURATION}s measured (servers idle: $settled)"
  local jfr=() capacity=()
  if [ "$workload" = hot-slot ]; then capacity=(-Dcapacity="$HOT_CAPACITY"); fi
  if [ "$name" = hot-slot-engine ] && [ "$JFR" = 1 ] && command -v jcmd >/dev/null; then
    jfr=(--jfr "$NODE_PID" "$OUT/hot-slot-engine.jfr")
  fi
  $TOOL window "$OUT/logs/$name.log" "$WARMUP" "$DURATION" "$OUT/results/cpu-$name.json" \
    "engine=$NODE_PID" "postgres=$POSTMASTER" "baseline=$BASELINE_PID" "${jfr[@]}" &
  window_pid=$!
  STARTED_PIDS+=("$window_pid")
  run_gatling "$simulation" "$OUT/gatling/$name" $((WARMUP + DURATION + 120)) "$OUT/logs/$name.log" \
    -DbaseUrls="$url" -DadminToken="$TOKEN" -Dseed="$SEED" -DstartDate="$START_DATE" -Dmodel=closed \
    -Dusers="$USERS" -Dwarmup="$WARMUP" -Dduration="$DURATION" -DresultFile="$OUT/results/$name.json" \
    "${capacity[@]}" || rc=$?
  # The window ends by itself soon after a measured run; after a crash it would wait for a start that never comes.
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ]; then
    for ((i = 0; i < 150; i++)); do alive "$window_pid" || break; sleep 0.1; done
  fi
  stop_pid "$window_pid" TERM 5
  wait "$window_pid" 2>/dev/null || true
  forget_pid "$window_pid"
  case $rc in
    0) ;;
    2) log "$name: some Gatling assertion failed (see logs/$name.log); measured anyway" ;;
    *) log "$name: Gatling ended with $rc; last lines of logs/$name.log:"; tail -n 15 "$OUT/logs/$name.log" >&2 ;;
  esac
  grep -h '^RECORDED' "$OUT/logs/$name.log" | sed "s/^/    /" >&2 || true
}

for workload in $WORKLOADS; do
  run_workload "$workload" engine "$ENGINE_URL"
  run_workload "$workload" baseline "$BASELINE_URL"
done

if command -v pgbench >/dev/null; then
  log "pgbench: the hot-slot transaction as raw SQL, $USERS clients, ${PGBENCH_SECONDS}s"
  # One slot of the largest capacity, defined through the baseline's admin API, booked by the same two statements.
  python3 - "$BASELINE_URL" "$TOKEN" "$START_DATE" <<'EOF' || log "pgbench: could not define its slot"
import json, sys, urllib.request
url, token, day = sys.argv[1:]
def call(method, path, body):
    request = urllib.request.Request(url + path, json.dumps(body).encode(), method=method,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).read()
call("PUT", "/admin/venues/pgbench", {"name": "pgbench", "timeZone": "UTC"})
call("POST", "/admin/venues/pgbench/schedules", {"from": day, "to": day, "dailyStart": "06:00", "dailyEnd": "06:05",
                                                 "slotMinutes": 5, "capacity": 100000})
EOF
  slot="pgbench_$(date -u -d "$START_DATE" +%Y%m%d)_0600"
  cat >"$WORK/hot-slot.sql" <<EOF
BEGIN;
UPDATE baseline_slot SET booked = booked + 1 WHERE id = '$slot' AND booked + 1 <= capacity AND status = 'OPEN' AND start_instant > now();
INSERT INTO baseline_booking (booking_id, slot_id, customer_id, seats, status, contact, booked_at) VALUES (gen_random_uuid()::text, '$slot', gen_random_uuid()::text, 1, 'CONFIRMED', NULL, now());
END;
EOF
  $TOOL settle "$SETTLE_SECONDS" "$NODE_PID" "$BASELINE_PID" "$POSTMASTER" >/dev/null
  export PGPASSWORD=postgres
  if run_waited timeout --kill-after=5 $((PGBENCH_SECONDS + 60)) pgbench -n -h 127.0.0.1 \
      -p "$NODE_DB_PORT" -U postgres -c "$USERS" -j 2 -T "$PGBENCH_SECONDS" -f "$WORK/hot-slot.sql" postgres \
      >"$OUT/logs/pgbench.log" 2>&1; then
    grep -oE 'tps = [0-9.]+' "$OUT/logs/pgbench.log" | head -n 1 | sed 's/tps = //' >"$OUT/results/pgbench.txt"
    log "pgbench: $(cat "$OUT/results/pgbench.txt") tps"
  else
    log "pgbench failed; see logs/pgbench.log"
  fi
else
  log "pgbench is not on PATH: no raw-SQL ceiling"
fi

if [ -f "$OUT/hot-slot-engine.jfr" ] && command -v jfr >/dev/null; then
  log "summarising the engine's hot-slot profile into hot-slot-engine-profile.txt"
  $TOOL profile "$OUT/hot-slot-engine.jfr" >"$OUT/hot-slot-engine-profile.txt" 2>&1 || true
fi

log "stopping the baseline and the node"
stop_pid "$BASELINE_PID" TERM 20
stop_node
log "done in $((SECONDS))s; reports in $OUT"
report
