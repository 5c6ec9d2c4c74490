#!/usr/bin/env bash
# A local reservation-engine cluster on 127.0.0.1: one shared PostgreSQL and nodes 1..N, node i serving HTTP on
# 8080+i, remoting on 25520+i and Akka Management on 8558+i (fixed, so a human can type them).
#
#   cluster-config/local-cluster.sh start 3     PostgreSQL (unless RESERVATION_DB_URL is set), schema, nodes 1..3;
#                                               returns once every node answers /health/ready
#   cluster-config/local-cluster.sh add         one more node (the next number after the highest running one)
#   cluster-config/local-cluster.sh status      processes, readiness, cluster membership and shards
#   cluster-config/local-cluster.sh stop [i]    graceful: node i (or every node) leaves, handing its shards over
#   cluster-config/local-cluster.sh kill i      SIGKILL node i: a crash; the survivors take its slots over
#   cluster-config/local-cluster.sh down        every node, then PostgreSQL; the data is kept for the next start
#   cluster-config/local-cluster.sh env         prints `export RESERVATION_ADMIN_TOKEN=... NODE1=http://...` lines for
#                                               the nodes started: eval "$(cluster-config/local-cluster.sh env)"
#
# Environment: RESERVATION_ADMIN_TOKEN (passed to the nodes; generated once and kept in the cluster directory when
# unset), RESERVATION_DB_URL / _USER / _PASSWORD (an external PostgreSQL instead of the embedded one),
# RESERVATION_CLUSTER_DIR (pid files, logs, database files; default ./data/local-cluster of the repository),
# RESERVATION_CLUSTER_DB_PORT (embedded PostgreSQL, default 54320), RESERVATION_READY_TIMEOUT (seconds, default 120),
# RESERVATION_JAVA_OPTS (default -Xmx512m), RESERVATION_JAR (default http-api/target/reservation-engine.jar).
# Ports, for tests that need free ones (the defaults above stay the documented layout): node i serves HTTP on
# RESERVATION_CLUSTER_HTTP_BASE_PORT+i (8080), remoting on RESERVATION_CLUSTER_REMOTE_BASE_PORT+i (25520) and Akka
# Management on RESERVATION_CLUSTER_MANAGEMENT_BASE_PORT+i (8558); every command of one cluster needs the same values.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${RESERVATION_JAR:-$ROOT/http-api/target/reservation-engine.jar}"
DIR="${RESERVATION_CLUSTER_DIR:-$ROOT/data/local-cluster}"
DB_PORT="${RESERVATION_CLUSTER_DB_PORT:-54320}"
READY_TIMEOUT="${RESERVATION_READY_TIMEOUT:-120}"
JAVA_OPTS="${RESERVATION_JAVA_OPTS:--Xmx512m}"
HTTP_BASE="${RESERVATION_CLUSTER_HTTP_BASE_PORT:-8080}"
REMOTE_BASE="${RESERVATION_CLUSTER_REMOTE_BASE_PORT:-25520}"
MANAGEMENT_BASE="${RESERVATION_CLUSTER_MANAGEMENT_BASE_PORT:-8558}"
OVERLAY="$ROOT/cluster-config/local/local.conf"
# Nodes 1 and 2 are the seeds: node 1 forms the cluster when nobody else runs; any later node joins through either.
SEED_NODES="127.0.0.1:$((REMOTE_BASE + 1)),127.0.0.1:$((REMOTE_BASE + 2))"

# What the caller gave, read once before anything is exported: the functions below export RESERVATION_DB_* and
# RESERVATION_ADMIN_TOKEN for the nodes, so asking the environment again later would see our own values (an embedded
# PostgreSQL's URL taken for an external database, issue 15).
USER_DB_URL="${RESERVATION_DB_URL:-}"
USER_DB_USER="${RESERVATION_DB_USER:-}"
USER_DB_PASSWORD="${RESERVATION_DB_PASSWORD:-}"
USER_ADMIN_TOKEN="${RESERVATION_ADMIN_TOKEN:-}"
EXTERNAL_DB=0
[[ -n "$USER_DB_URL" ]] && EXTERNAL_DB=1

