"""M6/M8: cancelling a complaint is not closing it. A cause and a reason (and
the duplicated ticket), the owner or a manager only, the manager told of the
owner's cancellations, and no SLA figure counts a cancelled target as met."""
from datetime import datetime

from odoo.exceptions import AccessError, ValidationError

from .helpdesk_common import HelpdeskCase

RESPONDED_AT = datetime(2026, 12, 1, 1, 30)  # 09:30 in Shanghai, within the 2 h target
CANCELLED_AT = datetime(2026, 12, 1, 3, 0)


class TestCancellingAComplaint(HelpdeskCase):

    def setUp(self):
        super().setUp()
        self.ticket = self.open_ticket()
        self.move(self.ticket, self.stage_progress, RESPONDED_AT)
        self.assertEqual(self.ticket.response_state, "met")

    def refused(self, ticket, values, user=None):
        """Write ``values`` as ``user`` (maint1), rolled back when refused."""
        try:
            with self.env.cr.savepoint():
                ticket.sudo(user or self.maint1).write(values)
        except Exception:
            self.env.clear()
            raise

    def cancel(self, ticket, user, **values):
        ticket.sudo(user).write(values)
        return self.move(ticket, self.stage_cancelled, CANCELLED_AT, user=user)

    def test_a_reason_and_a_cause_are_needed(self):
        with self.assertRaisesRegex(ValidationError, "cause and the reason"):
            self.move(self.ticket, self.stage_cancelled, CANCELLED_AT)
        with self.assertRaisesRegex(ValidationError, "cause and the reason"):
            self.cancel(self.ticket, self.maint1, cancel_cause="withdrawn", cancel_reason="   ")
        self.assertFalse(self.ticket.stage_id.closed)
        self.cancel(self.ticket, self.maint1, cancel_cause="withdrawn",
                    cancel_reason="The customer found the delivery after all.")
        self.assertTrue(self.ticket.stage_id.closed)
        self.assertEqual(self.ticket.cancelled_by_id, self.maint1)
        self.assertEqual(self.ticket.cancel_date, "2026-12-01 03:00:00")
        self.assertFalse(self.ticket.satisfaction_state, "a cancelled complaint awaits no satisfaction")

    def test_a_duplicate_names_the_ticket_it_duplicates(self):
        original = self.open_ticket()
        with self.assertRaisesRegex(ValidationError, "name the ticket it duplicates"):
            self.cancel(self.ticket, self.maint1, cancel_cause="duplicate",
                        cancel_reason="Same complaint, opened twice.")
        with self.assertRaisesRegex(ValidationError, "cannot duplicate itself"):
            self.refused(self.ticket, {"duplicate_of_id": self.ticket.id})
        other_customer = self.open_ticket(partner_id=self.customer.id)
        with self.assertRaisesRegex(ValidationError, "its own customer"):
            self.refused(self.ticket, {"duplicate_of_id": other_customer.id})
        self.cancel(self.ticket, self.maint1, duplicate_of_id=original.id)
        self.assertTrue(self.ticket.stage_id.closed)
        self.assertIn(original.number, self.ticket.message_ids[0].body)

    def test_only_the_owner_or_a_manager_cancels(self):
        values = {"cancel_cause": "withdrawn", "cancel_reason": "Withdrawn by phone."}
        self.ticket.sudo(self.maint1).write(values)
        with self.assertRaisesRegex(AccessError, "owner"):
            self.move(self.ticket, self.stage_cancelled, CANCELLED_AT, user=self.maint2)
        self.assertFalse(self.ticket.stage_id.closed)
        self.move(self.ticket, self.stage_cancelled, CANCELLED_AT, user=self.manager)
        self.assertEqual(self.ticket.cancelled_by_id, self.manager)
        self.assertFalse(self.sla_activities(self.ticket, self.manager),
                         "a manager's own cancellation needs no alert")

    def test_the_manager_reads_the_owner_s_reason(self):
        self.cancel(self.ticket, self.maint1, cancel_cause="not_a_complaint",
                    cancel_reason="A question about the invoice, sent to accounting.")
        activity = self.sla_activities(self.ticket, self.manager)
        self.assertEqual(len(activity), 1)
        self.assertIn("A question about the invoice", activity.summary)
        self.assertIn("Maint1", activity.summary)

    def test_who_cancelled_is_the_server_s(self):
        with self.assertRaisesRegex(AccessError, "set by the server"):
            self.refused(self.ticket, {"cancelled_by_id": self.manager.id})

    def test_a_cancelled_complaint_counts_in_no_sla_figure_as_met(self):
        self.cancel(self.ticket, self.maint1, cancel_cause="withdrawn",
                    cancel_reason="Withdrawn by phone.")
        self.assertEqual((self.ticket.response_state, self.ticket.resolution_state),
                         ("cancelled", "cancelled"))
        figures = self.env["helpdesk.ticket"].sudo(self.manager).sla_compliance(
            "2026-12-01", "2026-12-31")
        self.assertNotIn(self.maint1.id, figures)
        rows = self.env["cdm.ticket.sla.report"].sudo(self.manager).search(
            [("ticket_id", "=", self.ticket.id)])
        self.assertEqual(sum(rows.mapped("met_count")), 0)
        self.assertEqual(sum(rows.mapped("decided_count")), 0)

    def test_a_missed_target_stays_missed_when_cancelled(self):
        late = self.open_ticket()
        self.move(late, self.stage_progress, datetime(2026, 12, 1, 5, 0))
        self.cancel(late, self.maint1, cancel_cause="withdrawn", cancel_reason="Withdrawn.",
                    sla_breach_reason="Nobody answered the phone.")
        self.assertEqual((late.response_state, late.resolution_state), ("breached", "cancelled"))
        figures = self.env["helpdesk.ticket"].sudo(self.manager).sla_compliance(
            "2026-12-01", "2026-12-31")
        self.assertEqual((figures[self.maint1.id]["due"], figures[self.maint1.id]["met"]), (2, 1))

    def test_reopened_after_cancelling_the_targets_run_again(self):
        self.cancel(self.ticket, self.maint1, cancel_cause="withdrawn", cancel_reason="Withdrawn.")
        self.move(self.ticket, self.stage_progress, datetime(2026, 12, 1, 4, 0), user=self.manager)
        self.assertEqual((self.ticket.response_state, self.ticket.resolution_state),
                         ("met", "on_track"))
        self.assertFalse(self.ticket.resolution_date)
        self.assertFalse(self.ticket.cancelled_by_id)
        self.assertEqual(self.ticket.satisfaction_state, "awaiting")

    def test_requests_are_cancelled_as_before(self):
        request = self.open_ticket(kind="request")
        self.move(request, self.stage_cancelled, CANCELLED_AT, user=self.maint2)
        self.assertTrue(request.stage_id.closed)
