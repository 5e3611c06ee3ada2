"""A context key a client sends never switches off a check, a log or a rule.

Each key the module's server code uses (``cdm_no_access_log``,
``cdm_print_logged``, ``cdm_revisit_job``, ``cdm_revisit_completing``,
``cdm_acting_uid``, ``cdm_no_revisit_sync``, ``cdm_uninstalling``) is sent
here as a client sends it: in the ``context`` of a call that goes through
``odoo.api.call_kw``, the entry point of XML-RPC ``execute_kw`` and of the web
client's ``/web/dataset/call_kw``. The check, the log or the rule holds."""
from odoo import SUPERUSER_ID, api
from odoo.addons.customer_dev_maint.server_only import server_value, with_server
from odoo.exceptions import AccessError, UserError

from .confidentiality_common import ConfidentialityCase
from .helpdesk_common import T0, HelpdeskCase
from .maintenance_common import MaintenanceCase


def rpc(env, user, model, method, args, context, **kwargs):
    """``model.method(*args, **kwargs)`` called by ``user`` as over RPC, with
    the client's ``context`` (and nothing else) as the context."""
    records = api.Environment(env.cr, user.id if hasattr(user, "id") else user, {})[model]
    return api.call_kw(records, method, list(args), dict(kwargs, context=context))


class TestServerOnlyValues(MaintenanceCase):

    def test_a_value_sent_by_a_client_is_not_the_servers(self):
        for sent in (True, 1, "1", {"value": True}, ["ServerValue"]):
            env = self.env(context={"cdm_no_access_log": sent})
            self.assertIsNone(server_value(env, "cdm_no_access_log"), sent)
        env = with_server(self.env["res.partner"], cdm_no_access_log=True).env
        self.assertTrue(server_value(env, "cdm_no_access_log"))


class TestAccessLogKeys(ConfidentialityCase):

    def log_rows(self, user, action):
        return self.env["cdm.access.log"].search([("user_id", "=", user.id), ("action", "=", action)])

    def test_no_access_log_sent_by_a_client_still_logs_the_read(self):
        self.set_level("secret")
        rpc(self.env, self.dev1, "crm.lead", "read", [self.lead.ids, ["name", "contract_amount"]],
            {"cdm_no_access_log": True})
        self.assertEqual(len(self.log_rows(self.dev1, "read")), 1)

    def test_no_access_log_sent_by_a_client_still_logs_the_refusal(self):
        self.set_level("secret")
        with self.assertRaises(AccessError):
            rpc(self.env, self.dev2, "res.partner", "read", [self.customer.ids, ["name"]],
                {"cdm_no_access_log": True})
        self.assertEqual(len(self.log_rows(self.dev2, "read_denied")), 1)

    def printable(self):
        """A real QWeb report on deals (no rendering faked)."""
        view = self.env["ir.ui.view"].create({
            "name": "cdm_test_deal_sheet", "type": "qweb",
            "arch": '<t t-name="cdm_test_deal_sheet"><p t-foreach="docs" t-as="o" '
                    't-esc="o.name"/></t>'})
        self.env["ir.model.data"].create({
            "module": "customer_dev_maint", "name": "cdm_test_deal_sheet",
            "model": "ir.ui.view", "res_id": view.id})
        return self.env["ir.actions.report"].create({
            "name": "Deal Sheet", "model": "crm.lead", "report_type": "qweb-html",
            "report_name": "customer_dev_maint.cdm_test_deal_sheet"})

    def test_print_logged_sent_by_a_client_still_checks_and_logs_the_print(self):
        """The report controller (``/report/html/<report>/<ids>?context=...``)
        renders with the context the client puts in the URL."""
        self.set_level("secret")
        report = self.printable()
        client = {"cdm_print_logged": True, "cdm_no_access_log": True}
        with self.assertRaises(AccessError):
            report.sudo(self.dev2).with_context(client).render_qweb_html(self.lead.ids)
        html, _kind = report.sudo(self.dev1).with_context(client).render_qweb_html(self.lead.ids)
        self.assertIn(b"Secret deal", html)
        self.assertEqual(len(self.log_rows(self.dev1, "print")), 1)


