#!/usr/bin/env bash
# make test: a throwaway database with the module (no demo data), pytest over tests/,
# then (for the whole suite) the workbench self-check, the uninstall cycle, the wheel check
# (tools/wheel-check.sh) and the browser suite (tools/browser.sh), then lint.
# Extra arguments go to pytest (e.g. tools/test.sh -k screening) and run pytest alone.
source "$(dirname "$0")/common.sh"

DB=${CDM_TEST_DB:-cdm_test_$$}
# Tests create their database and drop it after: never one the tests did not create.
is_throwaway_db "$DB" ||
  die "CDM_TEST_DB=$DB: the tests run on a new database they drop afterwards; give a name starting with cdm_test_ (not the demo database or one of yours)."

pg_was_running=0
[ -f "$PGDATA/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 && pg_was_running=1
CDM_LINT=1 "$ROOT/tools/setup.sh"
use_cluster

created=0
cleanup() {
  [ "$created" = 1 ] && { "$ROOT/tools/db.sh" drop "$DB" || true; }
  # Stop the cluster only if this run started it and no other run (make run, a second
  # make test) still uses it.
  if [ "$pg_was_running" = 0 ] && last_cluster_user; then "$ROOT/tools/pg.sh" stop || true; fi
}
trap cleanup EXIT

db_exists "$DB" && die "Database $DB exists: the tests never reuse or drop a database they did not create."
"$ROOT/tools/db.sh" test "$DB"
created=1
status=0
# From the repository root: setup.cfg's testpaths (tests/) apply unless paths are given.
(cd "$ROOT" && "$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$DB" "$@") || status=$?
if [ $# = 0 ]; then
  "$ROOT/tools/selfcheck.sh" "$DB" || status=$((status ? status : 1))
  "$ROOT/tools/uninstall-check.sh" || status=$((status ? status : 1))
  "$ROOT/tools/wheel-check.sh" || status=$((status ? status : 1))
  "$ROOT/tools/browser.sh" || status=$((status ? status : 1))
fi
if [ "${CDM_SKIP_LINT:-0}" != 1 ]; then
  "$ROOT/tools/lint.sh" || status=$((status ? status : 1))
fi
exit $status
