#!/usr/bin/env bash
# Installs what the workbench needs, idempotently: Debian packages, the Python 3.7
# virtualenv with Odoo 11.0, the lint, browser-suite and load-test virtualenvs (current Python), the private PostgreSQL cluster and the Odoo config file.
source "$(dirname "$0")/common.sh"

APT_PACKAGES=(postgresql node-less fontconfig libxrender1 libxext6 fonts-noto-cjk fonts-wqy-microhei poppler-utils gettext chromium)

install_debian_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    die "Missing Debian packages. Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
  log "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# PATH without the venv's bin directory, however often it was put in front.
path_without_venv() {
  local d out=
  local IFS=:
  for d in $PATH; do [ "$d" = "$VENV/bin" ] || out=${out:+$out:}$d; done
  echo "$out"
}

find_python37() {
  local c p
  for c in "${CDM_PYTHON:-}" python3.7 "$HOME/.pyenv/versions/3.7"*/bin/python3.7 \
           /root/.pyenv/versions/3.7*/bin/python3.7 /usr/bin/python3.7 /usr/local/bin/python3.7; do
    [ -n "$c" ] || continue
    # Never the venv's own interpreter: a rebuild removes it first.
    p=$(PATH=$(path_without_venv) command -v "$c" 2>/dev/null) || continue
    if "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 7))' 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    c=$(pyenv prefix 3.7 2>/dev/null || true)
    [ -n "$c" ] && [ -x "$c/bin/python3.7" ] && { echo "$c/bin/python3.7"; return 0; }
  fi
  return 1
}

# pip, quiet, without the warnings about index folders of this machine that do not exist.
pip_quiet() { "$@" -q --disable-pip-version-check 2> >(grep -v "is ignored: it is neither" >&2); }

install_venv() {
  local stamp=$VENV/.requirements.sha
  local want
  want=$(cat "$ROOT"/requirements/odoo.txt "$ROOT"/requirements/python.txt | sha1sum | cut -c1-40)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  local py
  py=$(find_python37) || die "Python 3.7 not found (Odoo 11 needs it; 3.8+ breaks QWeb). Install it with pyenv: 'pyenv install 3.7' (or set CDM_PYTHON=/path/to/python3.7)."
  log "Building the Python 3.7 virtualenv in $VENV (about a minute)"
  rm -rf "$VENV"
  "$py" -m venv "$VENV"
  # vatnumber and suds-jurko build only with setuptools < 58: keep the venv's own setuptools.
  pip_quiet "$VENV/bin/pip" install -r "$ROOT/requirements/python.txt"
  pip_quiet "$VENV/bin/pip" install --no-deps -r "$ROOT/requirements/odoo.txt"
  # The patched-Qt wkhtmltopdf, on the venv's PATH under its usual name.
  chmod +x "$VENV/bin/wkhtmltopdf-pack"
  ln -sf wkhtmltopdf-pack "$VENV/bin/wkhtmltopdf"
  echo "$want" >"$stamp"
}

# A current Python for lint, not the 3.7 runtime of the venv.
find_lint_python() {
  local c p
  for c in "${CDM_LINT_PYTHON:-}" python3.13 python3.12 python3.11 python3.10 python3.9 python3 \
           "$HOME"/.pyenv/versions/3.1[0-9]*/bin/python3; do
    [ -n "$c" ] || continue
    p=$(PATH=$(path_without_venv) command -v "$c" 2>/dev/null) || continue
    "$p" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null && { echo "$p"; return 0; }
  done
  return 1
}

install_lint_venv() {
  local stamp=$LINT_VENV/.requirements.sha want py
  want=$(sha1sum <"$ROOT/requirements/lint.txt" | cut -c1-40)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  py=$(find_lint_python) || die "Lint needs a Python 3.9 or newer (python3.11, python3.12...) on PATH."
  log "Building the lint virtualenv in $LINT_VENV"
  rm -rf "$LINT_VENV"
  "$py" -m venv "$LINT_VENV"
  pip_quiet "$LINT_VENV/bin/pip" install -r "$ROOT/requirements/lint.txt"
  echo "$want" >"$stamp"
}

