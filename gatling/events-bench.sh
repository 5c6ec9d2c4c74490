#!/usr/bin/env bash
# Events out, measured: starts one node from http-api/target/reservation-engine.jar (it builds no jar) on free ports
# with a temporary data directory, then
#   1. AvailabilityViewers without viewers (the booking rate alone), then with VIEWERS (10,000) viewers of the day
#      being booked: change-to-viewer delay p50/p99 and the booking rate beside them;
#   2. the replay example of docs/perf.md: a HotSlotBurst, export-arrivals of it, ReplayBurst of that curve at 2x.
# Prints the RESULT lines; everything else lands in gatling/target/events-bench/. Run it alone on the machine;
# about 4 minutes.
#
# Environment: VIEWERS (10000), VIEWER_RAMP (30 s), BOOKERS (64), HOT_SLOTS ("4": the slots booked; several values
# run one after the other), DURATION (20 s), EVENTS_PHASES ("viewers replay"), EVENTS_MAX_SECONDS (900, a hard bound on
# the whole script). Each AvailabilityViewers run also reports the CPU the node and everything else (Gatling) used.
set -euo pipefail
LOG_TAG=events
# shellcheck source=gatling/lib.sh
. "$(dirname "$0")/lib.sh"

OUT=$GATLING_DIR/target/events-bench
rm -rf "$OUT"
mkdir -p "$OUT"
WATCHDOG=
finish() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$WATCHDOG" ]; then kill "$WATCHDOG" 2>/dev/null; fi
  cleanup_started
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'log "time is up (EVENTS_MAX_SECONDS)"; exit 124' TERM
( sleep "${EVENTS_MAX_SECONDS:-900}"; kill -TERM $$ 2>/dev/null ) &
WATCHDOG=$!

TICKS=$(getconf CLK_TCK)
# CPU time (ticks) of a process (user + system, its threads included), and of the whole machine (busy, all cores).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }

ensure_gatling_classes
TOKEN="events-$(date +%s)-$RANDOM$RANDOM"
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xms1g -Xmx2g}
GATLING_JAVA_OPTS=${GATLING_JAVA_OPTS:--Xms1g -Xmx2g}
start_node "$OUT/data" "$OUT/node.log" "$TOKEN"
COMMON=(-DbaseUrls="$NODE_URL" -DadminToken="$TOKEN" -Dseed="${SEED:-42}")

for phase in ${EVENTS_PHASES:-viewers replay}; do
  case $phase in
    viewers)
      for hot in ${HOT_SLOTS:-4}; do
        for viewers in 0 "${VIEWERS:-10000}"; do
          run=v$viewers-h$hot
          log "AvailabilityViewers with $viewers viewers, $hot hot slots"
          node_before=$(cpu_ticks "$NODE_PID"); all_before=$(machine_ticks)
          run_gatling AvailabilityViewers "$OUT/gatling" 600 "$OUT/viewers-$run.log" "${COMMON[@]}" \
            -Dnamespace="view$viewers-$hot" -Dviewers="$viewers" -DviewerRamp="${VIEWER_RAMP:-30}" -DhotSlots="$hot" \
            -Dusers="${BOOKERS:-64}" -Dduration="${DURATION:-20}" -DresultFile="$OUT/viewers-$run.json" ||
            log "AvailabilityViewers ($run) exited with $?"
          node_cpu=$(( $(cpu_ticks "$NODE_PID") - node_before )); all_cpu=$(( $(machine_ticks) - all_before ))
          echo "RESULT availability-viewers $(cat "$OUT/viewers-$run.json" 2>/dev/null || echo '{}')" \
            "cpu_seconds node=$(( node_cpu / TICKS )) everything_else=$(( (all_cpu - node_cpu) / TICKS )) (whole run, ramp included)"
          grep -h 'reservation_availability' <(curl -s "$NODE_URL/metrics") | grep -v '^#' >&2 || true
        done
      done
      ;;
    replay)
      from=$(date -u +%Y-%m-%dT%H:%M:%SZ)
      log "HotSlotBurst to record"
      run_gatling HotSlotBurst "$OUT/gatling" 300 "$OUT/burst.log" "${COMMON[@]}" -Dnamespace=rec \
        -Dusers=2000 -Dramp=3 -Dcapacity=100 || log "HotSlotBurst exited with $?"
      log "waiting for the node to store its arrival counts (settle 12 s + flush 5 s)"
      sleep 20
      to=$(date -u +%Y-%m-%dT%H:%M:%SZ)
      reservation_env_unset
      env "${UNSET_RESERVATION[@]}" RESERVATION_EMBEDDED_DB_PORT="$NODE_DB_PORT" java -jar "$ENGINE_JAR" export-arrivals --data-dir "$OUT/data" \
        --venue rec-burst --from "$from" --to "$to" --out "$OUT/burst.csv"
      head -n 5 "$OUT/burst.csv" >&2
      log "ReplayBurst of it at 2x"
      run_gatling ReplayBurst "$OUT/gatling" 300 "$OUT/replay.log" "${COMMON[@]}" -Dnamespace=rep \
        -Dcurve="$OUT/burst.csv" -Dspeed=2 || log "ReplayBurst exited with $?"
      attempts=$(tail -n +2 "$OUT/burst.csv" | awk -F, '{a+=$7; c+=$8; r+=$9; f+=$10} END {print a" attempts, "c" confirmed, "r" rejected, "f" refused over "NR" slot-seconds"}')
      echo "RESULT replay recorded: $attempts; replay: $(grep -h 'ReplayBurst: slot' "$OUT/replay.log" | head -n 3 | tr '\n' ' ')"
      grep -E '^> (Global|request count|response time (50th|99th))' "$OUT/replay.log" >&2 || true
      ;;
    *) die "unknown phase $phase" ;;
  esac
done
stop_node
