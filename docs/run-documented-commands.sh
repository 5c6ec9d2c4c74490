#!/usr/bin/env bash
# Runs the commands README.md and docs/ tell a reader to run, exactly as written, so none can break unnoticed (issue
# 15). A block to run is a ```bash block right after an HTML comment `<!-- doc-run: NAME -->` (or between the
# quickstart markers); this script extracts the text of each block, strips a list item's indentation, and sources it
# in one bash shell (set -euo pipefail), in the order below, so later blocks see the variables earlier ones set, as in
# a reader's terminal. Every other ```bash block of README.md and docs/*.md must say why it is not run here
# (`<!-- not run here: ... -->` before it); a block without either marker, or a doc-run block this script does not
# run, fails the run.
#
#   ./mvnw -B -q -pl http-api -am package -DskipTests && docs/run-documented-commands.sh
#
# What it runs, from a scratch directory that links to the checkout (so ./data and ./burst.csv land there, never in
# the checkout) with no RESERVATION_* variable of the caller's:
#   1. a single node (the README's `java -jar ... start`, on free ports), with the README's quick start session, the
#      seed command (docs/quickstart.md), the holds, waitlist, limit, erasure and waiting-room flows of docs/api.md and
#      export-arrivals (docs/events.md) against it;
#   2. the README's local-cluster block, then each step of docs/cluster.md's walk-through (start 3, a booking through
#      node 2, status, add / stop 2 / kill 3 with the slot serving again / start 3, down), with the local cluster on
#      free ports (RESERVATION_CLUSTER_*_BASE_PORT) and checks between the steps;
#   3. the benchmark's quick check of docs/perf.md (one 3 s ceiling phase), unless DOC_RUN_BENCH=0.
#
# Environment: DOC_RUN_BENCH (1), DOC_JAVA_OPTS (the nodes' JVM options, default below), DOC_MAX_SECONDS (1500, a
# bound on the whole run). The default JVM options keep 3-4 nodes starting on 2 busy cores apart: a small heap, the
# serial collector, C1 only, and a failure detector that tolerates 6 s pauses (heartbeat pause and the split-brain
# resolver's stable-after; the documented 2 s and 3 s downed a starved node 1 while a loaded CI machine started three
# JVMs). This run checks that the commands work; the failover time is measured by ClusterFailoverProcessTest. Logs of every process end up in target/documented-commands/ of the checkout; every process started
# is stopped on exit, however the script ends.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/http-api/target/reservation-engine.jar
LOGS=$ROOT/target/documented-commands
BEGAN=$SECONDS
JAVA_OPTS_FOR_NODES=${DOC_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dakka.cluster.failure-detector.acceptable-heartbeat-pause=6s -Dakka.cluster.split-brain-resolver.stable-after=6s}