# The browser suite's virtualenv (Playwright, pytest) on the same current Python as lint.
install_browser_venv() {
  local stamp=$BROWSER_VENV/.requirements.sha want py
  want=$(sha1sum <"$ROOT/requirements/browser.txt" | cut -c1-40)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  py=$(find_lint_python) || die "The browser suite needs a Python 3.9 or newer (python3.11, python3.12...) on PATH."
  log "Building the browser-suite virtualenv in $BROWSER_VENV"
  rm -rf "$BROWSER_VENV"
  "$py" -m venv "$BROWSER_VENV"
  pip_quiet "$BROWSER_VENV/bin/pip" install -r "$ROOT/requirements/browser.txt"
  echo "$want" >"$stamp"
}

# The load test's virtualenv (Locust) on the same current Python as lint.
LOAD_VENV=$STATE/load-venv
install_load_venv() {
  local stamp=$LOAD_VENV/.requirements.sha want py
  want=$(sha1sum <"$ROOT/requirements/load.txt" | cut -c1-40)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  py=$(find_lint_python) || die "The load test needs a Python 3.9 or newer (python3.11, python3.12...) on PATH."
  log "Building the load-test virtualenv in $LOAD_VENV"
  rm -rf "$LOAD_VENV"
  "$py" -m venv "$LOAD_VENV"
  pip_quiet "$LOAD_VENV/bin/pip" install -r "$ROOT/requirements/load.txt"
  echo "$want" >"$stamp"
}

init_cluster() {
  mkdir -p "$STATE/pg"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    log "Creating the private PostgreSQL cluster in $PGDATA (port $PGPORT)"
    mkdir -p "$PGDATA" "$PGSOCK"
    if [ "$(id -u)" = 0 ]; then
      chown -R postgres: "$STATE/pg"
      runuser -u postgres -- test -x "$STATE/pg" ||
        die "The postgres OS user cannot reach $STATE/pg; set CDM_STATE to a folder it can reach."
    fi
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = ''
port = $PGPORT
unix_socket_directories = '$PGSOCK'
CONF
  fi
  durable_cluster
}

# The cluster holds the demo database, where people type: fsync and full-page writes stay
# on (they are cluster-wide). Tests get their speed per database instead (db.sh sets
# synchronous_commit = off on each test database, which risks no corruption). Clusters
# created with fsync = off are switched back here.
durable_cluster() {
  local conf=$PGDATA/postgresql.conf
  grep -Eq '^(fsync|synchronous_commit|full_page_writes) = off$' "$conf" || return 0
  log "Turning fsync and full_page_writes back on in $conf (crash safety of the demo database)"
  as_pg sed -i -E '/^(fsync|synchronous_commit|full_page_writes) = off$/d' "$conf"
  if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" reload >/dev/null
  fi
  # What was written while fsync was off reaches the disk now.
  sync
}

write_config() {
  local addons
  addons=$("$VENV/bin/python" -c 'import odoo.addons, os; print(os.path.dirname(odoo.addons.__file__))' 2>/dev/null) ||
    addons=$(echo "$VENV"/lib/python3.7/site-packages/odoo/addons)
  mkdir -p "$STATE/filestore"
  cat >"$ODOO_CONF" <<CONF
[options]
addons_path = $addons,$ROOT
data_dir = $STATE/filestore
db_host = $PGSOCK
db_port = $PGPORT
db_user = $PGUSER_ODOO
db_password = False
admin_passwd = admin
http_interface = 127.0.0.1
http_port = $HTTP_PORT
list_db = True
without_demo = False
max_cron_threads = 1
logfile = False
CONF
}

# Two runs at once (make run and make test) take turns here.
with_lock setup
install_debian_packages
install_venv
[ "${CDM_LINT:-0}" = 1 ] && install_lint_venv
[ "${CDM_BROWSER:-0}" = 1 ] && install_browser_venv
[ "${CDM_LOAD:-0}" = 1 ] && install_load_venv
init_cluster
write_config
"$ROOT/tools/pg.sh" start
