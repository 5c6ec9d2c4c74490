#!/usr/bin/env bash
# The opening rush in front of a waiting room (issue 20), in one command: starts one node from
# http-api/target/reservation-engine.jar (it builds no jar) with its embedded PostgreSQL on free ports and a temporary
# data directory, runs the OpeningRush simulation against it, stops the node and prints the report:
#
#   1. cost phases, on a venue of their own whose room is open and admits one person a minute: RUSH_COST_USERS (32)
#      clients that only join for RUSH_COST_WARMUP (15 s) + RUSH_COST_SECONDS (20 s), then the same that only poll
#      those tickets; in each measured window the CPU of the node's JVM and of its PostgreSQL, read from /proc as
#      gatling/bench.sh reads them, divided by the answers: CPU per join and per poll;
#   2. the rush: a room at another venue that opens a third of the way into the arrival window; RUSH_ARRIVALS
#      (50,000) people arrive evenly over RUSH_WINDOW (60 s), each joins the line, polls the ticket every
#      RUSH_POLL_SECONDS (5) until admitted, then books a seat of one of the venue's 200 slots with the Admission
#      token. The room admits RUSH_RATE (10,000) a minute; tokens live RUSH_TTL (600 s).
#
# Then gatling/opening_rush_report.py prints (details in its header and in docs/perf.md):
#
#   RUSH requests=<n> ... statuses=<status:count,...> 5xx=<n> unanswered=<n> failed_checks=<n>
#   RUSH arrivals=... joined=... pre_opening=... later=... admitted=... booked=... still_waiting=...
#   RUSH admissions setting_per_minute=<n> observed_per_minute=<x> max_60s=<n> max_10s=<n> limit_10s=<x> ...
#   RUSH fairness spearman_pre_opening=<r> n_pre=<n> spearman_later=<r> n_later=<n> spearman_later_by_sending=<r>
#   RUSH wait_s ...
#   RUSH cost poll_cpu_us=<x> poll_pg_cpu_us=<x> polls_per_s=<x> join_cpu_us=<x> join_pg_cpu_us=<x> joins_per_s=<x> ...
#   RUSH machine cpus=<n> load_before=<1-min load average> load_after=<...> node_error_lines=<n>
#   RUSH result=<pass|FAIL>
#
# It fails (exit 1) on a 5xx, an unanswered request, an answer that failed its check, an arrival that could not
# join, anyone still in line at the end or admitted but unable to book, more admissions than the setting allows
# (over any 60 s, or a sixth plus one over any 10 s, with a second's share of slack), a pre-opening order that
# follows arrival order or a later order that does not (where there are at least 100 people to tell), and an ERROR
# line in the node's log.
#
#   ./mvnw -B -q -pl http-api -am package -DskipTests && gatling/opening-rush.sh
#   RUSH_ARRIVALS=2000 RUSH_WINDOW=20 RUSH_RATE=3000 RUSH_COST_WARMUP=5 RUSH_COST_SECONDS=5 gatling/opening-rush.sh   # CI's short form
#
# Environment: the RUSH_* settings above, RUSH_MAX_WAIT_SECONDS (nobody polls longer than this after the rush
# began; default the window, the whole line's time at the rate, and 90 s), SEED (42), NODE_JAVA_OPTS
# (-Xms1g -Xmx2g), RUSH_GATLING_JAVA_OPTS (-Xms1g -Xmx2g, the throughput collector), RUSH_MAX_SECONDS (a hard bound on
# the whole script: the phases' own bounds plus 300 s). Output: gatling/target/opening-rush/ (summary.txt: the lines
# above; report.txt, results/, node.log, gatling.log). Run the full size alone on the machine: the node, its PostgreSQL and Gatling share the cores.
set -euo pipefail
LOG_TAG=rush
# shellcheck source=gatling/lib.sh
. "$(dirname "$0")/lib.sh"

ARRIVALS=${RUSH_ARRIVALS:-50000}
WINDOW=${RUSH_WINDOW:-60}
RATE=${RUSH_RATE:-10000}
TTL=${RUSH_TTL:-600}
POLL=${RUSH_POLL_SECONDS:-5}
COST_USERS=${RUSH_COST_USERS:-32}
COST_WARMUP=${RUSH_COST_WARMUP:-15}
COST_SECONDS=${RUSH_COST_SECONDS:-20}
MAX_WAIT=${RUSH_MAX_WAIT_SECONDS:-$((WINDOW + (ARRIVALS * 60 + RATE - 1) / RATE + 90))}
COST_TOTAL=0
if [ "$COST_SECONDS" -gt 0 ]; then COST_TOTAL=$((2 * (COST_WARMUP + COST_SECONDS + 3) + 30)); fi
SIMULATION_SECONDS=$((COST_TOTAL + MAX_WAIT + 60))
MAX_SECONDS=${RUSH_MAX_SECONDS:-$((SIMULATION_SECONDS + 300))}
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xms1g -Xmx2g}
# 50,000 virtual users at once: a fixed heap and no concurrent GC threads competing for the cores.
GATLING_JAVA_OPTS=${RUSH_GATLING_JAVA_OPTS:--Xms1g -Xmx2g -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled}
OUT=$GATLING_DIR/target/opening-rush

