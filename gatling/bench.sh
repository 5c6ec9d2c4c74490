#!/usr/bin/env bash
# The side-by-side benchmark (issues #5, #8 and #16), in one command and one run on one machine:
#
#   gatling/bench.sh
#
# It starts a node (with its embedded PostgreSQL), two redis-servers (appendfsync always and everysec; installed with
# apt-get when missing, or skipped with a clear message) and ONE rivals JVM that serves the engine's rivals behind the
# same lean front end, each on its own port:
#   lock-naive      the first baseline: UPDATE ... WHERE booked + seats <= capacity, then INSERT, in one transaction
#                   (pool of BENCH_BASELINE_POOL)
#   lock-best       ONE statement per booking in autocommit (a CTE: the conditional UPDATE, the INSERT from its row,
#                   the reason when nothing was booked); its pool size is chosen per workload by a sweep during the
#                   warm-up (BENCH_POOL_SWEEP, each size BENCH_SWEEP_SECONDS), the best kept and reported
#   redis-always    Redis with a Lua script (SCRIPT LOAD once, EVALSHA per booking: capacity, one booking per customer
#                   per slot, one active booking per customer at a limited venue), appendonly yes + appendfsync always
#   redis-everysec  the same on a server with appendfsync everysec, only for BENCH_REDIS_EVERYSEC_WORKLOADS
# Then ONE Gatling JVM (the Bench simulation) runs every workload against the engine and then each rival, phase after
# phase: ceiling (GET /health/live, engine only), hot slot, hot slot with a customer limit (engine only), spread,
# citizen (one appointment per person over a month of slots, maxActiveBookingsPerCustomer 1, Zipf-skewed days and
# times), full slot, calendar (not redis: it keeps no per-day aggregate), ceiling again. Before each phase it vacuums
# PostgreSQL (VACUUM ANALYZE, CHECKPOINT) and waits until the servers are idle; then it repeats warm-up windows until
# the rate is steady (two windows within 10% and the JIT compilers quiet): 10 s windows, 20-90 s, for the engine and
# the first rival phase; 5 s windows from 10 s for rivals once the rivals' JVM has warmed; then measures 20 s and reads
# the CPU each process used in exactly that window. With pgbench on PATH it also measures the hot-slot transaction as
# raw SQL. Progress (phase, rate, time left) goes to stderr; last, one line per workload on stdout:
#
#   RESULT workload=ceiling engine=<ops/s> engine_cpu_us=<n> engine_pg_cpu_us=<n>
#   RESULT workload=<hot-slot|spread|citizen|full-slot|calendar> engine=<ops/s> baseline=<ops/s> ratio=<engine/baseline>
#          engine_p99_ms=<n> baseline_p99_ms=<n> engine_cpu_us=<n> engine_pg_cpu_us=<n> baseline_cpu_us=<n>
#          baseline_pg_cpu_us=<n> [of_ceiling=<engine/ceiling>: not spread] lock_naive=<ops/s> lock_best=<ops/s>
#          [redis_always=<ops/s>] [redis_everysec=<ops/s>] ratio_best=<engine/lock_best> [ratio_redis=<engine/redis_always>]
#          lock_best_pool=<n> lock_best_cpu_us=<n> lock_best_pg_cpu_us=<n> [redis_always_cpu_us=<n> redis_always_redis_cpu_us=<n>]
#          [redis_everysec_cpu_us=<n> redis_everysec_redis_cpu_us=<n>] [of_hot_slot=<citizen/hot-slot>: citizen only]
#   RESULT workload=hot-slot-limit engine=<ops/s> of_hot_slot=<this/hot-slot> engine_p99_ms=<n> engine_cpu_us=<n> engine_pg_cpu_us=<n>
#   RESULT workload=big-slot empty=<bookings/s> held=<bookings/s> ratio=<held/empty> recovery_ms=<n> big_first_get_ms=<n> small_first_get_ms=<n> held_bookings=<n> engine_cpu_us=<n> engine_pg_cpu_us=<n>
#
# (baseline= and ratio= are lock-naive's, as before. *_cpu_us: CPU microseconds per counted operation of that
# server's JVM; *_pg_cpu_us of PostgreSQL; *_redis_cpu_us of that redis-server; over the measured window. Each line is
# on one line; a field in [] is left out where that rival does not run the workload by design: redis has no calendar,
# redis-everysec runs only BENCH_REDIS_EVERYSEC_WORKLOADS; n/a where it should have run and was not measured.)
# big-slot is not in the default set (about 3 more minutes): BENCH_WORKLOADS="big-slot" alone, or added to the list.
#
# Time: the default set is 24 measured phases (8 engine, 16 rivals) plus the JFR phase: about 24-26 minutes on 2 cores,
# under the 30-minute budget (estimated from short runs beside other builds: engine phases about 55-60 s each, rival
# phases about 40-45 s, lock-best's sweep about 25 s more per workload, about 2 minutes to start and seed; the whole
# default set with 5 s measured windows and 10 s warm-ups took 15 minutes). Everything runs on 127.0.0.1 and ends within BENCH_MAX_SECONDS
# (1800): a watchdog stops the run, prints what was measured, and every process the script started (node, its
# PostgreSQL, redis-servers, rivals, Gatling, pgbench) is stopped on exit, however it exits. Output:
# gatling/target/bench/ (summary.txt, results/*.json, logs/, hot-slot-engine.jfr and its profile.txt).
#
# Settings (environment): BENCH_WORKLOADS ("ceiling hot-slot hot-slot-limit spread citizen full-slot calendar"; also
# "big-slot"), BENCH_RIVALS ("lock-naive lock-best redis"), BENCH_REDIS_EVERYSEC_WORKLOADS ("hot-slot citizen"),
# BENCH_USERS (64 concurrent clients), BENCH_DURATION (20 s measured per phase), BENCH_WINDOW (10 s warm-up windows),
# BENCH_WARMUP_MIN (20), BENCH_WARMUP_MAX (90), BENCH_RIVAL_WINDOW (5), BENCH_RIVAL_WARMUP_MIN (10),
# BENCH_POOL_SWEEP ("4 8 16 32"; empty: no sweep), BENCH_SWEEP_SECONDS (4), BENCH_STEADY_PERCENT (10),
# BENCH_JIT_LIMIT (0.10 cores), BENCH_SEED (42), BENCH_SETTLE_SECONDS (15), BENCH_MAX_SECONDS (1800),
# BENCH_PGBENCH_SECONDS (10), BENCH_BASELINE_POOL (32, lock-naive), BENCH_BEST_POOL (16, lock-best before its sweep),
# BENCH_REDIS_CONNECTIONS (32), BENCH_HOT_CAPACITY (100000 seats per hot slot), BENCH_CITIZEN_DAYS (30),
# BENCH_CITIZEN_CAPACITY (5000 seats per citizen slot), BENCH_JFR (1: a last phase, 10 s of JFR on the engine under
# the hot-slot load), BENCH_BIG_HELD (90000), BENCH_RECOVERY_ROUNDS (3), BENCH_SERVER_JAVA_OPTS (heap and flags of the
# node and the rivals' JVM), BENCH_GATLING_JAVA_OPTS (of the load generator), ENGINE_JAR
# (http-api/target/reservation-engine.jar, built when missing).
set -euo pipefail
LOG_TAG=bench
# shellcheck source=gatling/lib.sh
. "$(dirname "$0")/lib.sh"

