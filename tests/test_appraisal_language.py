"""P2: appraisals read in the reader's language. The KPI and grade names an appraisal keeps
from its computation are shown translated on the form, the ranking, the lists, the
spreadsheet and the PDF; the PDF prints Chinese in the Simplified Chinese face and is named
in the reader's language."""
import subprocess
import tempfile
from unittest.mock import patch

import xlrd

from odoo.tools import config
from odoo.tools.safe_eval import safe_eval
from odoo.tools.translate import trans_load

from .appraisal_run_common import AppraisalRunCase
from .maintenance_common import ZH_CN_PO
from .test_appraisal_report import pdf_text


class TestAppraisalInTheReadersLanguage(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_zh_CN").write({"active": True, "date_format": "%Y年%m月%d日"})
        trans_load(cls.env.cr, ZH_CN_PO, "zh_CN", verbose=False, module_name="customer_dev_maint")
        cls.won_deal(cls.company("Alpha Co."), cls.dev1, "2026-02-10", contract_amount=30000)
        cls.arun = cls.make_run(cls.emp_dev1 | cls.emp_maint1)

    def in_lang(self, records, user, lang):
        return records.sudo(user).with_context(lang=lang)

    def test_kpi_and_grade_names_are_shown_in_the_readers_language(self):
        self.compute(self.arun)
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        line = self.line_of(appraisal, "customers_acquired")
        self.assertEqual(line.name, "Customers Acquired", "the stored copy is unchanged")
        chinese = self.in_lang(appraisal, self.manager, "zh_CN")
        self.assertEqual(self.line_of(chinese, "customers_acquired").kpi_label, "新增客户数")
        self.assertEqual(chinese.grade_label,
                         appraisal.grade_id.with_context(lang="zh_CN").name)
        self.assertNotEqual(chinese.grade_label, appraisal.grade_title)
        english = self.in_lang(appraisal, self.manager, "en_US")
        self.assertEqual(self.line_of(english, "customers_acquired").kpi_label, "Customers Acquired")
        self.assertEqual(english.grade_label, appraisal.grade_title)
        recognition_field = self.env["cdm.appraisal.recognition"]._fields["grade_label"]
        self.assertEqual(recognition_field.related, ("appraisal_id", "grade_label"))

    def test_a_run_computed_by_a_chinese_reader_reads_in_english_for_an_english_reader(self):
        self.manager.lang = "zh_CN"
        self.arun.sudo(self.manager).with_context(lang="zh_CN").action_compute()
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        self.assertEqual(self.line_of(appraisal, "customers_acquired").name, "Customers Acquired",
                         "the copy is the KPI's own name, whoever computed it")
        english = self.in_lang(appraisal, self.dev1, "en_US")
        self.assertEqual(self.line_of(english, "customers_acquired").kpi_label, "Customers Acquired")
        self.assertEqual(english.grade_label, appraisal.grade_id.with_context(lang="en_US").name)

    def test_copies_made_in_chinese_before_are_shown_in_the_readers_language(self):
        self.compute(self.arun)
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        line = self.line_of(appraisal, "customers_acquired")
        # Appraisals computed before the copies were kept in the KPI's own language.
        self.env.cr.execute("UPDATE cdm_appraisal_line SET name = %s WHERE id = %s",
                            ("新增客户数", line.id))
        line.invalidate_cache()
        english = self.in_lang(appraisal, self.manager, "en_US")
        self.assertEqual(self.line_of(english, "customers_acquired").kpi_label, "Customers Acquired")

    def test_a_renamed_kpi_keeps_the_name_the_appraisal_was_computed_with(self):
        self.compute(self.arun)
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        self.kpi["customers_acquired"].with_context(lang="en_US").name = "New Customers Won"
        self.assertEqual(self.line_of(self.in_lang(appraisal, self.manager, "en_US"),
                                      "customers_acquired").kpi_label, "Customers Acquired")

    def test_ranking_spreadsheet_shows_the_grade_in_the_readers_language(self):
        self.compute(self.arun)
        content = self.in_lang(self.arun, self.manager, "zh_CN")._xlsx_content()
        sheet = xlrd.open_workbook(file_contents=content).sheet_by_index(0)
        cells = {sheet.cell_value(row, col) for row in range(sheet.nrows) for col in range(sheet.ncols)}
        grade = self.appraisal_of(self.arun, self.emp_dev1).grade_id.with_context(lang="zh_CN").name
        self.assertIn(grade, cells)

    def test_pdf_file_is_named_in_the_readers_language(self):
        self.compute(self.arun)
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        report = self.env.ref("customer_dev_maint.action_report_cdm_appraisal")
        run_report = self.env.ref("customer_dev_maint.action_report_cdm_appraisal_run")
        # As the download route names the file: the report's expression on the record,
        # in the reader's environment.
        for lang, appraisal_name, run_name in (
                ("zh_CN", "考核 - %s - %s", "考核汇总 - %s"),
                ("en_US", "Appraisal - %s - %s", "Appraisals - %s")):
            record = self.in_lang(appraisal, self.manager, lang)
            self.assertEqual(safe_eval(report.print_report_name, {"object": record}),
                             appraisal_name % (appraisal.employee_id.name, self.arun.name))
            run = self.in_lang(self.arun, self.manager, lang)
            self.assertEqual(safe_eval(run_report.print_report_name, {"object": run}),
                             run_name % self.arun.name)

    def test_chinese_pdf_can_be_searched_for_its_chinese(self):
        self.compute(self.arun)
        self.dev1.lang = "zh_CN"
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        report = self.env.ref("customer_dev_maint.action_report_cdm_appraisal").sudo(self.manager)
        with tempfile.TemporaryDirectory() as folder, \
                patch.dict(config.options, {"test_report_directory": folder}):
            pdf, _kind = report.render_qweb_pdf(appraisal.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        self.assertIn("新增客户数", text)
        self.assertIn(appraisal.grade_id.with_context(lang="zh_CN").name, text)
        # The zh_CN date format of these tests is %Y年%m月%d日: 月 and 日 extract as
        # themselves, not as the Kangxi radicals that share their glyphs in Noto Sans CJK.
        self.assertRegex(text, r"\d{4}年\d{2}月\d{2}日")
        for word in ("部门", "员工", "奖金", "目标值"):
            self.assertIn(word, text)
        radicals = [char for char in text if 0x2E80 <= ord(char) <= 0x2FDF]
        self.assertFalse(radicals, "radicals instead of characters: %s" % radicals)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            fonts = subprocess.check_output(["pdffonts", handle.name]).decode("utf-8")
        self.assertIn("WenQuanYiMicroHei", fonts)
        self.assertNotIn("NotoSansCJK", fonts)
