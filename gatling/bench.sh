#!/usr/bin/env bash
# The side-by-side benchmark (issues #5 and #8), in one command and one run on one machine:
#
#   gatling/bench.sh
#
# It starts a node (with its embedded PostgreSQL) and the lock-based baseline service on the same PostgreSQL, then
# ONE Gatling JVM (the Bench simulation) runs every workload against the engine and then the baseline, phase after
# phase: ceiling (GET /health/live, engine only), hot slot, spread, full slot, calendar, ceiling again. Before each
# phase it vacuums PostgreSQL (VACUUM ANALYZE, CHECKPOINT) and waits until the servers are idle; then it repeats
# 10 s windows until the rate is steady (two windows within 10% and the JIT compilers quiet, after 20 s and by 90 s at
# most), then measures 30 s, and reads the CPU each process used in exactly that window. With pgbench on PATH it also measures the hot-slot transaction as raw SQL. Progress (phase, rate, time
# left) goes to stderr; last, one line per workload on stdout:
#
#   RESULT workload=ceiling engine=<ops/s> engine_cpu_us=<n> engine_pg_cpu_us=<n>
#   RESULT workload=<hot-slot|full-slot|calendar> engine=<ops/s> baseline=<ops/s> ratio=<engine/baseline> engine_p99_ms=<n> baseline_p99_ms=<n> engine_cpu_us=<n> engine_pg_cpu_us=<n> baseline_cpu_us=<n> baseline_pg_cpu_us=<n> of_ceiling=<engine/ceiling>
#   RESULT workload=spread (the same without of_ceiling)
#   RESULT workload=hot-slot-limit engine=<ops/s> of_hot_slot=<this/hot-slot> engine_p99_ms=<n> engine_cpu_us=<n> engine_pg_cpu_us=<n>
#   RESULT workload=big-slot empty=<bookings/s> held=<bookings/s> ratio=<held/empty> recovery_ms=<n> big_first_get_ms=<n> small_first_get_ms=<n> held_bookings=<n> engine_cpu_us=<n> engine_pg_cpu_us=<n>
#
# (*_cpu_us: CPU microseconds per counted operation, of that server's JVM and of PostgreSQL, over the measured window.)
# big-slot is not in the default set (about 3 more minutes): BENCH_WORKLOADS="big-slot" alone, or added to the list.
#
# Everything runs on 127.0.0.1 and ends within BENCH_MAX_SECONDS (1500): a watchdog stops the run, prints what was
# measured, and every process the script started (node, its PostgreSQL, baseline, Gatling, pgbench) is stopped on
# exit, however it exits. Output: gatling/target/bench/ (summary.txt, results/*.json, logs/, hot-slot-engine.jfr and
# its profile.txt).
#
# Settings (environment): BENCH_WORKLOADS ("ceiling hot-slot hot-slot-limit spread full-slot calendar"; also "big-slot"),
# BENCH_USERS (64 concurrent clients), BENCH_DURATION (30 s measured per phase), BENCH_WINDOW (10 s warm-up windows),
# BENCH_WARMUP_MIN (20), BENCH_WARMUP_MAX (90), BENCH_STEADY_PERCENT (10), BENCH_JIT_LIMIT (0.10 cores),
# BENCH_SEED (42), BENCH_SETTLE_SECONDS (15), BENCH_MAX_SECONDS (1500), BENCH_PGBENCH_SECONDS (10),
# BENCH_BASELINE_POOL (32), BENCH_HOT_CAPACITY (100000 seats per hot slot), BENCH_JFR (1: a last phase, 10 s of JFR
# on the engine under the hot-slot load), BENCH_BIG_HELD (90000), BENCH_RECOVERY_ROUNDS (3),
# BENCH_SERVER_JAVA_OPTS (heap and flags of both servers), BENCH_GATLING_JAVA_OPTS (of the load generator),
# ENGINE_JAR (http-api/target/reservation-engine.jar, built when missing).
set -euo pipefail
LOG_TAG=bench
# shellcheck source=gatling/lib.sh
. "$(dirname "$0")/lib.sh"

