#!/usr/bin/env bash
# make test: a throwaway database with the module (no demo data), pytest over tests/,
# then lint. Extra arguments go to pytest (e.g. tools/test.sh -k screening).
source "$(dirname "$0")/common.sh"

pg_was_running=0
[ -f "$PGDATA/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 && pg_was_running=1
CDM_LINT=1 "$ROOT/tools/setup.sh"

DB=${CDM_TEST_DB:-cdm_test_$$}
cleanup() {
  "$ROOT/tools/db.sh" drop "$DB" || true
  [ "$pg_was_running" = 1 ] || "$ROOT/tools/pg.sh" stop || true
}
trap cleanup EXIT

"$ROOT/tools/db.sh" test "$DB"
status=0
# From the repository root: setup.cfg's testpaths (tests/) apply unless paths are given.
(cd "$ROOT" && "$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$DB" "$@") || status=$?
if [ "${CDM_SKIP_LINT:-0}" != 1 ]; then
  "$ROOT/tools/lint.sh" || status=$((status ? status : 1))
fi
exit $status
