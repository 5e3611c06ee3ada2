#!/usr/bin/env bash
# make load: two Odoo nodes over one PostgreSQL under a bounded load of simulated staff.
#   Builds (or reuses) cdm_load_base, generated data of a mid-size company with the module
#   (benchmarks/generate.py, as make bench builds its module database), copies it to
#   cdm_load_run (the previous run's copy is dropped), gives the simulated staff their
#   passwords, queues work for the scheduled jobs and makes the module's jobs due every minute
#   (benchmarks/load/prepare.py); then starts two nodes in Odoo's multi-process mode on
#   127.0.0.1 (CDM_LOAD_PORT and CDM_LOAD_PORT + 1; longpolling + 2 and + 3), each with
#   workers and cron workers, and drives them with Locust (benchmarks/load/locustfile.py,
#   from .state/load-venv) for a fixed duration: development, maintenance and manager staff
#   doing their daily work through the web client's JSON-RPC calls, spread over both nodes.
#   Once during the run, after CDM_LOAD_KILL_AFTER seconds (a third of the run), when node 1
#   is in the middle of a job batch (it holds a scheduled job and rows of the job's table),
#   node 1 is killed with SIGKILL, every process of it;
#   its staff move to node 2, which finishes the jobs. After the load, node 2 drains the
#   jobs' work (CDM_LOAD_DRAIN seconds at most), is stopped, and benchmarks/load/check.py
#   checks with SQL and the logs that nothing was lost, doubled, deadlocked or left locked.
#   benchmarks/load/report.py prints the figures and writes docs/load.md.
# Settings: CDM_LOAD_SCALE (1), CDM_LOAD_SEED (20), CDM_LOAD_DURATION (seconds of load, 300),
# CDM_LOAD_USERS ("6,6,2": development, maintenance, manager staff), CDM_LOAD_WORKERS (2 HTTP
# workers per node), CDM_LOAD_CRON_THREADS (2 per node), CDM_LOAD_PORT (8076),
# CDM_LOAD_KILL (1; 0 runs without the kill), CDM_LOAD_DRAIN (900), CDM_LOAD_OUT
# (docs/load.md). Not part of make test (tests/test_load_checks.py runs the checks on a
# throwaway database).
source "$(dirname "$0")/common.sh"

SCALE=${CDM_LOAD_SCALE:-1}
SEED=${CDM_LOAD_SEED:-20}
DURATION=${CDM_LOAD_DURATION:-300}
USERS=${CDM_LOAD_USERS:-6,6,2}
NODE_WORKERS=${CDM_LOAD_WORKERS:-2}
NODE_CRONS=${CDM_LOAD_CRON_THREADS:-2}
PORT=${CDM_LOAD_PORT:-8076}
KILL=${CDM_LOAD_KILL:-1}
KILL_AFTER=${CDM_LOAD_KILL_AFTER:-$((DURATION / 3))}
DRAIN=${CDM_LOAD_DRAIN:-900}
OUT=${CDM_LOAD_OUT:-$ROOT/docs/load.md}
BASE_DB=cdm_load_base
RUN_DB=cdm_load_run
RUN_DIR=$STATE/load
LOAD_VENV=$STATE/load-venv
META=$STATE/load-base.json

CDM_LOAD=1 "$ROOT/tools/setup.sh"
use_cluster
"$ROOT/tools/db.sh" template
TEMPLATE="cdm_tmpl_$( (cat "$ROOT"/requirements/odoo.txt; echo "$BASE_MODULES") | sha1sum | cut -c1-10)"
version=$(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' "$ROOT/$MODULE/__manifest__.py")
KEY=$( (cat "$ROOT/benchmarks/generate.py"; echo "$version $SCALE $SEED $TEMPLATE") | sha1sum | cut -c1-12)

# Only the load test's own databases are ever dropped here.
drop_load_db() {
  case $1 in cdm_load_base|cdm_load_base.tmp|cdm_load_run) ;; *) die "Refusing to drop $1" ;; esac
  "$PGBIN/dropdb" --if-exists --force "$1"
  rm -rf "$STATE/filestore/filestore/$1"
}
copy_db() {  # copy_db FROM TO: the database and its filestore
  "$PGBIN/createdb" -T "$1" "$2"
  rm -rf "$STATE/filestore/filestore/$2"
  if [ -d "$STATE/filestore/filestore/$1" ]; then
    cp -r "$STATE/filestore/filestore/$1" "$STATE/filestore/filestore/$2"
  fi
}
generate() {
  "$VENV/bin/python" "$ROOT/benchmarks/generate.py" -c "$ODOO_CONF" -d "$1" --part "$2" \
    --scale "$SCALE" --seed "$SEED"
}

