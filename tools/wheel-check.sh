#!/usr/bin/env bash
# The addon as Odoo sites install OCA addons (make test runs it): build the wheel
# odoo11-addon-customer-dev-maint from setup/customer_dev_maint (setuptools-odoo), install
# it into a new virtualenv beside the Odoo wheels (pip --no-deps, the same pinned
# requirements), and install the module from there into a new database: the checkout is
# not on that server's addons path.
# Cost kept small: the build tools and every wheel the new virtualenv needs are cached
# in .state/wheel-tools and .state/wheels (filled once, then installed offline).
source "$(dirname "$0")/common.sh"
DB=cdm_test_wheel_$$
WORK=$STATE/wheel-check.$$
TOOLS=$STATE/wheel-tools
WHEELS=$STATE/wheels
created=0
cleanup() {
  [ "$created" = 1 ] && { "$ROOT/tools/db.sh" drop "$DB" || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT
# pip, quiet, without the warnings about index folders of this machine that do not exist.
pip_quiet() { "$@" -q --disable-pip-version-check 2> >(grep -v "is ignored: it is neither" >&2); }
start=$SECONDS
"$ROOT/tools/setup.sh"
use_cluster
py=$("$VENV/bin/python" -c 'import sys; print(sys.executable)')
py=$(readlink -f "$py")

# The build tools, in a virtualenv of their own (never the shared one).
if [ ! -x "$TOOLS/bin/python" ] || ! "$TOOLS/bin/python" -c 'import setuptools_odoo, wheel' 2>/dev/null; then
  log "Building the wheel tools in $TOOLS (once)"
  rm -rf "$TOOLS"
  "$py" -m venv "$TOOLS"
  pip_quiet "$TOOLS/bin/pip" install -r "$ROOT/requirements/wheel.txt"
fi
# The wheels of the Odoo server and its Python packages, once per requirements.
want=$(cat "$ROOT"/requirements/odoo.txt "$ROOT"/requirements/python.txt | sha1sum | cut -c1-40)
if [ ! -f "$WHEELS/.requirements.sha" ] || [ "$(cat "$WHEELS/.requirements.sha")" != "$want" ]; then
  log "Caching the wheels of the requirements in $WHEELS (once)"
  rm -rf "$WHEELS"
  mkdir -p "$WHEELS"
  pip_quiet "$TOOLS/bin/pip" wheel -w "$WHEELS" -r "$ROOT/requirements/python.txt"
  pip_quiet "$TOOLS/bin/pip" download --no-deps -d "$WHEELS" -r "$ROOT/requirements/odoo.txt"
  echo "$want" >"$WHEELS/.requirements.sha"
fi

mkdir -p "$WORK"
# The wheel holds what git tracks: build it from a clone of the working tree as it is.
git -C "$ROOT" ls-files -z --cached --others --exclude-standard -- customer_dev_maint setup |
  (cd "$ROOT" && tar --null -T - -cf -) | (mkdir -p "$WORK/src" && cd "$WORK/src" && tar -xf -)
(cd "$WORK/src" && git init -q && git add -A && git -c user.name=build -c user.email=build@localhost \
  commit -q -m build)
(cd "$WORK/src/setup/customer_dev_maint" &&
  "$TOOLS/bin/python" setup.py -q bdist_wheel -d "$WORK/dist" >"$WORK/build.log" 2>&1) ||
  { cat "$WORK/build.log" >&2; die "The wheel did not build (log above)"; }
wheel=$(ls "$WORK"/dist/odoo11_addon_customer_dev_maint-*.whl)
log "Built $(basename "$wheel")"
"$TOOLS/bin/python" - "$wheel" <<'PY' || die "The wheel is incomplete (above)"
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
meta = zipfile.ZipFile(sys.argv[1]).read(
    [n for n in names if n.endswith(".dist-info/METADATA")][0]).decode()
want = ["odoo/addons/customer_dev_maint/__manifest__.py",
        "odoo/addons/customer_dev_maint/views/menus.xml",
        "odoo/addons/customer_dev_maint/security/ir.model.access.csv",
        "odoo/addons/customer_dev_maint/i18n/zh_CN.po"]
missing = [n for n in want if n not in names]
missing += [n for n in ("odoo/__init__.py", "odoo/addons/__init__.py") if n in names and
            print("%s would replace Odoo's own" % n) is None]
for dep in ("odoo11-addon-helpdesk-mgmt", "odoo11-addon-helpdesk-mgmt-rating", "odoo <11.1dev,>=11.0a"):
    if "Requires-Dist: %s\n" % dep not in meta:
        missing.append("Requires-Dist: %s" % dep)
for name in missing:
    print("missing: %s" % name)
sys.exit(1 if missing else 0)
PY

# A new virtualenv: the pinned packages, the Odoo wheels and the addon's wheel, offline.
"$py" -m venv "$WORK/venv"
pip_quiet "$WORK/venv/bin/pip" install --no-index --find-links "$WHEELS" -r "$ROOT/requirements/python.txt"
pip_quiet "$WORK/venv/bin/pip" install --no-index --find-links "$WHEELS" --no-deps -r "$ROOT/requirements/odoo.txt"
pip_quiet "$WORK/venv/bin/pip" install --no-index --no-deps "$wheel"
# Where the new virtualenv has the addon (found, not imported: addons import only in a server).
addons=$("$WORK/venv/bin/python" -c 'import importlib.util, os
spec = importlib.util.find_spec("odoo.addons.customer_dev_maint")
print(os.path.dirname(os.path.dirname(spec.origin)))')
case $addons in "$WORK/venv/"*) ;; *) die "customer_dev_maint is found in $addons, not in the new virtualenv" ;; esac
# Its own configuration: the new virtualenv's addons only, the workbench's cluster.
sed -e "s|^addons_path = .*|addons_path = $addons|" "$ODOO_CONF" >"$WORK/odoo.conf"

created=1
"$ROOT/tools/db.sh" copy "$DB"
log "Installing $MODULE from the wheel in $DB"
"$WORK/venv/bin/python" "$ROOT/tools/odoo-bin" -c "$WORK/odoo.conf" -d "$DB" -i "$MODULE" \
  --without-demo=all --stop-after-init --log-level=warn \
  --log-handler=odoo.modules.graph:CRITICAL >"$WORK/install.log" 2>&1 ||
  { cat "$WORK/install.log" >&2; die "Installing from the wheel failed (log above)"; }
if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$WORK/install.log" >&2; then
  die "Installing from the wheel logged errors (above)"
fi
state=$(psql_db "$DB" -tA -c "SELECT state FROM ir_module_module WHERE name = '$MODULE'")
[ "$state" = installed ] || die "customer_dev_maint is '$state' after installing from the wheel"
log "Wheel check passed in $((SECONDS - start)) s: $(basename "$wheel") installed into $DB from $addons"
