#!/usr/bin/env bash
# CI's load smoke test: starts a node from http-api/target/reservation-engine.jar (it builds no jar) on free ports
# with a temporary data directory, runs the Smoke simulation against it for a few seconds (it seeds its venue through
# the admin API), stops the node and its embedded PostgreSQL, and exits non-zero when an assertion fails.
#
#   ./mvnw -B -q package -DskipTests && gatling/smoke.sh
#
# Environment: SMOKE_DURATION (5 s of load), SMOKE_RATE (2 users/s), SEED (42), SMOKE_MAX_SECONDS (300, a hard bound
# on the whole script). The HTML report lands in gatling/target/gatling/smoke-<timestamp>/.
set -euo pipefail
LOG_TAG=smoke
# shellcheck source=gatling/lib.sh
. "$(dirname "$0")/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reservation-smoke.XXXXXX")
finish() {
  local rc=$?
  # Cleaning up must not stop at its first failing command.
  set +e
  trap - EXIT INT TERM
  stop_watchdog
  cleanup_started
  if [ "$rc" -ne 0 ] && [ -f "$WORK/node.log" ]; then
    log "node log (last 30 lines):"; tail -n 30 "$WORK/node.log" >&2
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'log "time is up (SMOKE_MAX_SECONDS)"; exit 124' TERM

start_watchdog "${SMOKE_MAX_SECONDS:-300}"

ensure_gatling_classes
TOKEN="smoke-$(date +%s)-$RANDOM$RANDOM"
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xmx1g}
start_node "$WORK/data" "$WORK/node.log" "$TOKEN"

log "running the Smoke simulation against $NODE_URL"
rc=0
run_gatling Smoke "$GATLING_DIR/target/gatling" 180 "$WORK/gatling.log" \
  -DbaseUrls="$NODE_URL" -DadminToken="$TOKEN" -Dseed="${SEED:-42}" \
  -Dduration="${SMOKE_DURATION:-5}" -Drate="${SMOKE_RATE:-2}" || rc=$?
stop_node
if [ "$rc" -eq 0 ]; then
  grep -E '^> (Global|request count|response time 99th)|: (true|false) \(actual|Reports generated' "$WORK/gatling.log" >&2 || true
  log "smoke passed"
else
  log "smoke FAILED (Gatling exit code $rc); its output:"; tail -n 60 "$WORK/gatling.log" >&2
fi
exit "$rc"
