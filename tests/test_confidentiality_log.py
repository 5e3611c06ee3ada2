"""Access log (C5), export control (C6) and leak signals (C7)."""
from datetime import datetime
from unittest.mock import patch

from odoo import api, fields
from odoo.exceptions import AccessError

from .confidentiality_common import ConfidentialityCase


class LogCase(ConfidentialityCase):

    def setUp(self):
        super().setUp()
        self.moment = "2026-04-01 10:00:00"
        # The clock reads self.moment: a test moves it by setting it.
        patcher = patch.object(type(self.env["cdm.policy"]), "_now",
                               lambda _policy: fields.Datetime.from_string(self.moment))
        patcher.start()
        self.addCleanup(patcher.stop)

    def log_rows(self, user, **domain):
        Log = self.env["cdm.access.log"]
        return Log.search([("user_id", "=", user.id)] + [(k, "=", v) for k, v in domain.items()])


class TestAccessLog(LogCase):

    def test_one_row_per_form_read_of_a_confidential_record(self):
        self.set_level("confidential")
        self.lead.sudo(self.dev1).read(["name", "contract_number", "partner_id", "stage_id"])
        rows = self.log_rows(self.dev1)
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows.action, rows.model, rows.res_ids, rows.level, rows.day),
                         ("read", "crm.lead", str(self.lead.id), "confidential", "2026-04-01"))
        self.assertIn("Secret deal", rows.record_names)

    def test_lists_and_normal_records_and_lines_do_not_flood_the_log(self):
        self.lead.sudo(self.dev1).read(["name"])
        self.set_level("secret")
        self.env["crm.lead"].sudo(self.dev1).search_read([("id", "=", self.lead.id)], ["name"])
        self.score_line.sudo(self.dev1).read(["score"])
        self.assertFalse(self.log_rows(self.dev1))

    def test_export_and_print_are_logged_once_each(self):
        self.set_level("confidential")
        self.lead.sudo(self.manager).export_data(["name", "partner_id/name"])
        self.assertEqual(len(self.log_rows(self.manager, action="export")), 1)
        report = self.env["ir.actions.report"].create({
            "name": "Deal Sheet", "model": "crm.lead", "report_type": "qweb-html",
            "report_name": "customer_dev_maint.cdm_test_missing"})
        with patch("odoo.addons.base.ir.ir_actions_report.IrActionsReport.render_template",
                   lambda *args, **kwargs: b"<p>sheet</p>"):
            report.sudo(self.manager).render_qweb_html(self.lead.ids)
        self.assertEqual(len(self.log_rows(self.manager, action="print")), 1)
        self.assertEqual(len(self.log_rows(self.manager)), 2)

    def test_refused_openings_and_exports_are_logged_for_the_auditor(self):
        self.set_level("secret")
        with self.assertRaises(AccessError):
            self.customer.sudo(self.dev2).read(["name"])
        with self.assertRaises(AccessError):
            self.lead.sudo(self.dev3).export_data(["name"])
        refused = self.env["cdm.access.log"].sudo(self.auditor).search(
            [("action", "in", ("read_denied", "export_denied"))])
        self.assertEqual(refused.mapped("user_id"), self.dev2 | self.dev3)
        self.assertEqual(refused.filtered(lambda r: r.user_id == self.dev2).model, "res.partner")

    def test_the_log_is_append_only_even_for_managers(self):
        self.set_level("confidential")
        self.lead.sudo(self.dev1).read(["name"])
        row = self.log_rows(self.dev1)
        for user in (self.manager, self.auditor, self.dev1):
            with self.assertRaises(AccessError):
                row.sudo(user).write({"user_id": self.dev2.id})
            with self.assertRaises(AccessError):
                row.sudo(user).unlink()
        with self.assertRaises(AccessError):
            self.env["cdm.access.log"].sudo(self.manager).create({
                "user_id": self.dev2.id, "action": "read", "model": "crm.lead", "day": "2026-04-01"})
        self.assertEqual(row.sudo(self.auditor).read(["user_id"])[0]["user_id"][0], self.dev1.id)
        with self.assertRaises(AccessError):
            row.sudo(self.dev1).read(["user_id"])
        row.sudo().write({"ip_address": "10.0.0.1"})  # the superuser only
        self.assertEqual(row.ip_address, "10.0.0.1")

    def test_retention_job_deletes_rows_past_the_setting_only(self):
        self.set_level("confidential")
        self.lead.sudo(self.dev1).read(["name"])
        self.moment = "2026-06-01 10:00:00"
        self.lead.sudo(self.dev1).read(["name"])
        self.policy.access_log_retention_days = 31
        self.env["cdm.access.log"]._cron_vacuum_access_log(commit=False)
        self.assertEqual(self.log_rows(self.dev1).mapped("day"), ["2026-06-01"])
        self.assertEqual(self.env["cdm.access.log"]._cron_vacuum_access_log(commit=False), 0)