die() { echo "local-cluster: $*" >&2; exit 1; }
http_port() { echo $((HTTP_BASE + $1)); }
remote_port() { echo $((REMOTE_BASE + $1)); }
management_port() { echo $((MANAGEMENT_BASE + $1)); }
node_pid_file() { echo "$DIR/node-$1.pid"; }
node_log() { echo "$DIR/node-$1.log"; }

alive() { # pid file -> is its process running?
  [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

ensure_jar() {
  if [[ ! -f "$JAR" ]]; then
    echo "Building $JAR (once) ..."
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl http-api -am) || die "the build failed; run './mvnw -B package -DskipTests -pl http-api -am' in $ROOT to see why"
  fi
}

admin_token() {
  if [[ -n "$USER_ADMIN_TOKEN" ]]; then
    echo "$USER_ADMIN_TOKEN"
  else
    if [[ ! -s "$DIR/admin-token" ]]; then
      (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/admin-token")
      echo "Generated an admin token in $DIR/admin-token (set RESERVATION_ADMIN_TOKEN to choose one)." >&2
    fi
    cat "$DIR/admin-token"
  fi
}

db_url() {
  if [[ $EXTERNAL_DB == 1 ]]; then echo "$USER_DB_URL"; else echo "jdbc:postgresql://127.0.0.1:$DB_PORT/postgres"; fi
}

db_user() {
  if [[ $EXTERNAL_DB == 1 ]]; then echo "${USER_DB_USER:-postgres}"; else echo "postgres"; fi
}

# An external database: the caller's password ("postgres" when none is given). The embedded PostgreSQL generates its
# password at its first start and keeps it in its data directory (mode 0600); a RESERVATION_DB_PASSWORD meant for
# some other database never replaces it.
db_password() {
  if [[ $EXTERNAL_DB == 1 ]]; then
    echo "${USER_DB_PASSWORD:-postgres}"
  else
    [[ -s "$DIR/db/postgres-password" ]] || die "$DIR/db/postgres-password is missing; is PostgreSQL started? ($0 start)"
    cat "$DIR/db/postgres-password"
  fi
}

# The variables every node and the migration get (call it in a subshell: it exports them). Each value is computed
# before any is exported, from what the caller gave (USER_*), never from what an earlier export left.
node_env() {
  local url user password token
  # (`|| return`: callers run it under `&&`, where set -e does not stop at a failing command.)
  url="$(db_url)" || return 1
  user="$(db_user)" || return 1
  password="$(db_password)" || return 1
  token="$(admin_token)" || return 1
  export RESERVATION_DB_URL="$url" RESERVATION_DB_USER="$user" RESERVATION_DB_PASSWORD="$password"
  export RESERVATION_ADMIN_TOKEN="$token"
}

start_postgres() {
  if [[ $EXTERNAL_DB == 1 ]]; then
    echo "Using the PostgreSQL at RESERVATION_DB_URL (none started)."
    return
  fi
  if alive "$DIR/postgres.pid"; then
    echo "PostgreSQL already runs (pid $(cat "$DIR/postgres.pid")), log: $DIR/postgres.log"
    return
  fi
  echo "Starting PostgreSQL on 127.0.0.1:$DB_PORT (files in $DIR/db, password in $DIR/db/postgres-password), log: $DIR/postgres.log"
  # shellcheck disable=SC2086
  nohup java $JAVA_OPTS -jar "$JAR" postgres --port "$DB_PORT" --data-dir "$DIR/db" > "$DIR/postgres.log" 2>&1 &
  echo $! > "$DIR/postgres.pid"
  local waited=0
  until grep -q "^PostgreSQL ready: " "$DIR/postgres.log" 2>/dev/null; do
    alive "$DIR/postgres.pid" || die "PostgreSQL did not start; see $DIR/postgres.log"
    (( waited++ < READY_TIMEOUT )) || die "PostgreSQL not ready after ${READY_TIMEOUT}s; see $DIR/postgres.log"
    sleep 1
  done
}

migrate() {
  echo "Creating or completing the schema, log: $DIR/migrate.log"
  # shellcheck disable=SC2086
  (node_env && java $JAVA_OPTS -jar "$JAR" migrate > "$DIR/migrate.log" 2>&1) || die "the migration failed; see $DIR/migrate.log"
}

start_node() {
  local i=$1
  if alive "$(node_pid_file "$i")"; then
    echo "Node $i already runs (pid $(cat "$(node_pid_file "$i")")), log: $(node_log "$i")"
    return
  fi
  echo "Starting node $i: http://127.0.0.1:$(http_port "$i"), remoting 127.0.0.1:$(remote_port "$i"), management 127.0.0.1:$(management_port "$i"), log: $(node_log "$i")"
  (
    node_env || exit 1
    export RESERVATION_HTTP_PORT; RESERVATION_HTTP_PORT="$(http_port "$i")"
    export RESERVATION_REMOTE_PORT; RESERVATION_REMOTE_PORT="$(remote_port "$i")"
    export RESERVATION_MANAGEMENT_PORT; RESERVATION_MANAGEMENT_PORT="$(management_port "$i")"
    export RESERVATION_SEED_NODES="$SEED_NODES"
    # shellcheck disable=SC2086
    nohup java $JAVA_OPTS -jar "$JAR" start --config "$OVERLAY" > "$(node_log "$i")" 2>&1 &
    echo $! > "$(node_pid_file "$i")"
  )
}

await_ready() {
  local i=$1 waited=0 url
  url="http://127.0.0.1:$(http_port "$i")/health/ready"
  until curl -fsS --max-time 2 "$url" > /dev/null 2>&1; do
    alive "$(node_pid_file "$i")" || die "node $i exited before it was ready; see $(node_log "$i")"
    (( waited++ < READY_TIMEOUT )) || die "node $i not ready after ${READY_TIMEOUT}s ($url); see $(node_log "$i")"
    sleep 1
  done
  echo "Node $i ready: http://127.0.0.1:$(http_port "$i")"
}

node_indexes() { # indexes with a pid file, ascending
  local f
  for f in "$DIR"/node-*.pid; do if [[ -e "$f" ]]; then basename "$f" .pid | cut -d- -f2; fi; done | sort -n
}

running_indexes() {
  local i
  for i in $(node_indexes); do alive "$(node_pid_file "$i")" && echo "$i"; done
  return 0
}

stop_node() {
  local i=$1 pid_file waited=0
  pid_file="$(node_pid_file "$i")"
  if ! alive "$pid_file"; then echo "Node $i is not running."; return; fi
  echo "Stopping node $i gracefully (SIGTERM: it hands its shards over and leaves), log: $(node_log "$i")"
  kill -TERM "$(cat "$pid_file")"
  while alive "$pid_file"; do
    (( waited++ < 60 )) || die "node $i still runs 60s after SIGTERM; kill it with: $0 kill $i"
    sleep 1
  done
  echo "Node $i stopped."
}

kill_node() {
  local i=$1 pid_file
  pid_file="$(node_pid_file "$i")"
  alive "$pid_file" || die "node $i is not running"
  local pid waited=0
  pid="$(cat "$pid_file")"
  kill -KILL "$pid"
  # A killed JVM takes a moment to go: return once it has, so that a 'start' right after sees it gone (a zombie
  # nobody reaps counts as gone).
  while kill -0 "$pid" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]]; do
    (( waited++ < 100 )) || die "node $i still runs 10 s after SIGKILL (pid $pid)"
    sleep 0.1
  done
  echo "Node $i killed (SIGKILL). The survivors down it after the split-brain resolver's stable-after and take its"
  echo "slots over (about 8 s, see docs/cluster.md). Its log: $(node_log "$i")"
}

