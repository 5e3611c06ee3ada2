#!/usr/bin/env bash
# Lint: ruff, pylint-odoo's checks for 11.0, XML and CSV well-formedness.
source "$(dirname "$0")/common.sh"
CDM_LINT=1 "$ROOT/tools/setup.sh" >/dev/null
cd "$ROOT"
status=0
log "ruff"
"$LINT_VENV/bin/ruff" check --quiet . || status=1
log "pylint-odoo"
"$LINT_VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$MODULE" || status=1
log "oca-checks-odoo-module (XML ids, records, manifest) and oca-checks-po"
"$LINT_VENV/bin/oca-checks-odoo-module" "$MODULE" || status=1
# Odoo 11 exports one entry per view term and record: duplicates are its format.
"$LINT_VENV/bin/oca-checks-po" --disable=po-duplicate-model-definition \
  "$MODULE"/i18n/*.po "$MODULE"/i18n/*.pot || status=1
log "XML and CSV well-formedness"
"$LINT_VENV/bin/python" - "$MODULE" <<'PY' || status=1
import csv, pathlib, sys
import xml.etree.ElementTree as ET
bad = 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*")):
    if path.suffix == ".xml":
        try:
            ET.parse(path)
        except ET.ParseError as err:
            print("%s: %s" % (path, err)); bad += 1
    elif path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        width = len(rows[0]) if rows else 0
        for number, row in enumerate(rows, 1):
            if len(row) != width:
                print("%s:%d: %d columns, header has %d" % (path, number, len(row), width)); bad += 1
sys.exit(1 if bad else 0)
PY
[ $status = 0 ] && log "lint passed" || log "lint FAILED"
exit $status