WORKLOADS=${BENCH_WORKLOADS:-ceiling hot-slot hot-slot-limit spread full-slot calendar}
USERS=${BENCH_USERS:-64}
DURATION=${BENCH_DURATION:-30}
WINDOW=${BENCH_WINDOW:-10}
WARMUP_MIN=${BENCH_WARMUP_MIN:-20}
WARMUP_MAX=${BENCH_WARMUP_MAX:-90}
STEADY_PERCENT=${BENCH_STEADY_PERCENT:-10}
JIT_LIMIT=${BENCH_JIT_LIMIT:-0.10}
SEED=${BENCH_SEED:-42}
SETTLE_SECONDS=${BENCH_SETTLE_SECONDS:-15}
MAX_SECONDS=${BENCH_MAX_SECONDS:-1500}
PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-10}
BASELINE_POOL=${BENCH_BASELINE_POOL:-32}
HOT_CAPACITY=${BENCH_HOT_CAPACITY:-100000}
JFR=${BENCH_JFR:-1}
BIG_HELD=${BENCH_BIG_HELD:-90000}
RECOVERY_ROUNDS=${BENCH_RECOVERY_ROUNDS:-3}
# The same fixed heap and flags for both servers; DebugNonSafepoints makes the JFR samples exact.
SERVER_JAVA_OPTS=${BENCH_SERVER_JAVA_OPTS:--Xms2g -Xmx2g -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints}
# The load generator as light as it goes: a fixed, pre-touched heap, the throughput collector (no concurrent GC
# threads competing for the two cores), and none of Netty's per-buffer checks and leak sampling.
GATLING_JAVA_OPTS=${BENCH_GATLING_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch \
-Dio.netty.leakDetection.level=disabled -Dio.netty.buffer.checkAccessible=false -Dio.netty.buffer.checkBounds=false}
START_DATE=$(date -u -d '+2 days' +%F)
OUT=$GATLING_DIR/target/bench
TOOL="python3 $GATLING_DIR/bench_tool.py"
SETTINGS="seed=$SEED users=$USERS window=${WINDOW}s warmup=${WARMUP_MIN}-${WARMUP_MAX}s steady=${STEADY_PERCENT}% \
duration=${DURATION}s hot-capacity=$HOT_CAPACITY startDate=$START_DATE cpus=$(nproc) baseline-pool=$BASELINE_POOL"

has_workload() { [[ " $WORKLOADS " == *" $1 "* ]]; }
NEEDS_BASELINE=
for workload in $WORKLOADS; do
  case $workload in
    ceiling | big-slot | hot-slot-limit) ;;
    hot-slot | spread | full-slot | calendar) NEEDS_BASELINE=1 ;;
    *) die "unknown workload $workload (ceiling, hot-slot, hot-slot-limit, spread, full-slot, calendar, big-slot)" ;;
  esac
done

