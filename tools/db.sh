#!/usr/bin/env bash
# Databases of the workbench.
#   db.sh template        the cached template: base + crm + helpdesk_mgmt, no demo data
#   db.sh test NAME       a throwaway copy of the template with the module installed
#   db.sh demo            the demo database, created with demo data or brought up to date
#   db.sh drop NAME
source "$(dirname "$0")/common.sh"

# A new database marks auto-install modules whose dependencies are not on disk as
# "to install"; later -i/-u runs then log errors and the cron skips the database.
reset_orphan_auto_installs() {
  psql_db "$1" -c "UPDATE ir_module_module SET state = 'uninstalled' WHERE state = 'to install'"
}

# The template's name follows the requirements: a new dependency set builds a new one.
template_name() {
  echo "cdm_tmpl_$( (cat "$ROOT"/requirements/odoo.txt; echo "$BASE_MODULES") | sha1sum | cut -c1-10)"
}

ensure_template() {
  local tmpl
  tmpl=$(template_name)
  if db_exists "$tmpl"; then echo "$tmpl"; return 0; fi
  log "Building the template database $tmpl ($BASE_MODULES, no demo data; about a minute, once)"
  "$PGBIN/dropdb" --if-exists "$tmpl.tmp"
  "$PGBIN/createdb" "$tmpl.tmp"
  odoo_bin -d "$tmpl.tmp" -i base --without-demo=all --stop-after-init --log-level=warn >&2
  reset_orphan_auto_installs "$tmpl.tmp"
  odoo_bin -d "$tmpl.tmp" -i "$BASE_MODULES" --without-demo=all --stop-after-init --log-level=warn >&2
  reset_orphan_auto_installs "$tmpl.tmp"
  psql_db postgres -c "ALTER DATABASE \"$tmpl.tmp\" RENAME TO \"$tmpl\""
  echo "$tmpl"
}

case "${1:-}" in
  template) ensure_template >/dev/null ;;
  test)
    name=${2:?database name}
    tmpl=$(ensure_template)
    "$PGBIN/dropdb" --if-exists "$name"
    "$PGBIN/createdb" -T "$tmpl" "$name"
    # The filestore of the template's attachments is shared by copy.
    if [ -d "$STATE/filestore/filestore/$tmpl" ]; then
      rm -rf "$STATE/filestore/filestore/$name"
      cp -r "$STATE/filestore/filestore/$tmpl" "$STATE/filestore/filestore/$name"
    fi
    log "Installing $MODULE in $name"
    odoo_bin -d "$name" -i "$MODULE" --without-demo=all --stop-after-init --log-level=warn
    ;;
  demo)
    if db_exists "$DEMO_DB"; then
      log "Updating $MODULE in $DEMO_DB"
      odoo_bin -d "$DEMO_DB" -u "$MODULE" --load-language=zh_CN --stop-after-init --log-level=warn
    else
      log "Creating the demo database $DEMO_DB with demo data (about two minutes, once)"
      "$PGBIN/createdb" "$DEMO_DB.tmp"
      odoo_bin -d "$DEMO_DB.tmp" -i base --stop-after-init --log-level=warn
      reset_orphan_auto_installs "$DEMO_DB.tmp"
      odoo_bin -d "$DEMO_DB.tmp" -i "$MODULE" --load-language=zh_CN --stop-after-init --log-level=warn
      reset_orphan_auto_installs "$DEMO_DB.tmp"
      psql_db postgres -c "ALTER DATABASE \"$DEMO_DB.tmp\" RENAME TO \"$DEMO_DB\""
      if [ -d "$STATE/filestore/filestore/$DEMO_DB.tmp" ]; then
        mv "$STATE/filestore/filestore/$DEMO_DB.tmp" "$STATE/filestore/filestore/$DEMO_DB"
      fi
    fi
    ;;
  drop)
    name=${2:?database name}
    "$PGBIN/dropdb" --if-exists "$name"
    rm -rf "$STATE/filestore/filestore/$name"
    ;;
  *) die "usage: db.sh template | test NAME | demo | drop NAME" ;;
esac
