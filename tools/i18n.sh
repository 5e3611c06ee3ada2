#!/usr/bin/env bash
# Regenerates the translation template (i18n/customer_dev_maint.pot) from the code and
# merges it into every i18n/<lang>.po, keeping existing translations.
source "$(dirname "$0")/common.sh"
CDM_LINT=1 "$ROOT/tools/setup.sh"
DB=cdm_i18n_$$
"$ROOT/tools/db.sh" test "$DB"
trap '"$ROOT/tools/db.sh" drop "$DB"' EXIT
I18N=$ROOT/$MODULE/i18n
mkdir -p "$I18N"
# Odoo 11 writes a template when no language is given, but only to a .po file name.
odoo_bin -d "$DB" --i18n-export="$I18N/$MODULE.po" --modules="$MODULE" --stop-after-init --log-level=warn
mv "$I18N/$MODULE.po" "$I18N/$MODULE.pot"
[ -e "$I18N/zh_CN.po" ] || msginit --no-translator --no-wrap --locale=zh_CN.UTF-8 \
  --input="$I18N/$MODULE.pot" --output-file="$I18N/zh_CN.po"
for po in "$I18N"/*.po; do
  [ -e "$po" ] || continue
  msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-wrap "$po" "$I18N/$MODULE.pot"
  log "$(basename "$po"): $(msgattrib --untranslated "$po" | grep -c '^msgid ' || true) untranslated entries (header counts as one)"
done
# The layout the po checks of lint expect.
"$LINT_VENV/bin/oca-checks-po" --no-verbose --fix --disable=po-duplicate-model-definition \
  "$I18N"/*.po "$I18N/$MODULE.pot" >/dev/null || true