stop_postgres() {
  local waited=0
  if ! alive "$DIR/postgres.pid"; then return; fi
  echo "Stopping PostgreSQL (data kept in $DIR/db), log: $DIR/postgres.log"
  kill -TERM "$(cat "$DIR/postgres.pid")"
  while alive "$DIR/postgres.pid"; do
    (( waited++ < 60 )) || die "PostgreSQL still runs 60s after SIGTERM (pid $(cat "$DIR/postgres.pid"))"
    sleep 1
  done
}

status() {
  local i any=0 first="" token
  if [[ $EXTERNAL_DB == 1 ]]; then
    echo "PostgreSQL: external ($USER_DB_URL)"
  elif alive "$DIR/postgres.pid"; then
    echo "PostgreSQL: running (pid $(cat "$DIR/postgres.pid")) on 127.0.0.1:$DB_PORT, log: $DIR/postgres.log"
  else
    echo "PostgreSQL: not running"
  fi
  for i in $(node_indexes); do
    any=1
    if alive "$(node_pid_file "$i")"; then
      local ready="not ready"
      if curl -fsS --max-time 2 "http://127.0.0.1:$(http_port "$i")/health/ready" > /dev/null 2>&1; then
        ready="ready"
        [[ -z "$first" ]] && first=$i
      fi
      echo "Node $i: running (pid $(cat "$(node_pid_file "$i")")), $ready, http://127.0.0.1:$(http_port "$i"), log: $(node_log "$i")"
    else
      echo "Node $i: not running, log: $(node_log "$i")"
    fi
  done
  [[ $any == 1 ]] || echo "No nodes started yet (logs will be in $DIR)."
  if [[ -n "$first" ]]; then
    token="$(admin_token)"
    echo "Cluster as node $first sees it (GET /admin/cluster):"
    curl -fsS --max-time 10 -H "Authorization: Bearer $token" "http://127.0.0.1:$(http_port "$first")/admin/cluster" | summarize || true
  fi
}

