"""The printed appraisal (A5): a PDF per employee and per run, and the spreadsheet."""
import base64
import io
import subprocess
import tempfile
from unittest.mock import patch

import xlrd

from odoo.tools import config

from .appraisal_run_common import AppraisalRunCase


def pdf_text(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.check_output(["pdftotext", "-layout", handle.name, "-"]).decode("utf-8")


def pdf_pages(pdf):
    from PyPDF2 import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf)).getNumPages()


class TestAppraisalReport(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won_deal(cls.company("Alpha Co."), cls.dev1, "2026-02-10", contract_amount=30000)
        cls.arun = cls.make_run(cls.emp_dev1 | cls.emp_dev2 | cls.emp_maint1)

    def setUp(self):
        super().setUp()
        self.compute(self.arun)

    def render(self, xmlid, records):
        """Render through wkhtmltopdf: under tests Odoo 11 renders HTML
        unless a report directory is set."""
        report = self.env.ref(xmlid).sudo(self.manager)
        with tempfile.TemporaryDirectory() as folder, \
                patch.dict(config.options, {"test_report_directory": folder}):
            pdf, kind = report.render_qweb_pdf(records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "a PDF, not HTML")
        return pdf

    def test_employee_appraisal_prints_on_one_page_with_grade_and_bonus(self):
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        pdf = self.render("customer_dev_maint.action_report_cdm_appraisal", appraisal)
        self.assertEqual(pdf_pages(pdf), 1)
        text = pdf_text(pdf)
        self.assertIn("Appraisal: Dev1", text)
        self.assertIn("Customers Acquired", text)
        self.assertIn(appraisal.grade_title, text)
        self.assertIn("Bonus", text)
        self.assertIn("%.2f" % appraisal.bonus, text.replace(",", ""))
        self.assertIn("Employee signature", text)
        self.assertIn("Manager signature", text)

    def test_run_prints_one_page_per_employee(self):
        pdf = self.render("customer_dev_maint.action_report_cdm_appraisal_run", self.arun)
        self.assertEqual(pdf_pages(pdf), 3)
        text = pdf_text(pdf)
        for name in ("Dev1", "Dev2", "Maint1"):
            self.assertIn("Appraisal: %s" % name, text)

    def test_spreadsheet_export_has_a_row_per_appraisal(self):
        action = self.arun.sudo(self.manager).action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        book = xlrd.open_workbook(file_contents=base64.b64decode(attachment.datas))
        sheet = book.sheet_by_index(0)
        self.assertEqual(sheet.nrows, 4)
        header = sheet.row_values(0)
        self.assertIn("Score", header)
        self.assertIn("Customers Acquired: Actual", header)
        names = sorted(sheet.cell_value(row, header.index("Employee")) for row in range(1, 4))
        self.assertEqual(names, ["Dev1", "Dev2", "Maint1"])
