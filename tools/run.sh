#!/usr/bin/env bash
# make run: serve the module with demo data in the foreground.
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
exec "$VENV/bin/python" "$ROOT/tools/odoo-bin" -c "$ODOO_CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" \
  --http-port="$HTTP_PORT" --log-level="${CDM_LOG_LEVEL:-info}"