# One line per member and per shard region; the raw JSON when python3 is missing.
summarize() {
  if command -v python3 > /dev/null; then
    python3 -c '
import json, sys
c = json.load(sys.stdin)
print("  leader:", c.get("leader"))
for m in c["members"]:
    print("  member", m["address"], m["status"], ",".join(m["roles"]))
for u in c["unreachable"]:
    print("  UNREACHABLE", u)
regions = c["sharding"].get("regions")
if regions is None:
    print("  shards:", c["sharding"].get("error"))
for r in regions or []:
    print("  shards on", r["address"], ":", r["shardCount"], "shards,", r["entityCount"], "slots in memory")
'
  else
    cat; echo
  fi
}

# Lines for eval in the caller's shell: the admin token the nodes accept, and NODEi, the base URL of node i, for
# every node started so far (at least 1..3). Values are quoted for the shell.
print_env() {
  local i last
  printf 'export RESERVATION_ADMIN_TOKEN=%q\n' "$(admin_token)"
  last="$(node_indexes | tail -1)"
  for i in $(seq 1 $(( ${last:-0} > 3 ? last : 3 ))); do
    printf 'export NODE%d=%q\n' "$i" "http://127.0.0.1:$(http_port "$i")"
  done
}

usage() {
  sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

cmd="${1:-}"
[[ -n "$cmd" ]] || usage
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"

case "$cmd" in
  start)
    n="${2:-3}"
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "start N: N must be a number of nodes, e.g. 3"
    command -v curl > /dev/null || die "curl is needed to wait for the nodes"
    ensure_jar
    start_postgres
    migrate
    for i in $(seq 1 "$n"); do start_node "$i"; done
    for i in $(seq 1 "$n"); do await_ready "$i"; done
    echo "Cluster of $n nodes ready. Admin token: RESERVATION_ADMIN_TOKEN or $DIR/admin-token. Logs: $DIR"
    ;;
  add)
    ensure_jar
    last="$(running_indexes | tail -1)"
    [[ -n "$last" ]] || die "no node runs; start the cluster first: $0 start 3"
    i=$((last + 1))
    start_node "$i"
    await_ready "$i"
    ;;
  status)
    status
    ;;
  env)
    print_env
    ;;
  stop)
    if [[ -n "${2:-}" ]]; then
      stop_node "$2"
    else
      # Newest first, one at a time: the seeds go last so the leavers can still confirm their exit.
      for i in $(running_indexes | sort -rn); do stop_node "$i"; done
    fi
    ;;
  kill)
    [[ -n "${2:-}" ]] || die "kill i: which node?"
    kill_node "$2"
    ;;
  down)
    for i in $(running_indexes | sort -rn); do stop_node "$i"; done
    stop_postgres
    echo "Everything stopped; data kept in $DIR (remove it to start afresh). Logs: $DIR"
    ;;
  *)
    usage
    ;;
esac
