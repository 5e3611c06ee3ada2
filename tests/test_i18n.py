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
        buffer = io.BytesIO()
        trans_export(False, ["customer_dev_maint"], buffer, "csv", self.env.cr)
        rows = csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8")))
        return {row["src"] for row in rows if row["src"].strip()}

    def _zh_cn_translations(self):
        with open(PO_PATH, "rb") as handle:
            return {source: translation
                    for _type, _name, _res_id, source, translation, _comments in PoFile(handle)}

    def test_every_term_has_a_simplified_chinese_translation(self):
        terms = self._terms_of_the_module()
        self.assertGreater(len(terms), 50, "the export found the module's terms")
        translations = self._zh_cn_translations()
        untranslated = sorted(term for term in terms if not translations.get(term))
        if untranslated:
            self.fail("%d terms lack a zh_CN translation (run tools/i18n.sh, then translate "
                      "customer_dev_maint/i18n/zh_CN.po), e.g.: %s"
                      % (len(untranslated), untranslated[:10]))
