#!/usr/bin/env bash
# Chaos across processes (issue 17): a local cluster of three nodes and its embedded PostgreSQL (local-cluster.sh, on
# free ports, in a temporary directory) under the ChaosLoad driver for CHAOS_MINUTES: customers of one venue with a
# per-customer limit book, hold (then confirm, release or let expire), cancel, join waitlists and take their offers,
# each request at a random node, unknown outcomes retried with the same Idempotency-Key, every answer written down.
# Meanwhile, every 20-40 s, one fault:
#
#   kill      a random node is SIGKILLed, then started again
#   freeze    a random node is SIGSTOPped for 10 s, then SIGCONTed (if the others downed it meanwhile, it leaves,
#             and is started again)
#   db-freeze PostgreSQL (its postmaster and every backend) is SIGSTOPped for 10 s, then SIGCONTed
#
# and the next fault waits until all three nodes answer /health/ready again. When the load ends, the engine's
# `check-answers` command replays the venue's journal through the engine's own state types and holds every answer
# against it: no slot ever over capacity, every 201/200 booking present and confirmed (unless its client cancelled
# it), every cancel, release and confirm answered as stored, every hold confirmed, released or expired, no customer
# ever over the limit and every active booking, hold and entry counted by its allowance, and the read model equal to
# the journal (it first waits for the projection and for due expiries). Exit code 0 only when it finds nothing.
#
#   ./mvnw -B -q package -DskipTests && cluster-config/chaos.sh
#
# Environment: CHAOS_MINUTES (5), CHAOS_SECONDS (overrides the minutes), CHAOS_WORKERS (12), CHAOS_CUSTOMERS (150),
# CHAOS_SLOTS (16), CHAOS_CAPACITY (6), CHAOS_LIMIT (3), SEED (42: the load's choices; faults use bash's RANDOM,
# seeded from it too), CHAOS_MAX_SECONDS (the run plus 600, a hard bound), RESERVATION_JAVA_OPTS for the nodes
# (default -Xmx512m; the offer TTL is set to 30 s so offers end within the run). Output in gatling/target/chaos/:
# answers.jsonl (every answer), injections.log, check.txt (the checker's report), node and database logs (a restarted
# node's earlier logs as node-<i>.ended-<time>.log), the database of a failed run (db/), and the verdict line:
#
#   CHAOS result=<pass|FAIL> seconds=<n> injections=<n> kill=<n> freeze=<n> db-freeze=<n> answers=<n> violations=<n>
#         stale=<n> healed=<yes|no> node_error_lines=<n>
set -euo pipefail
LOG_TAG=chaos
# shellcheck source=gatling/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/gatling/lib.sh"

CLUSTER="$REPO_DIR/cluster-config/local-cluster.sh"
SECONDS_OF_LOAD=${CHAOS_SECONDS:-$(( ${CHAOS_MINUTES:-5} * 60 ))}
LIMIT=${CHAOS_LIMIT:-3}
VENUE=chaos
OUT=$GATLING_DIR/target/chaos
rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/reservation-chaos.XXXXXX")
RANDOM=${SEED:-42}

# Only our own settings reach local-cluster.sh and the nodes: a RESERVATION_DB_URL of the caller's would point them
# at another database.
for variable in $(compgen -e | grep '^RESERVATION_' | grep -v '^RESERVATION_JAVA_OPTS$' || true); do unset "$variable"; done
export RESERVATION_CLUSTER_DIR=$WORK/cluster
export RESERVATION_ADMIN_TOKEN="chaos-$(date +%s)-$RANDOM$RANDOM"
export RESERVATION_JAVA_OPTS="${RESERVATION_JAVA_OPTS:--Xmx512m} -Dreservation.slot.holds.offer-ttl=30s"
export RESERVATION_READY_TIMEOUT=180