class TestExportControl(LogCase):

    def test_confidential_export_refused_over_rpc_for_users_not_allowed(self):
        self.set_level("confidential")
        Lead = self.env["crm.lead"].sudo(self.dev1)
        with self.assertRaisesRegex(AccessError, "not allowed to export confidential"):
            api.call_kw(Lead, "export_data", [self.lead.ids, ["name"]], {})
        self.dev1.groups_id = [(4, self.env.ref("customer_dev_maint.group_confidential_export").id)]
        rows = api.call_kw(Lead, "export_data", [self.lead.ids, ["name"]], {})["datas"]
        self.assertEqual(rows, [["Secret deal"]])
        self.assertEqual(len(self.log_rows(self.dev1, action="export")), 1)

    def test_secret_export_only_for_managers(self):
        self.set_level("secret")
        self.dev1.groups_id = [(4, self.env.ref("customer_dev_maint.group_confidential_export").id)]
        with self.assertRaisesRegex(AccessError, "manager"):
            self.lead.sudo(self.dev1).export_data(["name"])
        self.assertEqual(self.lead.sudo(self.manager).export_data(["name"])["datas"], [["Secret deal"]])

    def test_sensitive_fields_cannot_be_exported_or_read_without_their_groups(self):
        salesman = self._make_user("salesman", "sales_team.group_sale_salesman")
        lead = self.env["crm.lead"].create({"name": "Open deal", "user_id": salesman.id,
                                            "solution": "Fleet package"})
        with self.assertRaises(AccessError):
            lead.sudo(salesman).export_data(["name", "solution"])
        with self.assertRaises(AccessError):
            lead.sudo(salesman).read(["contract_amount"])
        self.assertNotIn("contract_amount", self.env["crm.lead"].sudo(salesman).fields_get())
        self.assertEqual(lead.sudo(self.manager).export_data(["solution"])["datas"], [["Fleet package"]])


class TestLeakSignals(LogCase):

    def test_threshold_crossed_raises_one_signal_per_user_and_day(self):
        self.set_level("confidential")
        self.policy.write({"leak_read_threshold": 2})
        Signal = self.env["cdm.leak.signal"]
        lead = self.lead.sudo(self.dev1)
        lead.read(["name"])
        lead.read(["name"])
        self.assertFalse(Signal.search([("user_id", "=", self.dev1.id)]))
        lead.read(["name"])
        lead.read(["name"])
        signal = Signal.search([("user_id", "=", self.dev1.id)])
        self.assertEqual(len(signal), 1)
        self.assertEqual((signal.day, signal.read_count), ("2026-04-01", 3))
        self.assertEqual(len(signal.log_ids), 4)
        activities = self.env["mail.activity"].search([("res_model", "=", "cdm.leak.signal"),
                                                       ("res_id", "=", signal.id)])
        self.assertEqual(activities.mapped("user_id"), self.auditor)
        case = signal.misconduct_case_id
        self.assertEqual((case.state, case.kind, case.user_id, case.leak_signal_id),
                         ("draft", "confidential_leak", self.dev1, signal))
        self.moment = "2026-04-02 10:00:00"
        for _i in range(3):
            lead.read(["name"])
        self.assertEqual(Signal.search([("user_id", "=", self.dev1.id)]).mapped("day"),
                         ["2026-04-02", "2026-04-01"])

    def test_any_secret_export_raises_a_signal(self):
        self.set_level("secret")
        self.lead.sudo(self.manager).export_data(["name"])
        signal = self.env["cdm.leak.signal"].sudo(self.auditor).search([("user_id", "=", self.manager.id)])
        self.assertEqual(signal.secret_export_count, 1)
        self.assertIn("1 secret records exported", signal.reason)

    def test_day_follows_the_policy_time_zone(self):
        self.policy.timezone = "Asia/Shanghai"
        self.set_level("confidential")
        self.moment = "2026-04-01 20:00:00"
        self.lead.sudo(self.dev1).read(["name"])
        self.assertEqual(self.log_rows(self.dev1).day, "2026-04-02")
        self.assertEqual(datetime.strptime(self.log_rows(self.dev1).date, "%Y-%m-%d %H:%M:%S").hour, 20)
