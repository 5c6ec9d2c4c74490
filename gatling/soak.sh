#!/usr/bin/env bash
# The soak (issue 9): one node from http-api/target/reservation-engine.jar (it builds no jar) with its default heap
# (-Xmx768m, as in docker-compose and the Kubernetes deployment), steady mixed load from the Soak simulation (browse,
# book with contact, look up, cancel; holds released or left to expire) for SOAK_MINUTES, and every SOAK_SAMPLE_SECONDS
# a sample of the node: heap used after a full GC (jcmd), live slot entities (GET /admin/cluster) and its HTTP latency
# histogram (GET /metrics). At the end one line per sample interval and a verdict:
#
#   SOAK minute=<n> p99_ms=<server-side p99 of the interval> requests=<n> heap_after_gc_mb=<n> live_slots=<n>
#   SOAK result=<pass|FAIL> minutes=<n> gatling=<exit code> error_lines=<n> heap_first_mb=<n> heap_last_mb=<n> p99_first_ms=<n> p99_last_ms=<n>
#
# It fails on a failed request (Gatling), on an ERROR line in the node's log, and, for runs of at least
# SOAK_STRICT_MINUTES (3), when the heap after GC grows by more than half (plus 32 MB) from the first sample after the
# first minute to the last, or the last minute's p99 exceeds 1.5x the first minute's (plus 5 ms: the histogram's
# buckets are coarse). A CI run is short (SOAK_SECONDS=60): it checks failures and ERROR lines and reports the rest.
#
#   ./mvnw -B -q package -DskipTests && gatling/soak.sh
#
# Environment: SOAK_MINUTES (10), SOAK_SECONDS (overrides the minutes), SOAK_RATE (10 people per second, plus a quarter
# of that of holders), SOAK_SAMPLE_SECONDS (60), SOAK_STRICT_MINUTES (3), SEED (42), NODE_JAVA_OPTS (-Xmx768m),
# SOAK_MAX_SECONDS (the run plus 300, a hard bound). Output: gatling/target/soak/ (samples, node.log, gatling.log,
# report.txt) and the HTML report under gatling/target/gatling/soak-<timestamp>/.
set -euo pipefail
LOG_TAG=soak
# shellcheck source=gatling/lib.sh
. "$(dirname "$0")/lib.sh"
# fd 3: the progress lines of the samples (the sampler runs with its own output discarded).
exec 3>&2

SECONDS_OF_LOAD=${SOAK_SECONDS:-$(( ${SOAK_MINUTES:-10} * 60 ))}
SAMPLE=${SOAK_SAMPLE_SECONDS:-60}
OUT=$GATLING_DIR/target/soak
rm -rf "$OUT"
mkdir -p "$OUT/samples"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/reservation-soak.XXXXXX")
SAMPLER=
finish() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$SAMPLER" ]; then kill -TERM "$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null; fi
  stop_watchdog
  cleanup_started
  [ -f "$WORK/node.log" ] && cp "$WORK/node.log" "$OUT/node.log"
  rm -rf "$WORK"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'log "time is up (SOAK_MAX_SECONDS)"; exit 124' TERM

start_watchdog "${SOAK_MAX_SECONDS:-$((SECONDS_OF_LOAD + 300))}"

ensure_gatling_classes
TOKEN="soak-$(date +%s)-$RANDOM$RANDOM"
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xmx768m}
start_node "$WORK/data" "$WORK/node.log" "$TOKEN"

# sample N: heap after a full GC, live slot entities, the metrics text; one file set per sample.
sample() {
  local n=$1 heap
  curl -fsS "$NODE_URL/metrics" >"$OUT/samples/$n.metrics" 2>/dev/null || true
  jcmd "$NODE_PID" GC.run >/dev/null 2>&1 || true
  heap=$(jcmd "$NODE_PID" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -n 1 | grep -o '[0-9]*' || echo "")
  curl -fsS -H "Authorization: Bearer $TOKEN" "$NODE_URL/admin/cluster" >"$OUT/samples/$n.cluster" 2>/dev/null || true
  printf '%s %s %s\n' "$n" "$(date +%s)" "${heap:-0}" >>"$OUT/samples/heap.txt"
  # Progress on the caller's stderr (fd 3), once a minute: a 10-minute run is not silent.
  if [ -n "$heap" ]; then log "sample $n: heap after GC $((heap / 1024)) MB" 2>&3; fi
}

# The sampler: sample 0 as the load starts, then one every SAMPLE seconds, until stopped.
(
  sleeper=
  trap 'if [ -n "$sleeper" ]; then kill "$sleeper" 2>/dev/null; fi; exit 0' TERM
  n=0
  while :; do
    sample "$n"
    n=$((n + 1))
    sleep "$SAMPLE" &
    sleeper=$!
    wait "$sleeper"
  done
) </dev/null 3>&2 >/dev/null 2>&1 9>&- &
SAMPLER=$!

log "soak: ${SECONDS_OF_LOAD}s of mixed load at ${SOAK_RATE:-10} people/s against $NODE_URL (samples every ${SAMPLE}s)"
gatling_rc=0
run_gatling Soak "$GATLING_DIR/target/gatling" $((SECONDS_OF_LOAD + 240)) "$OUT/gatling.log" \
  -DbaseUrls="$NODE_URL" -DadminToken="$TOKEN" -Dseed="${SEED:-42}" \
  -Dduration="$SECONDS_OF_LOAD" -Drate="${SOAK_RATE:-10}" || gatling_rc=$?
kill -TERM "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=
# The last sample, at the end of the load (the interval since the previous one may be short).
last=$(($(wc -l <"$OUT/samples/heap.txt") ))
sample "$last"
error_lines=$(grep -c ' ERROR ' "$WORK/node.log" || true)
grep ' ERROR ' "$WORK/node.log" | head -n 20 >"$OUT/error-lines.txt" || true
stop_node

rc=0
python3 "$GATLING_DIR/soak_report.py" "$OUT/samples" "$SECONDS_OF_LOAD" "$gatling_rc" "$error_lines" \
  "${SOAK_STRICT_MINUTES:-3}" | tee "$OUT/report.txt" || rc=$?
grep -E '^> (request count|response time (50th|99th) percentile|max response time|mean throughput|KO)' "$OUT/gatling.log" |
  tail -n 6 >&2 || true
if [ "$gatling_rc" -ne 0 ]; then
  log "Gatling failed (exit code $gatling_rc); its output:"; tail -n 40 "$OUT/gatling.log" >&2
fi
if [ "$error_lines" -gt 0 ]; then log "ERROR lines in the node log:"; cat "$OUT/error-lines.txt" >&2; fi
exit "$rc"
