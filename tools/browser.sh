#!/usr/bin/env bash
# The browser suite (tests/browser): a throwaway database with the demo data and Simplified
# Chinese, one Odoo server on a free local port, Chromium driven by Playwright walking each
# role's day in English and in 简体中文. make test runs it after pytest; make screenshots runs
# it with --screenshots, which also writes docs/img/*.png from the walk.
#   tools/browser.sh [--screenshots] [pytest arguments, e.g. -k manager]
source "$(dirname "$0")/common.sh"

screenshots=
if [ "${1:-}" = --screenshots ]; then screenshots=$ROOT/docs/img; shift; fi

DB=cdm_test_browser_$$
is_throwaway_db "$DB" || die "$DB is not a throwaway database name"
LOG=$STATE/$DB.server.log
start=$SECONDS

CDM_BROWSER=1 "$ROOT/tools/setup.sh"
[ -x "$CHROMIUM" ] || die "Chromium not found at $CHROMIUM (make setup installs Debian's chromium)."
use_cluster

created=0
server=
status=
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    # Odoo stops its HTTP server and cron threads on SIGTERM; a second one forces it.
    for _ in $(seq 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ "$created" = 1 ] && [ "${CDM_KEEP_DB:-0}" != 1 ]; then "$ROOT/tools/db.sh" drop "$DB" || true; fi
  rm -f "$LOG.wait"
  if [ "${status:-1}" = 0 ]; then rm -f "$LOG"; elif [ -f "$LOG" ]; then log "The server's log: $LOG"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db_exists "$DB" && die "Database $DB exists: the browser suite never reuses a database."
created=1
"$ROOT/tools/db.sh" test "$DB" --demo --load-language=zh_CN
built=$SECONDS

# A free port on 127.0.0.1, chosen by the kernel.
port=$("$BROWSER_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base_url="http://127.0.0.1:$port"
# Reports are printed by wkhtmltopdf fetching the server at web.base.url.
psql_db "$DB" -c "UPDATE ir_config_parameter SET value = '$base_url' WHERE key = 'web.base.url'"
psql_db "$DB" -c "INSERT INTO ir_config_parameter (key, value) VALUES ('web.base.url.freeze', 'True')
                  ON CONFLICT (key) DO UPDATE SET value = 'True'"

log "Starting Odoo on $base_url (database $DB)"
# The server replaces the background subshell (so that $! is its pid) without the lock files'
# descriptors.
serve() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
  exec "$VENV/bin/python" "$ROOT/tools/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
    --http-interface=127.0.0.1 --http-port="$port" --max-cron-threads=0 \
    --log-handler=odoo.modules.graph:CRITICAL --log-level=warn
}
serve >"$LOG" 2>&1 &
server=$!
# The first request waits for the registry: each try may take a while on a busy machine.
answers() {
  "$BROWSER_VENV/bin/python" - "$base_url/web/login" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=60)
except Exception as error:
    print("  /web/login: %s" % error, file=sys.stderr)
    sys.exit(1)
PY
}
deadline=$((SECONDS + 180))
until answers 2>>"$LOG.wait"; do
  kill -0 "$server" 2>/dev/null || { cat "$LOG" "$LOG.wait" >&2; die "The Odoo server stopped while starting (log above)."; }
  [ $SECONDS -lt $deadline ] || { cat "$LOG" "$LOG.wait" >&2; die "No answer from $base_url/web/login after 180 s."; }
  sleep 1
done
rm -f "$LOG.wait"
ready=$SECONDS

status=0
(cd "$ROOT" && CDM_BROWSER_URL=$base_url CDM_BROWSER_DB=$DB CDM_CHROMIUM=$CHROMIUM \
   CDM_SCREENSHOTS=$screenshots \
   "$BROWSER_VENV/bin/pytest" -c "$ROOT/tests/browser/pytest.ini" --rootdir="$ROOT/tests/browser" \
   "$ROOT/tests/browser" "$@") || status=$?

# A traceback in the server log is an error the screens may not have shown.
if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG" >&2; then
  log "Errors in the server log during the browser suite (above)"
  status=$((status ? status : 1))
fi
log "Browser suite: database built in $((built - start)) s, server ready in $((ready - built)) s, walk $((SECONDS - ready)) s, $((SECONDS - start)) s in all"
exit $status
