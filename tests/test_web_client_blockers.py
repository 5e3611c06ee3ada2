"""Daily work as the web client does it: buttons called through
``/web/dataset/call_button`` with the client's context, forms that send what
they carry. Each of these failed on the screen with "Odoo Server Error"
while the same steps through the ORM passed."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .appraisal_common import AppraisalCase
from .appraisal_run_common import AppraisalRunCase
from .crm_lead_common import DevelopmentPipelineCase
from .helpdesk_common import HelpdeskCase
from .web_client import WebForm, call_button, field_nodes


class TestMyWorkCards(DevelopmentPipelineCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cdm.revisit"].create({
            "partner_id": cls.customer.id, "user_id": cls.maint1.id, "team_id": cls.team_maint.id,
            "date_due": "2020-01-06"})
        cls.env["crm.lead"].create({"name": "Quiet deal", "type": "opportunity",
                                    "user_id": cls.dev1.id, "partner_id": cls.prospect.id,
                                    "stage_id": cls.stage_new.id})

    def test_clicking_a_card_opens_the_records_it_counts(self):
        for user, code in ((self.maint1, "revisits_overdue"), (self.dev1, "silent_opportunities")):
            sections = self.env["cdm.my.work"].sudo(user).search([("is_visible", "=", True)])
            self.assertIn(code, sections.mapped("code"))
            for section in sections:
                action = call_button(self.env, user, "cdm.my.work", "action_open", section.ids)
                self.assertEqual(action["type"], "ir.actions.act_window")
                listed = self.env[action["res_model"]].sudo(user).search_count(action["domain"])
                self.assertEqual(listed, section.record_count, "%s: %s" % (user.login, section.code))
                if section.code == code:
                    self.assertEqual(listed, 1)


class TestAppraisalScreens(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won_deal(cls.company("Alpha Co."), cls.dev1, "2026-02-10", contract_amount=30000)
        cls.arun = cls.make_run(cls.emp_dev1 | cls.emp_dev2)

    def test_manager_computes_and_recomputes_from_the_buttons(self):
        with self.assertRaises(AccessError):
            call_button(self.env, self.dev1, "cdm.appraisal.run", "action_compute", self.arun.ids)
        self.assertFalse(self.arun.appraisal_ids)
        call_button(self.env, self.manager, "cdm.appraisal.run", "action_compute", self.arun.ids)
        self.assertEqual(self.arun.appraisal_ids.mapped("employee_id"), self.emp_dev1 | self.emp_dev2)
        self.assertTrue(self.arun.computed_on)
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        with self.assertRaises(AccessError):
            call_button(self.env, self.dev1, "cdm.appraisal", "action_recompute", appraisal.ids)
        call_button(self.env, self.manager, "cdm.appraisal", "action_recompute", appraisal.ids)
        self.assertEqual(self.line_of(appraisal, "sales_amount").actual, 30000)

    def test_manager_comment_typed_on_the_form_is_saved_and_review_passes(self):
        self.compute(self.arun)
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        WebForm(self.env, self.dev1, "cdm.appraisal").save(
            appraisal, {"employee_comment": "A good quarter with Alpha."})
        call_button(self.env, self.dev1, "cdm.appraisal", "action_submit", appraisal.ids)
        form = WebForm(self.env, self.manager, "cdm.appraisal")
        self.assertEqual(form.fields["manager_comment"][0].get("readonly"), [["state", "=", "approved"]])
        form.save(appraisal, {"manager_comment": "Keep the pipeline full."})
        self.assertEqual(appraisal.manager_comment, "Keep the pipeline full.")
        call_button(self.env, self.manager, "cdm.appraisal", "action_review", appraisal.ids)
        self.assertEqual(appraisal.state, "reviewed")

    def test_the_employee_reads_the_manager_comment_without_editing_it(self):
        arch = self.env["cdm.appraisal"].sudo(self.dev1).fields_view_get(view_type="form")["arch"]
        self.assertIs(field_nodes(arch)["manager_comment"][0].get("readonly"), True)
        self.assertNotIn("invisible", field_nodes(arch)["manager_comment"][0])


class TestMisconductCaseOverRpc(AppraisalCase):
    """The case's workflow methods are called the way the client calls any
    button: the context never lands in a parameter."""

    def test_acknowledge_and_cancel_take_the_client_context_as_context(self):
        case = self.make_case(self.emp_dev1, confirm=True)
        with self.assertRaises(UserError):  # cancelling needs the wizard's reason
            call_button(self.env, self.manager, case._name, "action_cancel", case.ids)
        call_button(self.env, self.dev1, case._name, "action_acknowledge", case.ids)
        self.assertEqual(case.state, "acknowledged")
        self.assertFalse(case.employee_comment)


class TestComplaintScreens(HelpdeskCase):

    def new_ticket(self, user=None, **values):
        vals = {"name": "Trucks offline", "description": "<p>Since Monday.</p>",
                "partner_id": self.contact.id, "kind": "complaint", "severity": "high"}
        vals.update(values)
        return WebForm(self.env, user or self.maint1, "helpdesk.ticket").create(vals)

    def test_maintenance_user_creates_a_complaint_from_the_helpdesk_form(self):
        ticket = self.new_ticket()
        self.assertEqual((ticket.kind, ticket.partner_id, ticket.commercial_partner_id),
                         ("complaint", self.contact, self.strategic))
        self.assertEqual(ticket.maintenance_team_id, self.team_maint)
        self.assertTrue(ticket.resolution_deadline)
        self.assertFalse(self.stage_new.closed)

    def test_maintenance_user_moves_a_ticket_to_done_from_the_status_bar(self):
        ticket = self.new_ticket(kind="request")
        WebForm(self.env, self.maint1, "helpdesk.ticket").save(ticket, {"stage_id": self.stage_done.id})
        self.assertEqual(ticket.stage_id, self.stage_done)
        self.assertTrue(ticket.closed)
        self.assertTrue(self.stage_done.closed and not self.stage_new.closed)

    def test_the_stage_flags_cannot_be_written_through_a_ticket(self):
        ticket = self.new_ticket(kind="request")
        for name in ("closed", "unattended", "user_ids"):
            self.assertTrue(self.env["helpdesk.ticket"]._fields[name].readonly, name)
        form = WebForm(self.env, self.maint1, "helpdesk.ticket")
        self.assertIs(form.fields["closed"][0].get("readonly"), True)
        # A client that sends them anyway writes nothing of the stage.
        ticket.sudo(self.maint1).write({"closed": True, "unattended": False})
        self.assertFalse(self.stage_new.closed)
        self.assertTrue(self.stage_new.unattended)
        self.assertEqual(ticket.stage_id, self.stage_new)

    def log_satisfaction(self, ticket, user, **values):
        """Log Satisfaction on the ticket's form, fill the dialog, Log."""
        action = call_button(self.env, user, "helpdesk.ticket", "action_log_satisfaction", ticket.ids)
        context = dict(action["context"], active_model="helpdesk.ticket", active_id=ticket.id,
                       active_ids=ticket.ids)
        form = WebForm(self.env, user, action["res_model"], view="customer_dev_maint."
                       "cdm_ticket_satisfaction_view_form_log", context=context)
        vals = {"channel": "phone", "contact_id": self.contact.id, "score": 5}
        vals.update(values)
        record = form.create(vals)
        result = call_button(self.env, user, action["res_model"], "action_log", record.ids, context)
        self.assertEqual(result["type"], "ir.actions.act_window_close")
        return record

    def test_maintenance_user_logs_satisfaction_and_closes_the_complaint(self):
        ticket = self.new_ticket()
        form = WebForm(self.env, self.maint1, "helpdesk.ticket")
        form.save(ticket, {"stage_id": self.stage_resolved.id})
        self.assertTrue(ticket.resolution_date)
        record = self.log_satisfaction(ticket, self.maint1)
        self.assertEqual((record.ticket_id, record.score, record.logged_by_id), (ticket, 5, self.maint1))
        self.assertEqual(ticket.satisfaction_state, "confirmed")
        form.save(ticket, {"stage_id": self.stage_done.id})
        self.assertEqual(ticket.stage_id, self.stage_done)

    def test_satisfaction_is_logged_only_on_a_ticket_the_user_works_on(self):
        ticket = self.new_ticket()
        WebForm(self.env, self.maint1, "helpdesk.ticket").save(ticket, {"stage_id": self.stage_resolved.id})
        Satisfaction = self.env["cdm.ticket.satisfaction"]
        values = {"channel": "phone", "contact_id": self.contact.id, "score": 5}
        with self.assertRaises(AccessError):
            Satisfaction.sudo(self.dev1).with_context(default_ticket_id=ticket.id).create(values)
        with self.assertRaises(ValidationError):
            Satisfaction.sudo(self.maint1).create(values)
        with self.assertRaises(ValidationError):
            Satisfaction.sudo(self.maint1).with_context(default_ticket_id=999999999).create(values)
        self.assertFalse(ticket.satisfaction_ids)