WORKLOADS=${BENCH_WORKLOADS:-ceiling hot-slot hot-slot-limit spread citizen full-slot calendar}
RIVALS=${BENCH_RIVALS:-lock-naive lock-best redis}
EVERYSEC_WORKLOADS=${BENCH_REDIS_EVERYSEC_WORKLOADS-hot-slot citizen}
USERS=${BENCH_USERS:-64}
DURATION=${BENCH_DURATION:-20}
WINDOW=${BENCH_WINDOW:-10}
WARMUP_MIN=${BENCH_WARMUP_MIN:-20}
WARMUP_MAX=${BENCH_WARMUP_MAX:-90}
STEADY_PERCENT=${BENCH_STEADY_PERCENT:-10}
JIT_LIMIT=${BENCH_JIT_LIMIT:-0.10}
SEED=${BENCH_SEED:-42}
SETTLE_SECONDS=${BENCH_SETTLE_SECONDS:-15}
MAX_SECONDS=${BENCH_MAX_SECONDS:-1800}
RIVAL_WINDOW=${BENCH_RIVAL_WINDOW:-5}
RIVAL_WARMUP_MIN=${BENCH_RIVAL_WARMUP_MIN:-10}
POOL_SWEEP=${BENCH_POOL_SWEEP-4 8 16 32}
SWEEP_SECONDS=${BENCH_SWEEP_SECONDS:-4}
BEST_POOL=${BENCH_BEST_POOL:-16}
REDIS_CONNECTIONS=${BENCH_REDIS_CONNECTIONS:-32}
CITIZEN_DAYS=${BENCH_CITIZEN_DAYS:-30}
CITIZEN_CAPACITY=${BENCH_CITIZEN_CAPACITY:-5000}
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
SETTINGS="seed=$SEED users=$USERS window=${WINDOW}s warmup=${WARMUP_MIN}-${WARMUP_MAX}s \
rival-window=${RIVAL_WINDOW}s rival-warmup-min=${RIVAL_WARMUP_MIN}s steady=${STEADY_PERCENT}% duration=${DURATION}s \
hot-capacity=$HOT_CAPACITY citizen=${CITIZEN_DAYS}d*48x$CITIZEN_CAPACITY startDate=$START_DATE cpus=$(nproc) \
naive-pool=$BASELINE_POOL best-pool-sweep=${POOL_SWEEP:-none}/${SWEEP_SECONDS}s redis-connections=$REDIS_CONNECTIONS \
everysec=${EVERYSEC_WORKLOADS// /,}"

