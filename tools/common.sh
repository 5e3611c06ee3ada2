# Shared settings of the workbench scripts; sourced, not run.
# Every value can be overridden from the environment.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${CDM_STATE:-$ROOT/.state}
VENV=$STATE/venv
LINT_VENV=$STATE/lint-venv
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
BASE_MODULES=crm,helpdesk_mgmt,hr
export PGHOST=$PGSOCK PGPORT PGUSER=$PGUSER_ODOO
export PATH="$VENV/bin:$PATH" TZ=UTC ODOO_PRELOAD_ADDONS=no NODE_PATH=/usr/share/nodejs

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
