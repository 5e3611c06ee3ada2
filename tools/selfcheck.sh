#!/usr/bin/env bash
# Self-checks of the workbench (make test runs them; a few seconds):
#   - make test refuses the demo database, or any name that is not a throwaway test name,
#     and a test database name that already exists, and drops neither;
#   - db.sh drops only throwaway databases;
#   - the cluster is crash-safe (fsync, full_page_writes on), only test databases
#     run with synchronous_commit off;
#   - two runs that need the same build take turns on its lock.
# usage: selfcheck.sh [TEST_DB]   (TEST_DB: a running test database, for its settings)
source "$(dirname "$0")/common.sh"
failures=0
pass() { log "self-check ok: $*"; }
fail() { printf '\033[31m[cdm] self-check FAILED: %s\033[0m\n' "$*" >&2; failures=$((failures + 1)); }
setting() { "$PGBIN/psql" -X -tA -d "$1" -c "SHOW $2"; }
"$ROOT/tools/setup.sh"

# 1. The demo database is never a test database.
out=$(CDM_TEST_DB=$DEMO_DB "$ROOT/tools/test.sh" 2>&1) && fail "CDM_TEST_DB=$DEMO_DB make test ran" ||
  { grep -q "drop afterwards" <<<"$out" && pass "CDM_TEST_DB=$DEMO_DB refused" || fail "CDM_TEST_DB=$DEMO_DB: $out"; }
out=$("$ROOT/tools/db.sh" drop "$DEMO_DB" 2>&1) && fail "db.sh drop $DEMO_DB ran" || pass "db.sh drop $DEMO_DB refused"

# 2. A database of a throwaway name that the tests did not create is neither used nor dropped.
keep=cdm_test_selfcheck_$$
"$PGBIN/createdb" "$keep"
trap '"$PGBIN/dropdb" --if-exists "$keep"' EXIT
out=$(CDM_TEST_DB=$keep CDM_SKIP_LINT=1 "$ROOT/tools/test.sh" 2>&1) && fail "make test ran on existing $keep" || true
if db_exists "$keep" && grep -q "exists" <<<"$out"; then pass "existing $keep refused and kept"
else fail "existing $keep: $out"; fi

# 3. Crash safety of the cluster; speed for test databases only.
[ "$(setting postgres fsync)" = on ] && [ "$(setting postgres full_page_writes)" = on ] &&
  [ "$(setting postgres synchronous_commit)" = on ] &&
  pass "cluster: fsync, full_page_writes, synchronous_commit on" ||
  fail "cluster settings: fsync=$(setting postgres fsync) full_page_writes=$(setting postgres full_page_writes) synchronous_commit=$(setting postgres synchronous_commit)"
if db_exists "$DEMO_DB"; then
  [ "$(setting "$DEMO_DB" synchronous_commit)" = on ] && pass "$DEMO_DB: synchronous_commit on" ||
    fail "$DEMO_DB runs with synchronous_commit $(setting "$DEMO_DB" synchronous_commit)"
fi
if [ -n "${1:-}" ]; then
  [ "$(setting "$1" synchronous_commit)" = off ] && pass "$1: synchronous_commit off" ||
    fail "test database $1 runs with synchronous_commit $(setting "$1" synchronous_commit)"
fi

# 4. Two holders of one lock (as two template builds) run one after the other.
marks=$(mktemp)
for n in 1 2; do
  ( with_lock selfcheck; echo "in $n" >>"$marks"; sleep 0.5; echo "out $n" >>"$marks" ) &
done
wait
if [ "$(awk '{print $1}' "$marks" | tr '\n' ' ')" = "in out in out " ]; then pass "builds take turns on .state/*.lock"
else fail "lock holders overlapped: $(tr '\n' ' ' <"$marks")"; fi
rm -f "$marks" "$STATE/selfcheck.lock"

[ "$failures" = 0 ] || die "$failures workbench self-check(s) failed"
