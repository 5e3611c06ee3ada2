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
