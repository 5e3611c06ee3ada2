#!/usr/bin/env bash
# The module's uninstall cycle on its own throwaway database (make test runs it):
# install with demo data, uninstall as the Apps screen does, check that crm, helpdesk,
# partners and their chatter are intact and nothing of the module is left, reinstall.
# tools/uninstall_check.py says what each step checks.
source "$(dirname "$0")/common.sh"
DB=cdm_uninstall_$$
FACTS=$STATE/$DB.facts.json
LOG=$STATE/$DB.log
created=0
cleanup() {
  if [ "$created" = 1 ] && [ "${CDM_KEEP_DB:-0}" != 1 ]; then "$ROOT/tools/db.sh" drop "$DB"; fi
  [ "${CDM_KEEP_DB:-0}" = 1 ] || rm -f "$FACTS"
}
trap cleanup EXIT
start=$SECONDS
"$ROOT/tools/setup.sh"
use_cluster
"$ROOT/tools/db.sh" test "$DB" --demo
created=1
for step in prepare uninstall verify reinstall reinstalled; do
  if ! "$VENV/bin/python" "$ROOT/tools/uninstall_check.py" -c "$ODOO_CONF" -d "$DB" --facts "$FACTS" "$step" \
      >"$LOG" 2>&1; then
    cat "$LOG" >&2
    die "Uninstall check failed in step $step (log above)"
  fi
  # Odoo logs what it could not delete and goes on: any error in the log is a failure.
  if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG" >&2; then
    die "Uninstall check: errors logged in step $step (above; full log: $LOG)"
  fi
  grep -v "security risk" "$LOG" | sed 's/^/  /' >&2
done
rm -f "$LOG"
log "Uninstall cycle passed in $((SECONDS - start)) s"
