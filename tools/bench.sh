#!/usr/bin/env bash
# make bench: the module against stock Odoo and SQL on generated data of a mid-size company.
#   Builds (or reuses) two databases on the workbench cluster with the same data
#   (benchmarks/generate.py): cdm_bench_stock (crm + helpdesk_mgmt, no module) and
#   cdm_bench_module (the module installed, then the same data and the module's own); the
#   install on existing data is timed on a copy of cdm_bench_stock (stopped after
#   CDM_BENCH_INSTALL_LIMIT seconds, 600) that is dropped after;
#   then runs benchmarks/bench.py, prints the table and writes docs/benchmarks.md.
#   They are rebuilt when the generator, the module's version, the scale or the template change.
# Settings: CDM_BENCH_SCALE (1), CDM_BENCH_SEED (20), CDM_BENCH_REPEAT (5), CDM_BENCH_MASS
# (1000 leads in the mass write), CDM_BENCH_OUT (docs/benchmarks.md), CDM_BENCH_INSTALL_LIMIT;
# extra arguments go to bench.py
# (e.g. --only lead_create,sla_job --profile).
source "$(dirname "$0")/common.sh"

SCALE=${CDM_BENCH_SCALE:-1}
SEED=${CDM_BENCH_SEED:-20}
REPEAT=${CDM_BENCH_REPEAT:-5}
MASS=${CDM_BENCH_MASS:-1000}
OUT=${CDM_BENCH_OUT:-$ROOT/docs/benchmarks.md}
INSTALL_LIMIT=${CDM_BENCH_INSTALL_LIMIT:-600}
STOCK_DB=cdm_bench_stock
MODULE_DB=cdm_bench_module
INSTALL_DB=cdm_bench_install
META=$STATE/bench/build.json

"$ROOT/tools/setup.sh"
use_cluster
"$ROOT/tools/db.sh" template
# The template's name, as tools/db.sh names it.
TEMPLATE="cdm_tmpl_$( (cat "$ROOT"/requirements/odoo.txt; echo "$BASE_MODULES") | sha1sum | cut -c1-10)"

version=$(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' "$ROOT/$MODULE/__manifest__.py")
KEY=$( (cat "$ROOT/benchmarks/generate.py"; echo "$version $SCALE $SEED $TEMPLATE") | sha1sum | cut -c1-12)

# Only the benchmark's own databases are ever dropped here.
drop_bench_db() {
  case $1 in cdm_bench_stock|cdm_bench_module|cdm_bench_install|cdm_bench_stock.tmp|cdm_bench_module.tmp) ;;
    *) die "Refusing to drop $1" ;; esac
  "$PGBIN/dropdb" --if-exists --force "$1"
  rm -rf "$STATE/filestore/filestore/$1"
}
BUILDING=
trap '[ -z "$BUILDING" ] || drop_bench_db "$BUILDING" || true' EXIT
copy_db() {  # copy_db FROM TO: the database and its filestore
  "$PGBIN/createdb" -T "$1" "$2"
  psql_db postgres -c "ALTER DATABASE \"$2\" SET synchronous_commit = off"
  rm -rf "$STATE/filestore/filestore/$2"
  if [ -d "$STATE/filestore/filestore/$1" ]; then
    cp -r "$STATE/filestore/filestore/$1" "$STATE/filestore/filestore/$2"
  fi
}
rename_db() {
  psql_db postgres -c "ALTER DATABASE \"$1\" RENAME TO \"$2\""
  rm -rf "$STATE/filestore/filestore/$2"
  if [ -d "$STATE/filestore/filestore/$1" ]; then
    mv "$STATE/filestore/filestore/$1" "$STATE/filestore/filestore/$2"
  fi
}
seconds_since() { echo "$(( $(date +%s) - $1 ))"; }
generate() {
  "$VENV/bin/python" "$ROOT/benchmarks/generate.py" -c "$ODOO_CONF" -d "$1" --part "$2" \
    --scale "$SCALE" --seed "$SEED"
}

built_key=$(sed -n 's/.*"key": "\([^"]*\)".*/\1/p' "$META" 2>/dev/null || true)
if db_exists "$STOCK_DB" && db_exists "$MODULE_DB" && [ "$built_key" = "$KEY" ]; then
  log "Reusing $STOCK_DB and $MODULE_DB (scale $SCALE)"
else
  log "Building $STOCK_DB and $MODULE_DB at scale $SCALE (seed $SEED)"
  with_lock bench
  mkdir -p "$STATE/bench"
  rm -f "$META"
  for db in "$STOCK_DB" "$MODULE_DB" "$INSTALL_DB" "$STOCK_DB.tmp" "$MODULE_DB.tmp"; do
    drop_bench_db "$db"
  done

  BUILDING=$STOCK_DB.tmp
  copy_db "$TEMPLATE" "$BUILDING"
  start=$(date +%s)
  generate "$BUILDING" base
  generate_base=$(seconds_since "$start")
  rename_db "$BUILDING" "$STOCK_DB"

  # The module database: the module installed on the template, then the same base data and
  # the module's own (its stored fields set by SQL, as the generator documents).
  BUILDING=$MODULE_DB.tmp
  copy_db "$TEMPLATE" "$BUILDING"
  odoo_bin -d "$BUILDING" -i "$MODULE" --without-demo=all --stop-after-init --log-level=warn
  psql_db "$BUILDING" -c "UPDATE ir_module_module SET state = 'uninstalled' WHERE state = 'to install'"
  start=$(date +%s)
  generate "$BUILDING" base
  generate "$BUILDING" module
  generate_module=$(seconds_since "$start")
  log "Updating $MODULE (-u) in the module database"
  start=$(date +%s)
  odoo_bin -d "$BUILDING" -u "$MODULE" --stop-after-init --log-level=warn
  update=$(seconds_since "$start")
  rename_db "$BUILDING" "$MODULE_DB"

  # Installing the module where the data already is: on a copy of the stock database,
  # stopped after CDM_BENCH_INSTALL_LIMIT seconds, then dropped.
  BUILDING=$INSTALL_DB
  copy_db "$STOCK_DB" "$BUILDING"
  log "Installing $MODULE on a copy of $STOCK_DB (stopped after ${INSTALL_LIMIT} s)"
  start=$(date +%s)
  install_status=0
  timeout "$INSTALL_LIMIT" "$VENV/bin/python" "$ROOT/tools/odoo-bin" -c "$ODOO_CONF" \
    --log-handler=odoo.modules.graph:CRITICAL -d "$BUILDING" -i "$MODULE" --without-demo=all \
    --stop-after-init --log-level=warn 2>"$STATE/bench/install.log" || install_status=$?
  install="$(seconds_since "$start") s"
  case $install_status in
    0) ;;
    124) install="> $INSTALL_LIMIT s (stopped)" ;;
    *) install="failed after $install (status $install_status)" ;;
  esac
  drop_bench_db "$BUILDING"
  BUILDING=
  printf '{"key": "%s", "scale": "%s", "seed": "%s", "install": "%s", "update": "%s s", "generate_base": "%s s", "generate_module": "%s s"}\n' \
    "$KEY" "$SCALE" "$SEED" "$install" "$update" "$generate_base" "$generate_module" > "$META"
  unlock
fi

"$VENV/bin/python" "$ROOT/benchmarks/bench.py" -c "$ODOO_CONF" --stock-db "$STOCK_DB" \
  --module-db "$MODULE_DB" --scale "$SCALE" --repeat "$REPEAT" --mass "$MASS" --meta "$META" \
  --out "$OUT" "$@"
log "Written to ${OUT#$ROOT/}"
