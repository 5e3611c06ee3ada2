#!/usr/bin/env bash
# make run: serve the module with demo data in the foreground.
# CDM_WORKERS=N (> 0) serves it in Odoo's multi-process mode: N HTTP workers, CDM_CRON_THREADS
# cron workers (1), longpolling on CDM_LONGPOLLING_PORT (the HTTP port + 3); see common.sh.
source "$(dirname "$0")/common.sh"
"$ROOT/tools/setup.sh"
# Held by the server through exec: a make test ending meanwhile leaves the cluster running.
use_cluster
"$ROOT/tools/db.sh" demo
base_url="http://127.0.0.1:$HTTP_PORT"
# Reports are printed by wkhtmltopdf fetching the server at web.base.url.
psql_db "$DEMO_DB" -c "UPDATE ir_config_parameter SET value = '$base_url' WHERE key = 'web.base.url'"
psql_db "$DEMO_DB" -c "INSERT INTO ir_config_parameter (key, value) VALUES ('web.base.url.freeze', 'True')
                       ON CONFLICT (key) DO UPDATE SET value = 'True'"
cat <<MSG

  Customer Relations is served on $base_url  (Ctrl-C stops it)
  Database: $DEMO_DB.   Logins (login = password):
    admin                     administrator
    dev1, dev2                Customer Development (two teams)
    maint1, maint2            Customer Maintenance
    manager                   Customer Relations manager
    auditor                   Compliance auditor

MSG
if [ "$WORKERS" -gt 0 ]; then
  echo "  Multi-process: $WORKERS HTTP workers, $CRON_THREADS cron workers, longpolling on port ${CDM_LONGPOLLING_PORT:-$((HTTP_PORT + 3))}"
  echo
fi
# shellcheck disable=SC2046  # the mode's options, one word each
exec "$VENV/bin/python" "$ROOT/tools/odoo-bin" -c "$ODOO_CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" \
  --http-port="$HTTP_PORT" $(server_mode_args "$HTTP_PORT") --log-level="${CDM_LOG_LEVEL:-info}"