mkdir -p "$GATLING_DIR/target"
exec 9>"$GATLING_DIR/target/opening-rush.lock"
flock -n 9 || die "another gatling/opening-rush.sh runs in this tree (it holds $GATLING_DIR/target/opening-rush.lock)"
rm -rf "$OUT"
mkdir -p "$OUT/results"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/reservation-rush.XXXXXX")
finish() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_watchdog
  cleanup_started
  [ -f "$WORK/node.log" ] && cp "$WORK/node.log" "$OUT/node.log"
  rm -rf "$WORK"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'log "time is up (RUSH_MAX_SECONDS=${MAX_SECONDS})"; exit 124' TERM
start_watchdog "$MAX_SECONDS"

load_average() { cut -d' ' -f1 /proc/loadavg; }
LOAD_BEFORE=$(load_average)

ensure_gatling_classes
TOKEN="rush-$(date +%s)-$RANDOM$RANDOM"
start_node "$WORK/data" "$WORK/node.log" "$TOKEN"
POSTMASTER=${PG_PIDS[0]:-0}

log "opening rush: $ARRIVALS arrivals over ${WINDOW}s, opening after a third, $RATE admitted a minute, polls every ${POLL}s;" \
  "cost phases: $([ "$COST_SECONDS" -gt 0 ] && echo "$COST_USERS clients, ${COST_WARMUP}s + ${COST_SECONDS}s each" || echo none);" \
  "load average $LOAD_BEFORE on $(nproc) cores"
# No HTML report (millions of requests); the simulation counts every answer itself.
GATLING_ARGS=(-nr)
GATLING_KEEP_STDERR=1
gatling_rc=0
run_gatling OpeningRush "$OUT/gatling" "$((SIMULATION_SECONDS + 120))" "$OUT/gatling.log" \
  -DbaseUrls="$NODE_URL" -DadminToken="$TOKEN" -Dseed="${SEED:-42}" -Darrivals="$ARRIVALS" -Dwindow="$WINDOW" \
  -DadmitPerMinute="$RATE" -DadmissionTtlSeconds="$TTL" -DpollSeconds="$POLL" -DcostUsers="$COST_USERS" \
  -DcostWarmup="$COST_WARMUP" -DcostSeconds="$COST_SECONDS" -DrushMaxSeconds="$MAX_WAIT" -DenginePid="$NODE_PID" \
  -DpostgresPid="$POSTMASTER" -DresultDir="$OUT/results" || gatling_rc=$?
LOAD_AFTER=$(load_average)
error_lines=$(grep -c ' ERROR ' "$WORK/node.log" || true)
stop_node

rc=0
python3 "$GATLING_DIR/opening_rush_report.py" "$OUT/results" >"$OUT/report.txt" || rc=$?
{
  grep -v '^RUSH result=\|^RUSH failure:' "$OUT/report.txt" || true
  echo "RUSH machine cpus=$(nproc) load_before=$LOAD_BEFORE load_after=$LOAD_AFTER node_error_lines=$error_lines gatling_exit=$gatling_rc"
  if [ "$rc" -eq 0 ] && [ "$error_lines" -eq 0 ] && [ "$gatling_rc" -eq 0 ]; then
    echo "RUSH result=pass"
  else
    echo "RUSH result=FAIL"
    grep '^RUSH failure:' "$OUT/report.txt" || true
    if [ "$error_lines" -gt 0 ]; then echo "RUSH failure: $error_lines ERROR lines in the node's log"; fi
    if [ "$gatling_rc" -ne 0 ]; then echo "RUSH failure: Gatling exited with $gatling_rc"; fi
  fi
} | tee "$OUT/summary.txt"
if [ "$error_lines" -gt 0 ]; then log "ERROR lines in the node's log:"; grep ' ERROR ' "$WORK/node.log" | head -n 20 >&2; fi
if [ "$gatling_rc" -ne 0 ]; then log "Gatling exited with $gatling_rc; its last lines:"; tail -n 30 "$OUT/gatling.log" >&2; fi
grep -q '^RUSH result=pass' "$OUT/summary.txt"