# base_port: a base b with b+1..b+3 free on 127.0.0.1 (local-cluster.sh gives node i the port base+i).
base_port() {
  python3 - <<'EOF'
import random, socket
for _ in range(200):
    # Below the ephemeral range (32768 up): an outgoing connection cannot take the port meanwhile.
    base = random.randrange(12000, 32000)
    try:
        socks = []
        for i in (1, 2, 3):
            s = socket.socket(); s.bind(("127.0.0.1", base + i)); socks.append(s)
        for s in socks: s.close()
        print(base); break
    except OSError:
        for s in socks: s.close()
EOF
}
export RESERVATION_CLUSTER_HTTP_BASE_PORT; RESERVATION_CLUSTER_HTTP_BASE_PORT=$(base_port)
export RESERVATION_CLUSTER_REMOTE_BASE_PORT; RESERVATION_CLUSTER_REMOTE_BASE_PORT=$(base_port)
export RESERVATION_CLUSTER_MANAGEMENT_BASE_PORT; RESERVATION_CLUSTER_MANAGEMENT_BASE_PORT=$(base_port)
export RESERVATION_CLUSTER_DB_PORT; RESERVATION_CLUSTER_DB_PORT=$(( $(base_port) + 1 ))
DIR=$RESERVATION_CLUSTER_DIR
node_url() { echo "http://127.0.0.1:$((RESERVATION_CLUSTER_HTTP_BASE_PORT + $1))"; }
node_pid() { cat "$DIR/node-$1.pid" 2>/dev/null || true; }

# Every process we may have stopped is continued before anything else happens to it.
FROZEN=()
thaw() {
  local pid
  for pid in "${FROZEN[@]}"; do kill -CONT "$pid" 2>/dev/null || true; done
  FROZEN=()
}