NODE_PIDS=()
BUILDING=
cleanup() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  [ -z "$BUILDING" ] || drop_load_db "$BUILDING" || true
}
trap cleanup EXIT

mkdir -p "$RUN_DIR"
built_key=$(sed -n 's/.*"key": "\([^"]*\)".*/\1/p' "$META" 2>/dev/null || true)
if db_exists "$BASE_DB" && [ "$built_key" = "$KEY" ]; then
  log "Reusing $BASE_DB (scale $SCALE)"
else
  log "Building $BASE_DB at scale $SCALE (seed $SEED)"
  with_lock load
  rm -f "$META"
  drop_load_db "$BASE_DB"
  drop_load_db "$BASE_DB.tmp"
  BUILDING=$BASE_DB.tmp
  copy_db "$TEMPLATE" "$BUILDING"
  odoo_bin -d "$BUILDING" -i "$MODULE" --without-demo=all --stop-after-init --log-level=warn
  psql_db "$BUILDING" -c "UPDATE ir_module_module SET state = 'uninstalled' WHERE state = 'to install'"
  generate "$BUILDING" base
  generate "$BUILDING" module
  psql_db postgres -c "ALTER DATABASE \"$BUILDING\" RENAME TO \"$BASE_DB\""
  if [ -d "$STATE/filestore/filestore/$BUILDING" ]; then
    mv "$STATE/filestore/filestore/$BUILDING" "$STATE/filestore/filestore/$BASE_DB"
  fi
  BUILDING=
  printf '{"key": "%s", "scale": "%s", "seed": "%s"}\n' "$KEY" "$SCALE" "$SEED" >"$META"
  unlock
fi

