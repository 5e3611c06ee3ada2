#!/usr/bin/env bash
# Databases of the workbench.
#   db.sh template             the cached template: base + crm + helpdesk_mgmt, no demo data
#   db.sh test NAME [--demo [--load-language=zh_CN]]
#                              a new throwaway copy of the template with the module installed
#                              (--demo: with the module's demo data; and a language loaded)
#   db.sh copy NAME            a new throwaway copy of the template, without the module
#                              (tools/wheel-check.sh installs it from the wheel)
#   db.sh demo                 the demo database, created with demo data or brought up to date
#   db.sh drop NAME            drop a throwaway database (cdm_test_*, cdm_i18n_*, cdm_uninstall_*)
source "$(dirname "$0")/common.sh"

# A new database marks auto-install modules whose dependencies are not on disk as
# "to install"; later -i/-u runs then log errors and the cron skips the database.
reset_orphan_auto_installs() {
  psql_db "$1" -c "UPDATE ir_module_module SET state = 'uninstalled' WHERE state = 'to install'"
}

# Test databases trade crash safety for speed, each on its own: a commit does not wait for
# its WAL to reach the disk. The cluster keeps fsync on, so the demo database stays durable.
# (fsync and full_page_writes are cluster-wide settings; synchronous_commit is per database.)
throwaway_settings() {
  psql_db postgres -c "ALTER DATABASE \"$1\" SET synchronous_commit = off"
}

drop_db() {
  "$PGBIN/dropdb" --if-exists "$1"
  rm -rf "$STATE/filestore/filestore/$1"
}

# Databases built under NAME.tmp and renamed when complete: a build that fails or is
# interrupted drops its NAME.tmp (and the next build drops one a killed build left).
BUILDING=
drop_unfinished() { [ -z "$BUILDING" ] || drop_db "$BUILDING" || true; }
trap drop_unfinished EXIT
finish_build() {
  psql_db postgres -c "ALTER DATABASE \"$BUILDING\" RENAME TO \"$1\""
  if [ -d "$STATE/filestore/filestore/$BUILDING" ]; then
    rm -rf "$STATE/filestore/filestore/$1"
    mv "$STATE/filestore/filestore/$BUILDING" "$STATE/filestore/filestore/$1"
  fi
  BUILDING=
}

# The template's name follows the requirements: a new dependency set builds a new one.
template_name() {
  echo "cdm_tmpl_$( (cat "$ROOT"/requirements/odoo.txt; echo "$BASE_MODULES") | sha1sum | cut -c1-10)"
}

ensure_template() {
  local tmpl
  tmpl=$(template_name)
  # Templates built before their filestore was renamed with them.
  if [ -d "$STATE/filestore/filestore/$tmpl.tmp" ] && [ ! -d "$STATE/filestore/filestore/$tmpl" ] &&
     ! db_exists "$tmpl.tmp"; then
    mv "$STATE/filestore/filestore/$tmpl.tmp" "$STATE/filestore/filestore/$tmpl"
  fi
  db_exists "$tmpl" && return 0
  # Two runs at once: one builds, the other waits and then uses what the first built.
  with_lock template
  if db_exists "$tmpl"; then unlock; return 0; fi
  log "Building the template database $tmpl ($BASE_MODULES, no demo data; about a minute, once)"
  BUILDING=$tmpl.tmp
  drop_db "$BUILDING"
  "$PGBIN/createdb" "$BUILDING"
  throwaway_settings "$BUILDING"
  odoo_bin -d "$BUILDING" -i base --without-demo=all --stop-after-init --log-level=warn >&2
  reset_orphan_auto_installs "$BUILDING"
  odoo_bin -d "$BUILDING" -i "$BASE_MODULES" --without-demo=all --stop-after-init --log-level=warn >&2
  reset_orphan_auto_installs "$BUILDING"
  finish_build "$tmpl"
  unlock
}

# db.sh test NAME [--demo]: creates NAME (it must not exist: a database the scripts did not
# create is never replaced) and drops it again if the install fails.
new_test_db() {
  local name=$1 demo=${2:-} tmpl
  local extra=("${@:3}")
  is_throwaway_db "$name" || die "$name is not a throwaway database name (cdm_test_*, cdm_i18n_*, cdm_uninstall_*)"
  ensure_template
  tmpl=$(template_name)
  db_exists "$name" && die "Database $name exists: a test database is always new; drop it with tools/db.sh drop $name"
  BUILDING=$name
  "$PGBIN/createdb" -T "$tmpl" "$name"
  throwaway_settings "$name"
  # The filestore of the template's attachments is shared by copy.
  if [ -d "$STATE/filestore/filestore/$tmpl" ]; then
    rm -rf "$STATE/filestore/filestore/$name"
    cp -r "$STATE/filestore/filestore/$tmpl" "$STATE/filestore/filestore/$name"
  fi
  if [ "$demo" = --no-module ]; then
    :
  elif [ "$demo" = --demo ]; then
    # The template has no demo data; a module flagged "demo" loads its own demo files.
    psql_db "$name" -c "UPDATE ir_module_module SET demo = true WHERE name = '$MODULE'"
    log "Installing $MODULE with its demo data in $name"
    odoo_bin -d "$name" -i "$MODULE" "${extra[@]}" --stop-after-init --log-level=warn
  else
    log "Installing $MODULE in $name"
    odoo_bin -d "$name" -i "$MODULE" --without-demo=all --stop-after-init --log-level=warn
  fi
  BUILDING=
}

case "${1:-}" in
  template) ensure_template ;;
  test) new_test_db "${2:?database name}" "${@:3}" ;;
  copy) new_test_db "${2:?database name}" --no-module ;;
  demo)
    with_lock demo
    if db_exists "$DEMO_DB"; then
      log "Updating $MODULE in $DEMO_DB"
      odoo_bin -d "$DEMO_DB" -u "$MODULE" --load-language=zh_CN --stop-after-init --log-level=warn
    else
      log "Creating the demo database $DEMO_DB with demo data (about two minutes, once)"
      BUILDING=$DEMO_DB.tmp
      drop_db "$BUILDING"
      "$PGBIN/createdb" "$BUILDING"
      odoo_bin -d "$BUILDING" -i base --stop-after-init --log-level=warn
      reset_orphan_auto_installs "$BUILDING"
      odoo_bin -d "$BUILDING" -i "$MODULE" --load-language=zh_CN --stop-after-init --log-level=warn
      reset_orphan_auto_installs "$BUILDING"
      finish_build "$DEMO_DB"
    fi
    ;;
  drop)
    name=${2:?database name}
    is_throwaway_db "$name" || die "Refusing to drop $name: db.sh drops only throwaway databases (cdm_test_*, cdm_i18n_*, cdm_uninstall_*)"
    drop_db "$name"
    ;;
  *) die "usage: db.sh template | test NAME [--demo] | copy NAME | demo | drop NAME" ;;
esac