finish() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_watchdog
  thaw
  cleanup_started
  # The cluster, gracefully; whatever still runs after that, hard.
  timeout 120 "$CLUSTER" down >>"$OUT/cluster.log" 2>&1
  local pid
  for pid in $(cat "$DIR"/node-*.pid "$DIR/postgres.pid" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  if [ -f "$DIR/db/postgres/postmaster.pid" ]; then
    stop_pid "$(head -n 1 "$DIR/db/postgres/postmaster.pid")" INT 15
  fi
  cp "$DIR"/*.log "$OUT/" 2>/dev/null
  # A failed run keeps its database (stopped cleanly above) for a look at what the check found:
  #   cluster-config/local-cluster.sh with RESERVATION_CLUSTER_DIR pointing at a copy, or `postgres --data-dir`.
  if [ "$rc" -ne 0 ] && [ -d "$DIR/db" ]; then mv "$DIR/db" "$OUT/db" && log "the database is kept in $OUT/db"; fi
  rm -rf "$WORK"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'log "time is up (CHAOS_MAX_SECONDS)"; exit 124' TERM
start_watchdog "${CHAOS_MAX_SECONDS:-$((SECONDS_OF_LOAD + 600))}"

[ -f "$ENGINE_JAR" ] || die "$ENGINE_JAR is missing: build it first (./mvnw -B -q package -DskipTests)"
ensure_gatling_classes

# cluster CMD...: local-cluster.sh in the background (a signal reaches our trap at once), output to cluster.log.
cluster() {
  "$CLUSTER" "$@" >>"$OUT/cluster.log" 2>&1 9>&- &
  local pid=$! rc=0
  wait "$pid" || rc=$?
  return "$rc"
}

# pause SECONDS, interruptibly.
pause() {
  sleep "$1" 9>&- &
  wait $!
}

# settled: nodes 1..3 run, answer ready, and node 1's view of the cluster has three members Up and none unreachable.
settled() {
  local i
  for i in 1 2 3; do
    alive "$(node_pid "$i")" || return 1
    curl -fsS --max-time 3 "$(node_url "$i")/health/ready" >/dev/null 2>&1 || return 1
  done
  curl -fsS --max-time 5 -H "Authorization: Bearer $RESERVATION_ADMIN_TOKEN" "$(node_url 1)/admin/cluster" 2>/dev/null |
    python3 -c '
import json, sys
c = json.load(sys.stdin)
up = [m for m in c["members"] if m["status"] == "Up"]
sys.exit(0 if len(up) == 3 and not c["unreachable"] else 1)' 2>/dev/null
}

# views: each node's idea of the membership, to the log and the caller's stderr (two clusters show as two lists).
views() {
  local i
  for i in 1 2 3; do
    printf 'node %s sees: %s\n' "$i" "$(curl -fsS --max-time 5 -H "Authorization: Bearer $RESERVATION_ADMIN_TOKEN" \
      "$(node_url "$i")/admin/cluster" 2>/dev/null | python3 -c '
import json, sys
c = json.load(sys.stdin)
print(" ".join(m["address"].rsplit(":", 1)[1] + "=" + m["status"] for m in c["members"]),
      "unreachable:", len(c["unreachable"]))' 2>/dev/null || echo "no answer")"
  done | tee -a "$OUT/injections.log" >&2
}

# whole: until the cluster has settled twice, 5 s apart, starting any node that is gone (killed, or left after the
# others downed it). A node thawed after a freeze may answer ready for a moment before it learns it was downed; the
# next fault must not meet a cluster that is about to lose a member.
whole() {
  local deadline=$((SECONDS + 300)) i streak=0
  while :; do
    for i in 1 2 3; do
      if ! alive "$(node_pid "$i")"; then
        log "node $i is not running: starting it again"
        # local-cluster.sh starts its log afresh: keep the ended process's.
        cp "$DIR/node-$i.log" "$OUT/node-$i.ended-$(date -u +%H%M%S).log" 2>/dev/null || true
        cluster start 3 || log "local-cluster.sh start failed (see cluster.log); trying again"
        streak=0
      fi
    done
    if settled; then streak=$((streak + 1)); else streak=0; fi
    [ "$streak" -ge 2 ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || { log "the cluster is not whole again after 300 s"; views; return 1; }
    pause 5
  done
}

log "starting PostgreSQL and three nodes (logs in $DIR, copied to $OUT)"
cluster start 3 || { tail -n 30 "$OUT/cluster.log" >&2; die "the cluster did not start"; }
URLS="$(node_url 1),$(node_url 2),$(node_url 3)"

log "load: ${SECONDS_OF_LOAD}s of ChaosLoad against $URLS (answers in $OUT/answers.jsonl)"
# shellcheck disable=SC2086
java ${CHAOS_LOAD_JAVA_OPTS:--Xmx512m} -cp "$GATLING_DIR/target/test-classes:$GATLING_DIR/target/classes:$(cat "$CP_TEST_FILE")" \
  -DbaseUrls="$URLS" -DadminToken="$RESERVATION_ADMIN_TOKEN" -Dseed="${SEED:-42}" -Dduration="$SECONDS_OF_LOAD" \
  -Dworkers="${CHAOS_WORKERS:-12}" -Dcustomers="${CHAOS_CUSTOMERS:-150}" -Dslots="${CHAOS_SLOTS:-16}" \
  -Dcapacity="${CHAOS_CAPACITY:-6}" -Dlimit="$LIMIT" -Dvenue="$VENUE" -Danswers="$OUT/answers.jsonl" \
  com.reservation.gatling.chaos.ChaosLoad >"$OUT/load.log" 2>&1 9>&- &
LOAD_PID=$!
STARTED_PIDS+=("$LOAD_PID")
LOAD_END=$((SECONDS + SECONDS_OF_LOAD))

declare -A DONE=([kill]=0 [freeze]=0 [db-freeze]=0)
injections=0
recovered=1
inject() {
  local kind=$1 i pid pm pids
  i=$((RANDOM % 3 + 1))
  case "$kind" in
    kill)
      pid=$(node_pid "$i")
      printf '%s kill node %s (pid %s)\n' "$(date -u +%FT%TZ)" "$i" "$pid" >>"$OUT/injections.log"
      log "fault: SIGKILL node $i"
      kill -KILL "$pid"
      ;;
    freeze)
      pid=$(node_pid "$i")
      printf '%s freeze node %s (pid %s) 10 s\n' "$(date -u +%FT%TZ)" "$i" "$pid" >>"$OUT/injections.log"
      log "fault: SIGSTOP node $i for 10 s"
      FROZEN=("$pid")
      kill -STOP "$pid"
      pause 10
      thaw
      ;;
    db-freeze)
      pm=$(head -n 1 "$DIR/db/postgres/postmaster.pid")
      # The postmaster and its backends: a stopped postmaster alone would leave open connections served.
      pids=("$pm" $(pgrep -P "$pm" || true))
      printf '%s freeze PostgreSQL (%s processes) 10 s\n' "$(date -u +%FT%TZ)" "${#pids[@]}" >>"$OUT/injections.log"
      log "fault: SIGSTOP PostgreSQL (${#pids[@]} processes) for 10 s"
      FROZEN=("${pids[@]}")
      kill -STOP "${pids[@]}" 2>/dev/null || true
      pause 10
      thaw
      ;;
  esac
  DONE[$kind]=$((DONE[$kind] + 1))
  injections=$((injections + 1))
}

while alive "$LOAD_PID"; do
  wait_for=$((20 + RANDOM % 21))
  [ $((SECONDS + wait_for)) -lt "$LOAD_END" ] || break
  pause "$wait_for"
  alive "$LOAD_PID" || break
  case $((RANDOM % 3)) in 0) inject kill ;; 1) inject freeze ;; 2) inject db-freeze ;; esac
  if ! whole; then
    # No more faults; the load runs on and the check still runs: what the clients were told during and after a
    # cluster that did not heal is what matters most.
    recovered=0
    log "the cluster did not heal: no more faults; the run FAILS, and the answers are checked all the same"
    break
  fi
done
load_rc=0
wait "$LOAD_PID" || load_rc=$?
forget_pid "$LOAD_PID"
grep '^CHAOS-LOAD' "$OUT/load.log" >&2 || { log "the load driver failed (exit $load_rc):"; tail -n 30 "$OUT/load.log" >&2; }

check_rc=1
if [ "$recovered" = 1 ]; then whole || recovered=0; fi
log "load over; checking the answers against the journal and the read model"
(
  export RESERVATION_DB_URL="jdbc:postgresql://127.0.0.1:$RESERVATION_CLUSTER_DB_PORT/postgres"
  export RESERVATION_DB_USER=postgres
  RESERVATION_DB_PASSWORD=$(cat "$DIR/db/postgres-password")
  export RESERVATION_DB_PASSWORD
  exec java -Xmx512m -jar "$ENGINE_JAR" check-answers --venue "$VENUE" --answers "$OUT/answers.jsonl" \
    --limit "$LIMIT" --settle 180
) >"$OUT/check.txt" 2>"$OUT/check.err" 9>&- &
check_pid=$!
STARTED_PIDS+=("$check_pid")
check_rc=0
wait "$check_pid" || check_rc=$?
forget_pid "$check_pid"
cat "$OUT/check.txt" >&2
[ "$check_rc" -le 1 ] || { log "the checker failed (exit $check_rc):"; cat "$OUT/check.err" >&2; }

answers=$(wc -l <"$OUT/answers.jsonl" 2>/dev/null || echo 0)
violations=$(sed -n 's/^CHECK result=.* violations=\([0-9]*\).*$/\1/p' "$OUT/check.txt" 2>/dev/null || true)
stale=$(sed -n 's/^CHECK result=.* stale=\([0-9]*\).*$/\1/p' "$OUT/check.txt" 2>/dev/null || true)
errors=$(cat "$DIR"/node-*.log 2>/dev/null | grep -c ' ERROR ' || true)
result=pass
[ "$load_rc" -eq 0 ] && [ "$check_rc" -eq 0 ] && [ "$recovered" = 1 ] || result=FAIL
# A run long enough for a fault that had none proves nothing.
if [ "$injections" = 0 ] && [ "$SECONDS_OF_LOAD" -ge 45 ]; then log "no fault was injected"; result=FAIL; fi
line="CHAOS result=$result seconds=$SECONDS_OF_LOAD injections=$injections kill=${DONE[kill]} freeze=${DONE[freeze]} db-freeze=${DONE[db-freeze]} answers=$answers violations=${violations:-unknown} stale=${stale:-unknown} healed=$([ "$recovered" = 1 ] && echo yes || echo no) node_error_lines=$errors"
echo "$line" | tee "$OUT/result.txt"
[ "$result" = pass ]