log "Copying $BASE_DB to $RUN_DB"
drop_load_db "$RUN_DB"
copy_db "$BASE_DB" "$RUN_DB"
rm -f "$RUN_DIR"/node*.log "$RUN_DIR"/locust* "$RUN_DIR"/acked.jsonl "$RUN_DIR"/*.json
"$VENV/bin/python" "$ROOT/benchmarks/load/prepare.py" -c "$ODOO_CONF" -d "$RUN_DB" \
  --users "$USERS" --out "$RUN_DIR/prepared.json"

# node N: its own HTTP and longpolling ports, its own log, its own process group (setsid:
# killing the group is the crash of its machine), its own application_name in PostgreSQL
# (the kill below finds its job batches by it).
start_node() {
  local n=$1 http=$((PORT + $1 - 1))
  PGAPPNAME=cdm-load-node$n setsid "$VENV/bin/python" "$ROOT/tools/odoo-bin" -c "$ODOO_CONF" \
    -d "$RUN_DB" --db-filter="^$RUN_DB\$" --http-port="$http" --workers="$NODE_WORKERS" \
    --max-cron-threads="$NODE_CRONS" --longpolling-port=$((http + 2)) \
    --limit-time-cpu="${CDM_LIMIT_TIME_CPU:-600}" --limit-time-real="${CDM_LIMIT_TIME_REAL:-1200}" \
    --limit-time-real-cron="${CDM_LIMIT_TIME_REAL_CRON:-3600}" --log-level=info \
    --logfile="$RUN_DIR/node$n.log" </dev/null >/dev/null 2>&1 &
  NODE_PIDS[n - 1]=$!
  disown "$!"  # its kill is not reported by the shell
}
wait_node() {
  local http=$((PORT + $1 - 1)) i
  for i in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$http/web/login" && return 0
    sleep 1
  done
  die "Node $1 did not answer on port $http (see ${RUN_DIR#$ROOT/}/node$1.log)"
}
for n in 1 2; do
  curl -fsS -o /dev/null "http://127.0.0.1:$((PORT + n - 1))/web/login" 2>/dev/null &&
    die "Port $((PORT + n - 1)) is taken: set CDM_LOAD_PORT"
  start_node "$n"
done
wait_node 1
wait_node 2
log "Nodes up: http://127.0.0.1:$PORT (pid ${NODE_PIDS[0]}), http://127.0.0.1:$((PORT + 1)) (pid ${NODE_PIDS[1]})"

# The kill: once a job batch of node 1 is under way (its cron worker holds a scheduled job's
# row and its job holds rows of a job table), SIGKILL to every process of node 1.
JOB_TABLES="'res_partner','cdm_update_notice','helpdesk_ticket','crm_lead_milestone','cdm_revisit','crm_lead'"
killer() {
  local found
  # Not before a third of the run: both nodes carry the load and the jobs first.
  sleep "$KILL_AFTER"
  while sleep 0.5; do
    found=$("$PGBIN/psql" -X -tA -d "$RUN_DB" -c "
      SELECT a.pid || ' ' || left(regexp_replace(a.query, '\s+', ' ', 'g'), 160)
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        JOIN pg_class c ON c.oid = l.relation
       WHERE a.application_name = 'cdm-load-node1' AND l.mode = 'RowShareLock'
         AND c.relname IN ($JOB_TABLES) AND a.xact_start < now() - interval '1 second'
         AND EXISTS (SELECT 1 FROM pg_locks k JOIN pg_stat_activity b ON b.pid = k.pid
                      WHERE b.application_name = 'cdm-load-node1' AND k.mode = 'RowShareLock'
                        AND k.relation = 'ir_cron'::regclass)
       LIMIT 1" 2>/dev/null || true)
    if [ -n "$found" ]; then
      kill -KILL -- "-${NODE_PIDS[0]}"
      printf '{"killed_at": "%s", "backend": "%s"}\n' "$(date -u +%FT%TZ)" \
        "$(echo "$found" | sed 's/["\\]/ /g')" >"$RUN_DIR/kill.json"
      log "Node 1 killed (SIGKILL) in the middle of a job batch: $found"
      return 0
    fi
  done
}
KILLER_PID=
if [ "$KILL" = 1 ]; then
  killer &
  KILLER_PID=$!
fi

IFS=, read -r n_dev n_maint n_manager <<<"$USERS"
log "Load: $n_dev development, $n_maint maintenance, $n_manager manager staff for $DURATION s"
start_time=$(date -u +%FT%TZ)
(cd "$RUN_DIR" && CDM_LOAD_HOSTS="http://127.0.0.1:$PORT,http://127.0.0.1:$((PORT + 1))" \
  CDM_LOAD_DB=$RUN_DB CDM_LOAD_PREPARED=$RUN_DIR/prepared.json CDM_LOAD_ACKED=$RUN_DIR/acked.jsonl \
  CDM_LOAD_USERS=$USERS \
  "$LOAD_VENV/bin/locust" -f "$ROOT/benchmarks/load/locustfile.py" --headless \
  -u $((n_dev + n_maint + n_manager)) -r 2 -t "${DURATION}s" --stop-timeout 30 \
  --host "http://127.0.0.1:$PORT" --csv "$RUN_DIR/locust" --only-summary \
  --loglevel WARNING >"$RUN_DIR/locust.out" 2>&1) || true
end_time=$(date -u +%FT%TZ)
if [ -n "$KILLER_PID" ] && kill -0 "$KILLER_PID" 2>/dev/null; then
  kill "$KILLER_PID" 2>/dev/null || true
  log "Node 1 was not caught in a job batch during the run: not killed"
fi

log "Draining: waiting for the scheduled jobs to finish their work (at most $DRAIN s)"
"$VENV/bin/python" "$ROOT/benchmarks/load/check.py" -c "$ODOO_CONF" -d "$RUN_DB" \
  --prepared "$RUN_DIR/prepared.json" --wait "$DRAIN" --out "$RUN_DIR/drain.json" || true

log "Stopping the nodes"
for n in 1 2; do
  pid=${NODE_PIDS[n - 1]}
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
done
NODE_PIDS=()

status=0
"$VENV/bin/python" "$ROOT/benchmarks/load/check.py" -c "$ODOO_CONF" -d "$RUN_DB" \
  --acked "$RUN_DIR/acked.jsonl" --prepared "$RUN_DIR/prepared.json" \
  --logs "$RUN_DIR/node1.log" "$RUN_DIR/node2.log" --out "$RUN_DIR/checks.json" || status=$?
"$VENV/bin/python" "$ROOT/benchmarks/load/report.py" --dir "$RUN_DIR" --scale "$SCALE" \
  --seed "$SEED" --users "$USERS" --duration "$DURATION" --workers "$NODE_WORKERS" \
  --crons "$NODE_CRONS" --start "$start_time" --end "$end_time" --out "$OUT"
log "Written to ${OUT#$ROOT/}; logs and Locust's CSV in ${RUN_DIR#$ROOT/}/"
exit "$status"