# Two benchmarks at once would share gatling/target/bench and each other's CPU: the second one stops here.
mkdir -p "$GATLING_DIR/target"
exec 9>"$GATLING_DIR/target/bench.lock"
flock -n 9 || die "another gatling/bench.sh runs in this tree (it holds $GATLING_DIR/target/bench.lock)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reservation-bench.XXXXXX")
REPORTED=
report() {
  if [ -n "$REPORTED" ] || [ ! -d "$OUT/results" ]; then return 0; fi
  REPORTED=1
  $TOOL report "$OUT" "$WORKLOADS" "$SETTINGS" 9>&-
}
finish() {
  local rc=$?
  # Cleaning up must not stop at its first failing command.
  set +e
  trap - EXIT INT TERM
  stop_watchdog
  cleanup_started
  rm -rf "$WORK"
  # Whatever was measured is reported, also when the run was cut short.
  report || true
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'log "BENCH_MAX_SECONDS (${MAX_SECONDS}s) reached: stopping; what was measured follows"; exit 124' TERM
start_watchdog "$MAX_SECONDS"

# Run a command in the background and wait for it, so the watchdog's signal is handled at once.
run_waited() {
  "$@" 9>&- &
  local pid=$! rc=0
  STARTED_PIDS+=("$pid")
  wait "$pid" || rc=$?
  forget_pid "$pid"
  return "$rc"
}

log "settings: $SETTINGS workloads: $WORKLOADS"
if [ ! -f "$ENGINE_JAR" ]; then
  log "building the engine jar (./mvnw -B -q -pl http-api -am -DskipTests package)"
  run_waited bash -c "cd '$REPO_DIR' && ./mvnw -B -q -pl http-api -am -DskipTests package" >&2 || die "the build failed"
fi
ensure_gatling_classes
log "engine jar: $ENGINE_JAR ($(date -r "$ENGINE_JAR" '+%F %T'))"

rm -rf "$OUT"
mkdir -p "$OUT/results" "$OUT/logs"
TOKEN="bench-$(date +%s)-$RANDOM$RANDOM"

# shellcheck disable=SC2034  # read by start_node
NODE_JAVA_OPTS=$SERVER_JAVA_OPTS
start_node "$WORK/data" "$OUT/logs/node.log" "$TOKEN"
ENGINE_URL=$NODE_URL
POSTMASTER=${PG_PIDS[0]:-}
DB_URL="jdbc:postgresql://127.0.0.1:$NODE_DB_PORT/postgres"

BASELINE_PID=
BASELINE_URL=
if [ -n "$NEEDS_BASELINE" ]; then
  BASELINE_PORT=$(free_port)
  # shellcheck disable=SC2086
  java $SERVER_JAVA_OPTS -cp "$GATLING_DIR/target/classes:$(cat "$CP_MAIN_FILE")" com.reservation.baseline.BaselineMain \
    --port "$BASELINE_PORT" --db-url "$DB_URL" --db-password "$NODE_DB_PASSWORD" --pool-size "$BASELINE_POOL" \
    --admin-token "$TOKEN" \
    >"$OUT/logs/baseline.log" 2>&1 9>&- &
  BASELINE_PID=$!
  STARTED_PIDS+=("$BASELINE_PID")
  wait_for_line "$OUT/logs/baseline.log" 'baseline listening on' "$BASELINE_PID" 60 || die "the baseline did not start"
  BASELINE_URL=http://127.0.0.1:$BASELINE_PORT
  log "baseline serves on $BASELINE_URL (pool $BASELINE_POOL) on the node's PostgreSQL"
fi

JFR_FILE=
if [ "$JFR" = 1 ] && has_workload hot-slot && command -v jcmd >/dev/null; then JFR_FILE=$OUT/hot-slot-engine.jfr; fi

log "one Gatling JVM runs every phase; progress follows (log: logs/gatling.log)"
# No HTML report (the requests are silent: Gatling's statistics never see them) and no console summary every 5 s.
GATLING_ARGS=(-nr)
GATLING_KEEP_STDERR=1
rc=0
run_gatling Bench "$OUT/gatling" "$MAX_SECONDS" "$OUT/logs/gatling.log" \
  -DengineUrl="$ENGINE_URL" -DbaselineUrl="$BASELINE_URL" -DadminToken="$TOKEN" -Dseed="$SEED" \
  -DstartDate="$START_DATE" -Dworkloads="$WORKLOADS" -Dusers="$USERS" -Dwindow="$WINDOW" \
  -DwarmupMin="$WARMUP_MIN" -DwarmupMax="$WARMUP_MAX" -DsteadyPercent="$STEADY_PERCENT" -DjitLimit="$JIT_LIMIT" \
  -Dduration="$DURATION" -Dsettle="$SETTLE_SECONDS" -DhotCapacity="$HOT_CAPACITY" -DbigHeld="$BIG_HELD" \
  -DenginePid="$NODE_PID" -DbaselinePid="$BASELINE_PID" -DpostgresPid="$POSTMASTER" -DdbUrl="$DB_URL" -DdbPassword="$NODE_DB_PASSWORD" \
  -DresultDir="$OUT/results" -DjfrFile="$JFR_FILE" -Dgatling.data.console.writePeriod=3600 || rc=$?
if [ "$rc" -ne 0 ]; then
  log "Gatling ended with $rc; last lines of logs/gatling.log:"
  tail -n 20 "$OUT/logs/gatling.log" >&2
fi

if has_workload hot-slot && [ -n "$BASELINE_URL" ] && command -v pgbench >/dev/null; then
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
  $TOOL settle "$SETTLE_SECONDS" "$NODE_PID" "$BASELINE_PID" "$POSTMASTER" >/dev/null 9>&-
  export PGPASSWORD=$NODE_DB_PASSWORD
  if run_waited timeout --kill-after=5 $((PGBENCH_SECONDS + 60)) pgbench -n -h 127.0.0.1 \
      -p "$NODE_DB_PORT" -U postgres -c "$USERS" -j 2 -T "$PGBENCH_SECONDS" -f "$WORK/hot-slot.sql" postgres \
      >"$OUT/logs/pgbench.log" 2>&1; then
    grep -oE 'tps = [0-9.]+' "$OUT/logs/pgbench.log" | head -n 1 | sed 's/tps = //' >"$OUT/results/pgbench.txt"
    log "pgbench: $(cat "$OUT/results/pgbench.txt") tps"
  else
    log "pgbench failed; see logs/pgbench.log"
  fi
fi

if [ -f "$OUT/hot-slot-engine.jfr" ] && command -v jfr >/dev/null; then
  log "summarising the engine's hot-slot profile into hot-slot-engine-profile.txt"
  $TOOL profile "$OUT/hot-slot-engine.jfr" >"$OUT/hot-slot-engine-profile.txt" 2>&1 9>&- || true
fi

if [ -n "$BASELINE_PID" ]; then
  log "stopping the baseline"
  stop_pid "$BASELINE_PID" TERM 20
fi

# The big slot's recovery: restart the node on the same data, then time the first read of a small slot and of the
# big one (after a first read of a third slot, so neither pays the node's very first request).
if has_workload big-slot && $TOOL big-slot-complete "$OUT" 9>&-; then
  for ((round = 1; round <= RECOVERY_ROUNDS; round++)); do
    log "big-slot recovery, round $round of $RECOVERY_ROUNDS: restarting the node on the same data"
    stop_node
    start_node "$WORK/data" "$OUT/logs/node-restart-$round.log" "$TOKEN"
    $TOOL recovery "$OUT" "$NODE_URL" 9>&- >&2 || log "recovery round $round failed"
  done
fi

log "stopping the node"
stop_node
log "done in $((SECONDS))s; reports in $OUT"
report