class TestRevisitKeys(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha = cls.make_customer("Alpha", tier=cls.tier_strategic, handover="2026-01-10")

    def setUp(self):
        super().setUp()
        self.freeze_today("2026-02-01")
        self.revisit = self.open_revisits(self.alpha)

    def test_revisit_job_sent_by_a_client_still_needs_a_reason_and_a_future_day(self):
        client = {"cdm_revisit_job": True}
        with self.assertRaisesRegex(UserError, "reason"):
            rpc(self.env, self.maint1, "cdm.revisit", "write",
                [self.revisit.ids, {"date_due": "2026-01-02"}], client)
        with self.assertRaisesRegex(UserError, "has passed"):
            rpc(self.env, self.maint1, "cdm.revisit", "write",
                [self.revisit.ids, {"date_due": "2026-01-02", "reschedule_reason": "Backdated"}],
                client)
        self.assertFalse(self.revisit.due_rescheduled)

    def test_revisit_completing_sent_by_a_client_does_not_mark_the_activity_done(self):
        activity = self.revisit.activity_id
        self.assertTrue(activity)
        with self.assertRaisesRegex(UserError, "record its outcome"):
            rpc(self.env, self.maint1, "mail.activity", "action_feedback", [activity.ids],
                {"cdm_revisit_completing": True}, feedback="Done")
        self.assertTrue(activity.exists())
        self.assertEqual(self.revisit.state, "planned")

    def test_no_revisit_sync_sent_by_a_client_still_moves_the_revisit(self):
        rpc(self.env, self.manager, "res.partner", "write",
            [self.alpha.ids, {"maintenance_user_id": self.maint2.id}], {"cdm_no_revisit_sync": True})
        self.assertEqual(self.open_revisits(self.alpha).user_id, self.maint2)

    def test_the_server_may_leave_the_sync_to_the_job(self):
        with_server(self.alpha.sudo(), cdm_no_revisit_sync=True).write(
            {"maintenance_user_id": self.maint2.id})
        self.assertEqual(self.open_revisits(self.alpha).user_id, self.maint1)


class TestAuthorAndReportKeys(MaintenanceCase):

    def test_acting_uid_sent_to_the_superuser_does_not_name_another_author(self):
        newco = self.env["res.partner"].create({"name": "Newco", "is_company": True, "customer": True})
        rpc(self.env, SUPERUSER_ID, "res.partner", "write",
            [newco.ids, {"service_tier_id": self.tier_key.id, "maintenance_user_id": self.maint1.id}],
            {"cdm_acting_uid": self.maint2.id})
        self.assertEqual(newco.tier_change_ids.user_id.id, SUPERUSER_ID)
        with_server(newco.sudo(), cdm_acting_uid=self.maint1.id).write(
            {"service_tier_id": self.tier_standard.id, "tier_change_reason": "Handed over"})
        self.assertEqual(newco.tier_change_ids[0].user_id, self.maint1, "server code names the user")

    def view_columns(self):
        self.env.cr.execute("SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = 'crm_opportunity_report'")
        return {row[0] for row in self.env.cr.fetchall()}

    def test_uninstalling_sent_by_a_client_keeps_the_lead_on_the_pipeline_analysis(self):
        self.assertIn("cdm_lead_id", self.view_columns())
        rpc(self.env, self.dev1, "crm.opportunity.report", "init", [[]], {"cdm_uninstalling": True})
        self.assertIn("cdm_lead_id", self.view_columns())


class TestClockKey(HelpdeskCase):

    def test_a_moment_sent_by_a_client_does_not_move_the_clock(self):
        """The SLA of a complaint starts when it is created, whatever moment
        (``cdm_now``) the client puts in the context."""
        self.set_clock(T0)
        ticket_id = rpc(self.env, self.maint1, "helpdesk.ticket", "create", [{
            "name": "Delivery late again", "partner_id": self.contact.id,
            "user_id": self.maint1.id, "kind": "complaint", "description": "<p>Late.</p>"}],
            {"cdm_now": "2020-01-01 00:00:00"})
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.sla_start, "2026-12-01 01:00:00")
        self.assertEqual(ticket.response_deadline, "2026-12-01 03:00:00")
