"""Misconduct register (A6): the ladder, the workflow and who sees what."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .appraisal_common import AppraisalCase


class TestMisconductLadder(AppraisalCase):

    def test_first_case_suggests_a_verbal_warning(self):
        case = self.make_case(self.emp_dev1)
        self.assertEqual(case.suggested_measure, "verbal_warning")
        self.assertEqual(case.measure, "verbal_warning", "the suggestion is the default measure")
        self.assertEqual(case.history_count, 0)

    def test_next_measure_is_one_step_above_the_most_severe_confirmed_in_window(self):
        self.make_case(self.emp_dev1, date="2025-09-01", measure="verbal_warning", confirm=True)
        self.make_case(self.emp_dev1, date="2025-11-01", measure="written_warning", confirm=True)
        case = self.make_case(self.emp_dev1, date="2026-03-10")
        self.assertEqual(case.history_count, 2)
        self.assertEqual(case.suggested_measure, "demotion")
        self.assertEqual(case.measure, "demotion")

    def test_cases_outside_the_window_drafts_and_cancelled_do_not_count(self):
        self.make_case(self.emp_dev1, date="2025-03-10", measure="demotion", confirm=True)  # 12 months ago
        self.make_case(self.emp_dev1, date="2026-01-05", measure="written_warning")  # draft
        cancelled = self.make_case(self.emp_dev1, date="2026-02-01", measure="demotion", confirm=True)
        cancelled.sudo(self.manager)._cancel("Wrong employee.")
        self.make_case(self.emp_dev2, date="2026-02-01", measure="demotion", confirm=True)
        case = self.make_case(self.emp_dev1, date="2026-03-10")
        self.assertEqual(case.history_count, 0)
        self.assertEqual(case.suggested_measure, "verbal_warning")

    def test_history_window_is_a_setting(self):
        self.make_case(self.emp_dev1, date="2025-08-01", measure="verbal_warning", confirm=True)
        case = self.make_case(self.emp_dev1, date="2026-03-10")
        self.assertEqual(case.suggested_measure, "written_warning")
        self.policy.misconduct_history_months = 6
        case.invalidate_cache()
        self.assertEqual(case.suggested_measure, "verbal_warning")
        with self.assertRaises(ValidationError):
            self.policy.misconduct_history_months = 0

    def test_dismissal_is_the_last_step(self):
        self.make_case(self.emp_dev1, date="2026-01-01", measure="dismissal", confirm=True)
        self.assertEqual(self.make_case(self.emp_dev1).suggested_measure, "dismissal")


class TestMisconductWorkflow(AppraisalCase):

    def test_manager_confirms_employee_acknowledges_manager_closes(self):
        case = self.make_case(self.emp_dev1)
        with self.assertRaises(AccessError):
            case.sudo(self.dev1).action_confirm()
        case.sudo(self.manager).action_confirm()
        self.assertEqual(case.state, "confirmed")
        self.assertEqual(case.confirmed_by_id, self.manager)
        with self.assertRaises(AccessError):
            case.sudo(self.manager)._acknowledge("Not mine to acknowledge.")
        wizard = self.env["cdm.misconduct.case.acknowledge"].sudo(self.dev1).with_context(
            active_ids=case.ids).create({"comment": "I will keep the deadlines."})
        wizard.action_acknowledge()
        self.assertEqual(case.state, "acknowledged")
        self.assertEqual(case.employee_comment, "I will keep the deadlines.")
        with self.assertRaises(AccessError):
            case.sudo(self.dev1).action_close()
        case.sudo(self.manager).action_close()
        self.assertEqual(case.state, "closed")

    def test_state_changes_are_logged_in_the_name_of_who_acted(self):
        case = self.make_case(self.emp_dev1).with_context(tracking_disable=False)
        case.sudo(self.manager).action_confirm()
        self.env["cdm.misconduct.case.acknowledge"].sudo(self.dev1).with_context(
            active_ids=case.ids, tracking_disable=False).create({"comment": "Noted."}).action_acknowledge()
        tracked = case.message_ids.filtered("tracking_value_ids").sorted("id")
        self.assertEqual([(m.author_id, m.tracking_value_ids.filtered(
            lambda t: t.field == "state").new_value_char) for m in tracked],
            [(self.manager.partner_id, "Confirmed"), (self.dev1.partner_id, "Acknowledged")])

    def test_another_employee_can_neither_read_nor_acknowledge(self):
        case = self.make_case(self.emp_dev1, confirm=True)
        with self.assertRaises(AccessError):
            case.sudo(self.dev2).read(["description"])
        with self.assertRaises(AccessError):
            case.sudo(self.dev2).action_acknowledge()
        self.assertEqual(case.state, "confirmed")

    def test_employee_cannot_write_the_state_or_the_case(self):
        case = self.make_case(self.emp_dev1, confirm=True)
        with self.assertRaises(AccessError):
            case.sudo(self.dev1).write({"state": "closed"})
        with self.assertRaises(AccessError):
            case.sudo(self.manager).write({"state": "closed"})
        with self.assertRaises(UserError):
            case.sudo(self.manager).write({"measure": "dismissal"})
        self.assertEqual((case.state, case.measure), ("confirmed", "verbal_warning"))

    def test_cancelling_needs_a_reason_and_a_manager(self):
        case = self.make_case(self.emp_dev1, confirm=True)
        with self.assertRaises(UserError):
            case.sudo(self.manager)._cancel("  ")
        with self.assertRaises(AccessError):
            case.sudo(self.dev1)._cancel("I disagree.")
        wizard = self.env["cdm.misconduct.case.cancel"].sudo(self.manager).with_context(
            active_ids=case.ids).create({"cancel_reason": "Evidence concerned another deal."})
        wizard.action_cancel()
        self.assertEqual(case.state, "cancelled")
        self.assertEqual(case.cancel_reason, "Evidence concerned another deal.")
        with self.assertRaises(UserError):
            case.sudo(self.manager).action_confirm()

    def test_manager_cannot_confirm_a_case_about_themselves(self):
        case = self.make_case(self.emp_manager)
        with self.assertRaises(AccessError):
            case.sudo(self.manager).action_confirm()

    def test_only_drafts_can_be_deleted(self):
        draft = self.make_case(self.emp_dev1)
        confirmed = self.make_case(self.emp_dev1, confirm=True)
        with self.assertRaises(UserError):
            confirmed.sudo(self.manager).unlink()
        draft.sudo(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_employee_without_user_is_refused(self):
        employee = self.Employee.create({"name": "No Login"})
        with self.assertRaises(ValidationError):
            self.make_case(employee)


class TestMisconductVisibility(AppraisalCase):

    def test_employees_see_their_own_cases_auditors_and_managers_all(self):
        case_dev1 = self.make_case(self.emp_dev1)
        case_maint1 = self.make_case(self.emp_maint1)
        both = case_dev1 | case_maint1
        visible = {user: self.as_user(user, "cdm.misconduct.case").search([("id", "in", both.ids)])
                   for user in (self.dev1, self.dev2, self.maint1, self.auditor, self.manager)}
        self.assertEqual(visible[self.dev1].ids, case_dev1.ids)
        self.assertFalse(visible[self.dev2])
        self.assertEqual(visible[self.maint1].ids, case_maint1.ids)
        self.assertEqual(set(visible[self.auditor].ids), set(both.ids))
        self.assertEqual(set(visible[self.manager].ids), set(both.ids))
        with self.assertRaises(AccessError):
            self.as_user(self.outsider, "cdm.misconduct.case").search([])

    def test_auditor_reads_but_cannot_record_or_change(self):
        case = self.make_case(self.emp_dev1)
        with self.assertRaises(AccessError):
            case.sudo(self.auditor).write({"description": "Changed"})
        with self.assertRaises(AccessError):
            self.Case.sudo(self.auditor).create({
                "employee_id": self.emp_dev2.id, "description": "x", "date": "2026-03-01"})
        with self.assertRaises(AccessError):
            case.sudo(self.auditor).action_confirm()

    def test_employee_cannot_record_a_case(self):
        with self.assertRaises(AccessError):
            self.Case.sudo(self.dev1).create({
                "employee_id": self.emp_dev2.id, "description": "x", "date": "2026-03-01"})


class TestOpenDraft(AppraisalCase):

    def test_open_draft_for_a_user_links_the_evidence(self):
        lead = self.env["crm.lead"].create({"name": "Confidential deal", "user_id": self.dev1.id})
        case = self.Case.sudo(self.dev2)._open_draft(
            self.dev1, "confidential_leak", "Exported 40 confidential customers in one day.",
            date="2026-03-02", lead_id=lead, partner_id=self.customer.id)
        self.assertEqual(case.state, "draft")
        self.assertEqual(case.employee_id, self.emp_dev1)
        self.assertEqual((case.lead_id, case.partner_id), (lead, self.customer))
        self.assertTrue(case.opened_by_system)
        self.assertEqual(case.measure, "verbal_warning")
        self.assertTrue(case.name.startswith("MC/"))

    def test_open_draft_creates_the_missing_employee(self):
        self.assertFalse(self.Employee.search([("user_id", "=", self.maint2.id)]))
        case = self.Case._open_draft(self.maint2, "other", "Rude to a customer.", date="2026-03-02")
        self.assertEqual(case.employee_id.user_id, self.maint2)
        self.assertEqual(case.employee_id.name, self.maint2.name)

    def test_open_draft_refuses_bad_input(self):
        with self.assertRaises(UserError):
            self.Case._open_draft(self.dev1, "gossip", "x")
        with self.assertRaises(UserError):
            self.Case._open_draft(self.dev1, "other", "   ")
        with self.assertRaises(UserError):
            self.Case._open_draft(self.dev1, "other", "x", description_html="<b>x</b>")
        self.assertFalse(self.Case.search([("employee_id", "=", self.emp_dev1.id)]))