has_workload() { [[ " $WORKLOADS " == *" $1 "* ]]; }
NEEDS_BASELINE=
for workload in $WORKLOADS; do
  case $workload in
    ceiling | big-slot | hot-slot-limit) ;;
    hot-slot | spread | citizen | full-slot | calendar) NEEDS_BASELINE=1 ;;
    *) die "unknown workload $workload (ceiling, hot-slot, hot-slot-limit, spread, citizen, full-slot, calendar, big-slot)" ;;
  esac
done
has_rival() { [[ " $RIVALS " == *" $1 "* ]]; }
for rival in $RIVALS; do
  case $rival in lock-naive | lock-best | redis) ;; *) die "unknown rival $rival (lock-naive, lock-best, redis)" ;; esac
done
# lock-naive is the first baseline and always runs with the others (baseline= and ratio= are its).
if [ -n "$NEEDS_BASELINE" ] && ! has_rival lock-naive; then RIVALS="lock-naive $RIVALS"; fi

# Two benchmarks at once would share gatling/target/bench and each other's CPU: the second one stops here.
mkdir -p "$GATLING_DIR/target"
exec 9>"$GATLING_DIR/target/bench.lock"
flock -n 9 || die "another gatling/bench.sh runs in this tree (it holds $GATLING_DIR/target/bench.lock)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reservation-bench.XXXXXX")
STARTED_RIVALS=
REDIS_NOTE=
REPORTED=
report() {
  if [ -n "$REPORTED" ] || [ ! -d "$OUT/results" ]; then return 0; fi
  REPORTED=1
  $TOOL report "$OUT" "$WORKLOADS" "$STARTED_RIVALS" "$EVERYSEC_WORKLOADS" "$SETTINGS" 9>&-
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

# The redis rivals' servers: Debian's redis-server, installed when missing (as root, with apt-get), or skipped with a
# note in the summary. Each a child of this script on a free loopback port with its own temporary directory, durable as
# the rival says: appendonly yes, appendfsync always (redis-always) or everysec (redis-everysec); no RDB snapshots.
REDIS_ALWAYS_PID=
REDIS_EVERYSEC_PID=
REDIS_ARGS=()
start_redis() { # NAME FSYNC: sets REDIS_PORT and REDIS_PID
  local name=$1 fsync=$2 dir=$WORK/$1
  mkdir -p "$dir"
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes --dir "$dir" --daemonize no \
    --appendonly yes --appendfsync "$fsync" --save "" --logfile "$OUT/logs/$name.log" 9>&- &
  REDIS_PID=$!
  STARTED_PIDS+=("$REDIS_PID")
  wait_for_line "$OUT/logs/$name.log" 'Ready to accept connections' "$REDIS_PID" 30 || die "$name did not start"
  log "$name: redis-server $(redis-server --version | grep -o 'v=[0-9.]*') on 127.0.0.1:$REDIS_PORT (appendfsync $fsync)"
}
if [ -n "$NEEDS_BASELINE" ] && has_rival redis; then
  if ! command -v redis-server >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "redis-server is missing: installing Debian's (apt-get install -y redis-server)"
    run_waited bash -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server ||
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; }' \
      >"$OUT/logs/apt-redis.log" 2>&1 || log "apt-get could not install redis-server (logs/apt-redis.log)"
  fi
  if command -v redis-server >/dev/null; then
    start_redis redis-always always
    REDIS_ALWAYS_PID=$REDIS_PID
    REDIS_ARGS+=(--redis-always-port "$(free_port)" --redis-always-server "127.0.0.1:$REDIS_PORT")
    if [ -n "$EVERYSEC_WORKLOADS" ]; then
      start_redis redis-everysec everysec
      REDIS_EVERYSEC_PID=$REDIS_PID
      REDIS_ARGS+=(--redis-everysec-port "$(free_port)" --redis-everysec-server "127.0.0.1:$REDIS_PORT")
    fi
  else
    REDIS_NOTE="redis-server is not installed and could not be installed (apt-get install -y redis-server): the redis rivals were SKIPPED"
    log "$REDIS_NOTE"
    echo "$REDIS_NOTE" >>"$OUT/results/notes.txt"
  fi
