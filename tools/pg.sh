#!/usr/bin/env bash
# The private PostgreSQL cluster: pg.sh start | stop | status
source "$(dirname "$0")/common.sh"

case "${1:-status}" in
  start)
    [ -f "$PGDATA/PG_VERSION" ] || die "No cluster in $PGDATA: run 'make setup' first."
    with_lock pg  # two runs starting the cluster at once: one starts it, the other sees it
    if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      log "Starting PostgreSQL on socket $PGSOCK, port $PGPORT"
      without_locks as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 start >/dev/null
    fi
    # Odoo refuses to connect as postgres: a dedicated role that may create databases.
    as_pg "$PGBIN/psql" -X -q -d postgres -U postgres -tAc \
      "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_ODOO'" | grep -q 1 ||
      as_pg "$PGBIN/psql" -X -q -d postgres -U postgres -c "CREATE ROLE \"$PGUSER_ODOO\" LOGIN CREATEDB"
    ;;
  stop)
    if [ -f "$PGDATA/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      log "Stopping PostgreSQL"
      as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    fi
    ;;
  status)
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status ;;
  *) die "usage: pg.sh start|stop|status" ;;
esac
