"""P2: every term the module adds has a Simplified Chinese translation."""
import csv
import io
import os

from odoo.tests.common import TransactionCase
from odoo.tools.translate import PoFile, trans_export

PO_PATH = os.path.join(os.path.dirname(__file__), os.pardir,
                       "customer_dev_maint", "i18n", "zh_CN.po")


class TestTranslations(TransactionCase):

    def _terms_of_the_module(self):
        """What Odoo exports for the module: one row per term and place."""
        buffer = io.BytesIO()
        trans_export(False, ["customer_dev_maint"], buffer, "csv", self.env.cr)
        rows = csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8")))
        return [row for row in rows if row["src"].strip()]

    def _zh_cn_entries(self):
        with open(PO_PATH, "rb") as handle:
            return [entry for entry in PoFile(handle) if entry[4]]

    def test_every_term_has_a_simplified_chinese_translation(self):
        terms = self._terms_of_the_module()
        self.assertGreater(len(terms), 50, "the export found the module's terms")
        entries = self._zh_cn_entries()
        translated_sources = {source for _type, _name, _res_id, source, _value, _c in entries}
        # Record terms (menus, fields, views...) are translated per record: the
        # same English on a new menu needs its own entry.
        translated_records = {(kind, name, res_id, source)
                              for kind, name, res_id, source, _value, _c in entries}
        untranslated = sorted({
            "%s [%s]" % (row["src"], row["res_id"]) if row["type"] == "model" else row["src"]
            for row in terms
            if (row["type"], row["name"], row["res_id"], row["src"]) not in translated_records
            and (row["type"] == "model" or row["src"] not in translated_sources)})
        if untranslated:
            self.fail("%d terms lack a zh_CN translation (run tools/i18n.sh, then translate "
                      "customer_dev_maint/i18n/zh_CN.po), e.g.: %s"
                      % (len(untranslated), untranslated[:10]))

    def test_field_xml_ids_are_the_same_in_every_database(self):
        """Odoo names a field's record field_<model>_<field>; when two fields
        share that name (model a.b field c_d and model a.b.c field d) the
        second gets its database id as suffix, and its translated label then
        loads only in databases where the id happens to match. Only the
        ``id`` columns, which carry no label of ours, may take the suffix."""
        self.env.cr.execute("""
            SELECT d.name, f.model, f.name FROM ir_model_data d
              JOIN ir_model_fields f ON f.id = d.res_id
             WHERE d.model = 'ir.model.fields' AND d.module = 'customer_dev_maint'
               AND d.name ~ ('_' || f.id || '$') AND f.name != 'id'""")
        clashes = ["%s.%s (%s)" % (model, field, name) for name, model, field in self.env.cr.fetchall()]
        self.assertFalse(clashes, "rename these fields: their xml ids clash with another field's")
