# Shared settings of the workbench scripts; sourced, not run.
# Every value can be overridden from the environment.
set -euo pipefail
shopt -s inherit_errexit  # a failing command inside $(...) fails the script too
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${CDM_STATE:-$ROOT/.state}
VENV=$STATE/venv
LINT_VENV=$STATE/lint-venv
BROWSER_VENV=$STATE/browser-venv
CHROMIUM=${CDM_CHROMIUM:-/usr/bin/chromium}
PGDATA=$STATE/pg/data
PGSOCK=$STATE/pg/run
PGLOG=$STATE/pg/server.log
PGPORT=${CDM_PGPORT:-5439}
PGUSER_ODOO=${CDM_DB_USER:-odoo}
HTTP_PORT=${CDM_HTTP_PORT:-8069}
DEMO_DB=${CDM_DEMO_DB:-cdm_demo}
PGBIN=${CDM_PGBIN:-/usr/lib/postgresql/15/bin}
ODOO_CONF=$STATE/odoo.conf
MODULE=customer_dev_maint
# Modules that the addon needs installed: a template database holds them once.
BASE_MODULES=crm,helpdesk_mgmt,helpdesk_mgmt_rating,resource,hr
export PGHOST=$PGSOCK PGPORT PGUSER=$PGUSER_ODOO
case ":$PATH:" in *":$VENV/bin:"*) ;; *) PATH="$VENV/bin:$PATH" ;; esac
export PATH TZ=UTC ODOO_PRELOAD_ADDONS=no NODE_PATH=/usr/share/nodejs

# The server's process model (make run, the load test): CDM_WORKERS=0 is Odoo's threaded
# server; CDM_WORKERS=N > 0 its multi-process mode, N HTTP workers and CDM_CRON_THREADS cron
# workers, the chat and notifications served apart on the longpolling port
# (CDM_LONGPOLLING_PORT, the HTTP port + 3). Cron workers poll the databases every minute.
# Limits per request (multi-process mode only; Odoo kills a worker past them): CPU seconds
# CDM_LIMIT_TIME_CPU, wall seconds CDM_LIMIT_TIME_REAL, and for a scheduled job
# CDM_LIMIT_TIME_REAL_CRON (the module's jobs commit batch by batch, but one run of the
# revisit job over 20,000 customers lasts minutes: Odoo's defaults, 60 s CPU and 120 s,
# would kill it).
WORKERS=${CDM_WORKERS:-0}
CRON_THREADS=${CDM_CRON_THREADS:-1}
server_mode_args() {  # server_mode_args HTTP_PORT
  local port=$1
  if [ "$WORKERS" -gt 0 ]; then
    echo "--workers=$WORKERS --max-cron-threads=$CRON_THREADS" \
         "--longpolling-port=${CDM_LONGPOLLING_PORT:-$((port + 3))}" \
         "--limit-time-cpu=${CDM_LIMIT_TIME_CPU:-600} --limit-time-real=${CDM_LIMIT_TIME_REAL:-1200}" \
         "--limit-time-real-cron=${CDM_LIMIT_TIME_REAL_CRON:-3600}"
  else
    echo "--workers=0 --max-cron-threads=$CRON_THREADS"
  fi
}

log() { printf '\033[1m[cdm]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[cdm] %s\033[0m\n' "$*" >&2; exit 1; }

# The OS user that owns the PostgreSQL cluster: initdb refuses root.
pg_os_user() { if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi; }
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- env PGHOST="$PGSOCK" PGPORT="$PGPORT" "$@"
  else
    "$@"
  fi
}
# The graph logs an error per auto-install module whose dependencies are not on disk
# (reset_orphan_auto_installs in db.sh); they say nothing about this module.
odoo_bin() {
  "$VENV/bin/python" "$ROOT/tools/odoo-bin" -c "$ODOO_CONF" --log-handler=odoo.modules.graph:CRITICAL "$@"
}
psql_db() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }
db_exists() {
  [ "$("$PGBIN/psql" -X -tA -d postgres -c "SELECT 1 FROM pg_database WHERE datname='$1'")" = 1 ]
}

# Databases the scripts create for one run and drop after it: tests, translation exports,
# the uninstall check. No other database is ever dropped by a script (the demo database,
# the template, a database of yours).
is_throwaway_db() { [[ $1 =~ ^cdm_(test|i18n|uninstall)_[a-z0-9_]+$ ]] && [ "$1" != "$DEMO_DB" ]; }

# with_lock NAME: an exclusive lock on .state/NAME.lock until unlock or the end of the
# script, so that two runs at once take turns (template and demo builds, cluster start).
LOCK_FD=
with_lock() {
  mkdir -p "$STATE"
  exec {LOCK_FD}>>"$STATE/$1.lock"
  if ! flock -n "$LOCK_FD"; then
    log "Waiting for another run that holds .state/$1.lock"
    flock "$LOCK_FD"
  fi
}
unlock() { exec {LOCK_FD}>&-; }
# Runs a command that outlives the script (the PostgreSQL server) without inheriting the
# descriptors of the lock files: it would hold those locks for as long as it runs.
without_locks() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    "$@"
  )
}

# Scripts that use the cluster hold a shared lock on .state/cluster.lock while they run
# (make run through its exec'd server); the last one to finish may stop the cluster.
CLUSTER_LOCK_FD=
use_cluster() {
  mkdir -p "$STATE"
  exec {CLUSTER_LOCK_FD}>>"$STATE/cluster.lock"
  flock -s "$CLUSTER_LOCK_FD"
}
# True when no other script holds the cluster (call after use_cluster).
last_cluster_user() { flock -n -x "$CLUSTER_LOCK_FD"; }