fi

BASELINE_PID=
BASELINE_URL=
BEST_URL=
REDIS_ALWAYS_URL=
REDIS_EVERYSEC_URL=
if [ -n "$NEEDS_BASELINE" ]; then
  BASELINE_PORT=$(free_port)
  BEST_ARGS=()
  if has_rival lock-best; then BEST_ARGS=(--best-port "$(free_port)" --best-pool "$BEST_POOL"); fi
  # shellcheck disable=SC2086
  java $SERVER_JAVA_OPTS -cp "$GATLING_DIR/target/classes:$(cat "$CP_MAIN_FILE")" com.reservation.baseline.BaselineMain \
    --port "$BASELINE_PORT" --db-url "$DB_URL" --db-password "$NODE_DB_PASSWORD" --pool-size "$BASELINE_POOL" \
    --admin-token "$TOKEN" "${BEST_ARGS[@]}" "${REDIS_ARGS[@]}" --redis-connections "$REDIS_CONNECTIONS" \
    >"$OUT/logs/baseline.log" 2>&1 9>&- &
  BASELINE_PID=$!
  STARTED_PIDS+=("$BASELINE_PID")
  wait_for_line "$OUT/logs/baseline.log" 'baseline listening on' "$BASELINE_PID" 60 || die "the rivals did not start"
  rival_url() { { grep -o "rival $1 listening on http://[^ ]*" "$OUT/logs/baseline.log" || true; } | head -n 1 | sed 's/.* on //'; }
  for _ in $(seq 50); do
    if [ "${#BEST_ARGS[@]}" = 0 ] || [ -n "$(rival_url lock-best)" ]; then break; fi
    sleep 0.2
  done
  BASELINE_URL=http://127.0.0.1:$BASELINE_PORT
  BEST_URL=$(rival_url lock-best)
  REDIS_ALWAYS_URL=$(rival_url redis-always)
  REDIS_EVERYSEC_URL=$(rival_url redis-everysec)
  STARTED_RIVALS="lock-naive${BEST_URL:+ lock-best}${REDIS_ALWAYS_URL:+ redis-always}${REDIS_EVERYSEC_URL:+ redis-everysec}"
  log "rivals in one JVM (pid $BASELINE_PID): lock-naive $BASELINE_URL (pool $BASELINE_POOL)${BEST_URL:+, lock-best $BEST_URL}${REDIS_ALWAYS_URL:+, redis-always $REDIS_ALWAYS_URL}${REDIS_EVERYSEC_URL:+, redis-everysec $REDIS_EVERYSEC_URL}"