say() { printf '%s [docs %3ds] %s\n' "$(date +%H:%M:%S)" "$((SECONDS - BEGAN))" "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

command -v curl > /dev/null || fail "curl is needed"
command -v python3 > /dev/null || fail "python3 is needed (free ports)"
[[ -f "$JAR" ]] || fail "$JAR is missing: build it first (./mvnw -B -q -pl http-api -am package -DskipTests)"

# A reader's shell: none of the caller's RESERVATION_* settings (an exported RESERVATION_DB_URL would change what
# local-cluster.sh does).
for variable in $(compgen -e | grep '^RESERVATION_' || true); do unset "$variable"; done

# ---------------------------------------------------------------- extracting and checking the blocks
DOCS=(README.md docs/quickstart.md docs/cluster.md docs/api.md docs/events.md docs/operations.md docs/perf.md)
RAN=()

# doc_block FILE NAME: the text of the first fenced block after `<!-- doc-run: NAME -->`, without its indentation.
doc_block() {
  awk -v marker="<!-- doc-run: $2 -->" '
    index($0, marker) { found = 1; next }
    found && !open && /^ *```/ { match($0, /^ */); indent = RLENGTH; open = 1; next }
    open && /^ *```/ { done = 1; exit }
    open { print substr($0, indent + 1) }
    END { if (!done) exit 1 }
  ' "$ROOT/$1" || fail "$1 has no fenced block after <!-- doc-run: $2 -->"
}

# quickstart_block FILE: the ```bash block between the quickstart markers (QuickstartTest reads the same).
quickstart_block() {
  awk '/<!-- quickstart:begin -->/ { on = 1; next } /<!-- quickstart:end -->/ { exit }
       on && /^```/ { inside = !inside; next } on && inside { print }' "$ROOT/$1"
}

# Every ```bash block is marked: run here (doc-run, quickstart) or not (with the reason).
check_markers() {
  local file bad
  for file in "${DOCS[@]}"; do
    bad=$(awk -v file="$file" '
      /^ *```bash/ { if (prev !~ /<!-- (doc-run: [a-z0-9-]+|quickstart:begin|not run here: .+) -->/) print file ":" NR ": " $0 }
      /[^ ]/ { prev = $0 }' "$ROOT/$file")
    [[ -z "$bad" ]] || fail "a bash block without a marker (add <!-- doc-run: NAME --> and run it in $0, or <!-- not run here: why -->):
$bad"
  done
}

# Every doc-run block in the docs was run.
check_all_ran() {
  local file name
  for file in "${DOCS[@]}"; do
    for name in $(grep -o '<!-- doc-run: [a-z0-9-]* -->' "$ROOT/$file" | cut -d' ' -f3); do
      [[ " ${RAN[*]} " == *" $file#$name "* ]] || fail "$file marks block '$name' to run, but $0 does not run it"
    done
  done
}

CURRENT=
# run_block FILE NAME: source the block in this shell; a failing command ends the run and the EXIT trap shows the
# block's output. (Not `source ... || ...`: bash ignores set -e inside a command that is tested.)
run_block() {
  local file=$1 name=$2 script
  script="$WORK/blocks/$(echo "$file#$name" | tr '/#' '__').sh"
  if [[ $name == quickstart ]]; then quickstart_block "$file" > "$script"; else doc_block "$file" "$name" > "$script"; fi
  [[ -s "$script" ]] || fail "$file: block '$name' is empty"
  CURRENT="$file, block '$name'"
  say "running $CURRENT ($(wc -l < "$script") lines, in $(pwd))"
  # shellcheck disable=SC1090
  source "$script" > "$WORK/last-block.out" 2>&1 < /dev/null
  sed 's/^/    | /' "$WORK/last-block.out" | cut -c1-200 >&2
  RAN+=("$file#$name")
  CURRENT=
}

# ---------------------------------------------------------------- processes and cleanup
# Below the kernel's ephemeral range: a node stopped and started again must find its port free, and a port in that
# range can meanwhile be taken as the source port of any outgoing connection (a JDBC or remoting client).
free_base() { # a port P such that P+1..P+5 are free on 127.0.0.1
  python3 - <<'EOF'
import random, socket
try:
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except (OSError, ValueError, IndexError):
    low = 32768
for _ in range(200):
    base = random.randrange(10000, max(10001, low - 10))
    socks = []
    try:
        for p in range(base + 1, base + 6):
            s = socket.socket(); s.bind(("127.0.0.1", p)); socks.append(s)
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
EOF
}

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2> /dev/null; }

NODE_PID=
stop_single_node() {
  local i
  if alive "$NODE_PID"; then
    kill -TERM "$NODE_PID"
    i=0
    while alive "$NODE_PID" && ((i++ < 300)); do sleep 0.1; done
    if alive "$NODE_PID"; then say "single node still runs 30 s after SIGTERM: SIGKILL"; kill -KILL "$NODE_PID"; fi
  fi
  NODE_PID=
  kill_postmaster "$WORK/run/data/postgres"
}

# A PostgreSQL left behind by a JVM killed hard: fast shutdown of the postmaster named in its directory.
kill_postmaster() {
  local pid
  [[ -f "$1/postmaster.pid" ]] || return 0
  pid=$(head -n 1 "$1/postmaster.pid")
  if alive "$pid" && grep -q postgres "/proc/$pid/comm" 2> /dev/null; then
    say "stopping a PostgreSQL left in $1 (pid $pid)"
    kill -INT "$pid" 2> /dev/null || true
    sleep 2
    alive "$pid" && kill -KILL "$pid" 2> /dev/null || true
  fi
}

# processes_under DIR: pids (other than ours) whose command line names a path under DIR.
processes_under() {
  local proc pid
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    { tr '\0' ' ' < "$proc/cmdline"; } 2> /dev/null | grep -qF "$1/" && echo "$pid"
  done
  return 0
}

cleanup() {
  local rc=$? f
  set +e
  trap - EXIT INT TERM
  if [[ -n "${WATCHDOG:-}" ]]; then
    kill -TERM "$WATCHDOG" 2> /dev/null
    wait "$WATCHDOG" 2> /dev/null
  fi
  if [[ $rc -ne 0 ]]; then
    if [[ -n "$CURRENT" ]]; then
      say "FAILED in $CURRENT; its output:"
      sed 's/^/    | /' "$WORK/last-block.out" >&2
    fi
    mkdir -p "$LOGS"
    local phase_logs=("$WORK"/run/*.log)
    [[ -d "$WORK/run/data/local-cluster" ]] && phase_logs=("$WORK"/run/data/local-cluster/*.log)
    for f in "${phase_logs[@]}"; do
      [[ -s "$f" ]] || continue
      say "last lines of $f:"
      tail -n 25 "$f" | sed 's/^/    | /' >&2
    done
  fi
  stop_single_node
  if [[ -d "${RESERVATION_CLUSTER_DIR:-/nonexistent}" ]]; then
    "$ROOT/cluster-config/local-cluster.sh" down > "$WORK/run/cleanup-down.log" 2>&1 ||
      say "local-cluster.sh down failed; killing what is left (see $LOGS/cleanup-down.log)"
    for f in "$RESERVATION_CLUSTER_DIR"/*.pid; do
      [[ -f "$f" ]] && alive "$(cat "$f")" && { say "killing leftover $(basename "$f")"; kill -KILL "$(cat "$f")"; }
    done
    kill_postmaster "$RESERVATION_CLUSTER_DIR/db"
  fi
  # Anything still running from the scratch directory (a documented command that leaks a process) is killed, and
  # fails the run.
  local leftovers
  leftovers=$(processes_under "$WORK")
  if [[ -n "$leftovers" ]]; then
    say "processes left running from $WORK (killed): $(echo $leftovers)"
    ps -o pid,args -p "$(echo $leftovers | tr ' ' ,)" 2> /dev/null | cut -c1-200 >&2
    kill -KILL $leftovers 2> /dev/null
    [[ $rc -ne 0 ]] || rc=1
  fi
  mkdir -p "$LOGS"
  rm -f "$LOGS"/*.log "$LOGS"/*.out
  cp "$WORK"/run/*.log "$WORK"/run/data/local-cluster/*.log "$WORK"/*.out "$LOGS"/ 2> /dev/null
  rm -rf "$WORK"
  if [[ $rc -eq 0 ]]; then
    say "every documented command ran ($((SECONDS - BEGAN)) s); logs in $LOGS"
  else
    say "FAILED (exit $rc). Logs: $LOGS. Next: read the failure and log lines above; for a block, run it by hand from"
    say "a clean clone as the docs say, fix the command or the doc (keep the two the same), then run $0 again."
  fi
  exit "$rc"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/documented-commands.XXXXXX")
trap cleanup EXIT
trap 'exit 130' INT
trap 'say "time is up (DOC_MAX_SECONDS)"; exit 124' TERM
# The watchdog ends its own sleep when it is stopped, so nothing of it outlives the run.
(
  sleeper=
  trap 'if [[ -n "$sleeper" ]]; then kill "$sleeper" 2> /dev/null; fi; exit 0' TERM
  sleep "${DOC_MAX_SECONDS:-1500}" &
  sleeper=$!
  if wait "$sleeper"; then kill -TERM $$ 2> /dev/null; fi
) < /dev/null > /dev/null 2>&1 &
WATCHDOG=$!
mkdir -p "$WORK/blocks" "$WORK/run"

# The reader's working directory: the checkout's files through links, its own data/ (and any file a command writes).
for entry in "$ROOT"/* "$ROOT"/.mvn; do
  [[ "$(basename "$entry")" == data ]] || ln -s "$entry" "$WORK/run/"
done
cd "$WORK/run"

check_markers
say "every bash block of ${DOCS[*]} is marked"

# ---------------------------------------------------------------- 1. a single node
# Free ports instead of 8080, 25520 and 54329, exported as a reader would who moved them (export-arrivals finds the
# node's PostgreSQL on RESERVATION_EMBEDDED_DB_PORT).
RESERVATION_HTTP_PORT=$(($(free_base) + 1))
RESERVATION_EMBEDDED_DB_PORT=$(($(free_base) + 1))
RESERVATION_REMOTE_PORT=$(($(free_base) + 1))
export RESERVATION_HTTP_PORT RESERVATION_EMBEDDED_DB_PORT RESERVATION_REMOTE_PORT
say "starting a node as README says (java -jar http-api/target/reservation-engine.jar start) on port $RESERVATION_HTTP_PORT"
# shellcheck disable=SC2086
java $JAVA_OPTS_FOR_NODES -jar http-api/target/reservation-engine.jar start > node.log 2>&1 &
NODE_PID=$!
for ((i = 0; i < 180; i++)); do
  grep -q 'reservation-engine listening on' node.log 2> /dev/null && break
  alive "$NODE_PID" || fail "the node exited; see node.log"
  sleep 1
done
grep -q 'reservation-engine listening on' node.log || fail "the node did not start within 180 s"
# What the README tells the reader: export the token the node printed.
export BASE=http://127.0.0.1:$RESERVATION_HTTP_PORT
RESERVATION_ADMIN_TOKEN=$(sed -n 's/^Admin token ([^)]*): //p' node.log | head -n 1)
[[ -n "$RESERVATION_ADMIN_TOKEN" ]] || fail "the node printed no admin token"
export RESERVATION_ADMIN_TOKEN
say "node ready at $BASE"

run_block README.md quickstart
run_block docs/quickstart.md seed
for name in api-holds-setup api-holds-hold api-holds-waitlist api-holds-limit api-erasure api-waiting-room api-generate-client; do
  run_block docs/api.md "$name"
done
ls client-test/target/generated-test-sources/openapi/src/main/java/com/reservation/client/api/*Api.java > /dev/null \
  || fail "generating a client from the node's /openapi.yaml wrote no API classes"
# export-arrivals reads venue pwtc's arrivals from the node's database: a venue of that name first (setup, not a doc).
curl -fsS -X PUT "$BASE/admin/venues/pwtc" -H "Authorization: Bearer $RESERVATION_ADMIN_TOKEN" \
  -H 'Content-Type: application/json' -d '{"name": "PWTC", "timeZone": "Asia/Kuala_Lumpur"}' > /dev/null
run_block docs/events.md export-arrivals
[[ -f burst.csv ]] && head -n 1 burst.csv | grep -q '^offset_seconds,' || fail "export-arrivals wrote no burst.csv with its header"
stop_single_node
unset BASE RESERVATION_ADMIN_TOKEN RESERVATION_HTTP_PORT RESERVATION_EMBEDDED_DB_PORT RESERVATION_REMOTE_PORT

# ---------------------------------------------------------------- 2. the local cluster
export RESERVATION_CLUSTER_DIR=$WORK/run/data/local-cluster   # the script's default, under the scratch directory
RESERVATION_CLUSTER_HTTP_BASE_PORT=$(free_base)
RESERVATION_CLUSTER_REMOTE_BASE_PORT=$(free_base)
RESERVATION_CLUSTER_MANAGEMENT_BASE_PORT=$(free_base)
RESERVATION_CLUSTER_DB_PORT=$(($(free_base) + 1))
export RESERVATION_CLUSTER_HTTP_BASE_PORT RESERVATION_CLUSTER_REMOTE_BASE_PORT RESERVATION_CLUSTER_MANAGEMENT_BASE_PORT
export RESERVATION_CLUSTER_DB_PORT RESERVATION_JAVA_OPTS=$JAVA_OPTS_FOR_NODES
say "local cluster: HTTP $((RESERVATION_CLUSTER_HTTP_BASE_PORT + 1)).., remoting $((RESERVATION_CLUSTER_REMOTE_BASE_PORT + 1)).., PostgreSQL $RESERVATION_CLUSTER_DB_PORT"

# slot_booked URL SLOT: the slot's "booked" through one node (retrying while its shard moves).
slot_booked() {
  curl -fsS --retry 15 --retry-all-errors --retry-delay 2 --max-time 10 "$1/slots/$2" 2> /dev/null | sed -E 's/.*"booked":([0-9]+).*/\1/'
}

run_block README.md readme-local-cluster
# A fresh shell for the walk-through: nothing from the README block.
unset RESERVATION_ADMIN_TOKEN NODE1 NODE2 NODE3 NODE4
run_block docs/cluster.md cluster-1-start
run_block docs/cluster.md cluster-2-book
[[ "$(slot_booked "$NODE1" "$SLOT")" == 1 ]] || fail "the booking made through node 2 is not seen through node 1"
run_block docs/cluster.md cluster-3-status
grep -q 'member .* Up' "$WORK/last-block.out" || fail "status shows no member Up"
# For the check after step 4 (setup, not a doc): one booking in each of 12 more slots of the day, so that some live
# on node 3 when it is killed.
CHECK_SLOTS=("$SLOT")
on_node3=0
for hhmm in 0900 0910 0930 0940 0950 1000 1010 1020 1030 1040 1050 1100; do
  check_slot="pwtc_$(echo "$DAY" | tr -d -)_$hhmm"
  curl -fsS -X POST -H 'Content-Type: application/json' "$NODE1/slots/$check_slot/bookings" \
    -d '{"customerId": "doc-check-1", "seats": 1}' > /dev/null
  CHECK_SLOTS+=("$check_slot")
  if curl -fsS -H "$AUTH" "$NODE1/admin/cluster/slots/$check_slot" |
    grep -q "127.0.0.1:$((RESERVATION_CLUSTER_REMOTE_BASE_PORT + 3))"; then on_node3=$((on_node3 + 1)); fi
done
say "booked one seat in each of ${#CHECK_SLOTS[@]} slots; $on_node3 of them live on node 3 before step 4"
run_block docs/cluster.md cluster-4-change
for url in "$NODE1" "$NODE2" "$NODE3"; do
  for check_slot in "${CHECK_SLOTS[@]}"; do
    [[ "$(slot_booked "$url" "$check_slot")" == 1 ]] ||
      fail "after add, stop 2, kill 3, start 3: $url/slots/$check_slot does not show its one booking"
  done
done
say "every one of the ${#CHECK_SLOTS[@]} slots serves its booking through nodes 1, 2 and 3"
run_block docs/cluster.md cluster-5-down
for f in "$RESERVATION_CLUSTER_DIR"/*.pid; do
  ! alive "$(cat "$f")" || fail "down left $(basename "$f" .pid) running"
done

# ---------------------------------------------------------------- 3. the benchmark's quick check
if [[ "${DOC_RUN_BENCH:-1}" == 1 ]]; then
  run_block docs/perf.md bench-quick-check
  grep -q '^RESULT workload=ceiling engine=' "$WORK/last-block.out" || fail "the bench printed no RESULT line for ceiling"
else
  say "DOC_RUN_BENCH=0: the benchmark's quick check is skipped"
  RAN+=("docs/perf.md#bench-quick-check")
fi

check_all_ran