fi

JFR_FILE=
if [ "$JFR" = 1 ] && has_workload hot-slot && command -v jcmd >/dev/null; then JFR_FILE=$OUT/hot-slot-engine.jfr; fi

log "one Gatling JVM runs every phase; progress follows (log: logs/gatling.log)"
# No HTML report (the requests are silent: Gatling's statistics never see them) and no console summary every 5 s.
GATLING_ARGS=(-nr)
GATLING_KEEP_STDERR=1
rc=0
run_gatling Bench "$OUT/gatling" "$MAX_SECONDS" "$OUT/logs/gatling.log" \
  -DengineUrl="$ENGINE_URL" -DbaselineUrl="$BASELINE_URL" -DbestUrl="$BEST_URL" -DredisAlwaysUrl="$REDIS_ALWAYS_URL" \
  -DredisEverysecUrl="$REDIS_EVERYSEC_URL" -DeverysecWorkloads="$EVERYSEC_WORKLOADS" -DpoolSweep="$POOL_SWEEP" \
  -DsweepSeconds="$SWEEP_SECONDS" -DrivalWindow="$RIVAL_WINDOW" -DrivalWarmupMin="$RIVAL_WARMUP_MIN" \
  -DcitizenDays="$CITIZEN_DAYS" -DcitizenCapacity="$CITIZEN_CAPACITY" -DadminToken="$TOKEN" -Dseed="$SEED" \
  -DstartDate="$START_DATE" -Dworkloads="$WORKLOADS" -Dusers="$USERS" -Dwindow="$WINDOW" \
  -DwarmupMin="$WARMUP_MIN" -DwarmupMax="$WARMUP_MAX" -DsteadyPercent="$STEADY_PERCENT" -DjitLimit="$JIT_LIMIT" \
  -Dduration="$DURATION" -Dsettle="$SETTLE_SECONDS" -DhotCapacity="$HOT_CAPACITY" -DbigHeld="$BIG_HELD" \
  -DenginePid="$NODE_PID" -DbaselinePid="$BASELINE_PID" -DpostgresPid="$POSTMASTER" -DredisAlwaysPid="$REDIS_ALWAYS_PID" \
  -DredisEverysecPid="$REDIS_EVERYSEC_PID" -DdbUrl="$DB_URL" -DdbPassword="$NODE_DB_PASSWORD" \
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
  log "stopping the rivals"
  stop_pid "$BASELINE_PID" TERM 20
fi
for pid in $REDIS_ALWAYS_PID $REDIS_EVERYSEC_PID; do
  log "stopping redis-server (pid $pid)"
  stop_pid "$pid" TERM 20
done

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
