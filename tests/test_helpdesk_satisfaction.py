"""M8: a complaint or problem closes only once the customer's satisfaction is
confirmed (rating link or staff); a low score reopens it; closing brings the
customer's next revisit forward."""
from datetime import datetime

from lxml import etree

from odoo.exceptions import AccessError, ValidationError

from .helpdesk_common import HelpdeskCase

RESOLVED_AT = datetime(2026, 12, 2, 2, 0)
CLOSED_AT = datetime(2026, 12, 2, 3, 0)


class TestClosedLoop(HelpdeskCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A customer whose next revisit is due on 31 December (30-day tier).
        cls.strategic.with_context(cdm_no_revisit_sync=False).handover_date = "2026-12-01"

    def setUp(self):
        super().setUp()
        self.freeze_today("2026-12-02")
        self.ticket = self.open_ticket()
        self.move(self.ticket, self.stage_progress, datetime(2026, 12, 1, 1, 30))

    def resolve(self, ticket=None):
        return self.move(ticket or self.ticket, self.stage_resolved, RESOLVED_AT)

    def log(self, user=None, **values):
        vals = {"ticket_id": self.ticket.id, "channel": "phone", "contact_id": self.contact.id,
                "score": 4, "comment": "Works now, thanks."}
        vals.update(values)
        with self.env.cr.savepoint():
            return self.at(CLOSED_AT, user, "cdm.ticket.satisfaction").create(vals)

    def customer_rates(self, rate, feedback=None):
        """What the rating link does: the page marks the rating filled, the
        feedback form then applies it to the ticket."""
        rating = self.env["rating.rating"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", self.ticket.id),
             ("consumed", "=", False)])
        self.assertEqual(len(rating), 1, "the resolved stage e-mailed a rating request")
        token = rating.access_token
        found = self.env["rating.rating"].sudo().search([("access_token", "=", token)])
        self.set_clock(datetime(2026, 12, 2, 3, 0))
        found.write({"rating": rate, "consumed": True})
        if feedback:
            record = self.env["helpdesk.ticket"].sudo().browse(found.res_id)
            record.rating_apply(rate, token=token, feedback=feedback)
        return found

    def test_complaint_cannot_be_closed_before_satisfaction_is_confirmed(self):
        self.resolve()
        with self.assertRaisesRegex(ValidationError, "satisfaction is confirmed"):
            self.move(self.ticket, self.stage_done, CLOSED_AT)
        self.assertEqual(self.ticket.satisfaction_state, "awaiting")
        awaiting = self.env["helpdesk.ticket"].search(
            [("satisfaction_state", "=", "awaiting"), ("resolution_date", "!=", False),
             ("closed", "=", False)])
        self.assertIn(self.ticket, awaiting, "the Awaiting Satisfaction filter finds it")

    def test_staff_confirmation_unlocks_closing_and_records_who_logged_it(self):
        self.resolve()
        confirmation = self.log(logged_by_id=self.manager.id, date="2020-01-01 00:00:00")
        self.assertEqual(confirmation.logged_by_id, self.maint1, "the server says who logged it")
        self.assertEqual(confirmation.date, "2026-12-02 03:00:00")
        self.assertEqual((confirmation.source, confirmation.user_id), ("staff", self.maint1))
        self.assertEqual(self.ticket.satisfaction_state, "confirmed")
        self.assertEqual(self.ticket.satisfaction_score, 4)
        self.move(self.ticket, self.stage_done, CLOSED_AT)
        self.assertTrue(self.ticket.stage_id.closed)

    def test_customer_rating_by_the_e_mailed_link_unlocks_closing(self):
        self.resolve()
        rating = self.customer_rates(10, feedback="Quick and kind.")
        confirmation = self.ticket.satisfaction_ids
        self.assertEqual(len(confirmation), 1, "the feedback completes the same confirmation")
        self.assertEqual((confirmation.source, confirmation.score, confirmation.rating_id),
                         ("customer", 5, rating))
        self.assertEqual(confirmation.comment, "Quick and kind.")
        self.assertFalse(confirmation.logged_by_id)
        self.move(self.ticket, self.stage_done, CLOSED_AT)
        self.assertTrue(self.ticket.stage_id.closed)

    def test_low_score_reopens_alerts_the_manager_and_marks_the_ticket(self):
        self.resolve()
        self.customer_rates(1)
        self.assertEqual(self.ticket.stage_id, self.stage_progress)
        self.assertTrue(self.ticket.low_score_reopened)
        self.assertEqual(self.ticket.low_score_count, 1)
        self.assertEqual(self.ticket.satisfaction_state, "awaiting")
        self.assertFalse(self.ticket.resolution_date, "the resolution clock runs again")
        alert = self.sla_activities(self.ticket, self.manager)
        self.assertEqual(len(alert), 1)
        self.assertIn("1/5", alert.summary)
        with self.assertRaises(ValidationError):
            self.move(self.ticket, self.stage_done, CLOSED_AT)
        figures = self.env["helpdesk.ticket"].sudo(self.manager).sla_compliance("2026-12-01", "2026-12-31")
        self.assertEqual(figures[self.maint1.id]["low_count"], 1, "counted for the appraisal")
        # The SLA KPI asks for the targets alone: the ratings are the satisfaction KPI's.
        targets_only = self.env["helpdesk.ticket"].sudo(self.manager).sla_compliance(
            "2026-12-01", "2026-12-31", ratings=False)
        self.assertEqual(targets_only.get(self.maint1.id, {}).get("rating_count", 0), 0)
        self.assertEqual(figures[self.maint1.id]["rating_count"], 1)
        # Resolved again, and this time the customer is satisfied.
        self.resolve()
        self.log(score=5)
        self.move(self.ticket, self.stage_done, CLOSED_AT)
        self.assertTrue(self.ticket.low_score_reopened, "the mark stays")

    def test_staff_logged_low_score_reopens_too(self):
        self.resolve()
        self.log(score=2)
        self.assertEqual(self.ticket.stage_id, self.stage_progress)

    def test_bad_confirmations_are_refused_clearly(self):
        with self.assertRaisesRegex(ValidationError, "not resolved yet"):
            self.log()
        self.resolve()
        stranger = self.env["res.partner"].create({"name": "Someone Else"})
        cases = ({"score": 7}, {"score": 0}, {"contact_id": False}, {"channel": False},
                 {"contact_id": stranger.id})
        for values in cases:
            with self.assertRaises(ValidationError):
                self.log(**values)
        self.assertFalse(self.ticket.satisfaction_ids, "nothing half-saved")
        request = self.open_ticket(kind="request")
        with self.assertRaisesRegex(ValidationError, "complaints and problems"):
            self.log(ticket_id=request.id)

    def test_only_the_rating_link_records_a_customer_rating(self):
        self.resolve()
        confirmation = self.log(source="customer")
        self.assertEqual(confirmation.source, "staff")

    def test_confirmations_are_not_rewritten_by_staff(self):
        self.resolve()
        confirmation = self.log(score=4)
        with self.assertRaises(AccessError):
            confirmation.sudo(self.maint1).write({"score": 5})
        with self.assertRaises(AccessError):
            self.log(user=self.dev1)

    def test_requests_close_without_satisfaction(self):
        request = self.open_ticket(kind="request")
        self.move(request, self.stage_done, CLOSED_AT)
        self.assertTrue(request.stage_id.closed)

    def test_closing_brings_the_revisit_forward_once(self):
        revisit = self.open_revisits(self.strategic)
        self.assertEqual(revisit.date_due, "2026-12-31")
        self.resolve()
        self.log()
        self.move(self.ticket, self.stage_done, CLOSED_AT)
        self.assertEqual(self.ticket.follow_up_date, "2026-12-16", "closed 2 Dec + 14 days")
        self.assertEqual(revisit.date_due, "2026-12-16")
        self.assertIn(self.ticket.number, revisit.reschedule_reason)
        # The nightly job keeps the follow-up date.
        self.Revisit._schedule_revisits(partner_ids=self.strategic.ids)
        self.assertEqual(self.open_revisits(self.strategic), revisit)
        self.assertEqual(revisit.date_due, "2026-12-16")
        # Reopened and closed again: the follow-up is not planned twice.
        revisit.sudo()._reschedule("2026-12-20", "Customer asked for a later date.")
        self.move(self.ticket, self.stage_progress, CLOSED_AT)
        self.move(self.ticket, self.stage_done, CLOSED_AT)
        self.assertEqual(revisit.date_due, "2026-12-20")

    def test_revisit_due_sooner_is_left_alone(self):
        revisit = self.open_revisits(self.strategic)
        revisit.sudo()._reschedule("2026-12-10", "Visit already planned.")
        self.resolve()
        self.log()
        self.move(self.ticket, self.stage_done, CLOSED_AT)
        self.assertEqual(revisit.date_due, "2026-12-10")
        self.assertEqual(self.ticket.follow_up_date, "2026-12-16")

    def test_customer_without_maintenance_owner_gets_its_follow_up_from_the_leader(self):
        """A tiered customer with no maintenance owner has no planned revisit:
        the follow-up goes to the department's leader, visibly."""
        self.strategic.write({"service_tier_id": self.tier_standard.id, "maintenance_user_id": False})
        self.assertFalse(self.open_revisits(self.strategic))
        self.resolve()
        self.log()
        self.move(self.ticket, self.stage_done, CLOSED_AT)
        self.assertEqual(self.ticket.follow_up_date, "2026-12-16")
        todo = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.strategic.id),
            ("user_id", "=", self.manager.id)])
        self.assertEqual(len(todo), 1, "the department's leader has the follow-up")
        self.assertEqual(todo.date_deadline, "2026-12-16")
        self.assertIn(self.ticket.number, todo.summary)
        self.assertIn("given to Manager", self.ticket.message_ids[0].body)

    def test_follow_up_without_leader_goes_to_the_escalation_manager(self):
        self.strategic.write({"service_tier_id": self.tier_standard.id, "maintenance_user_id": False})
        self.team_maint.user_id = False
        self.policy.revisit_escalation_user_id = self.maint2
        self.resolve()
        self.log()
        self.move(self.ticket, self.stage_done, CLOSED_AT)
        todo = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.strategic.id)])
        self.assertEqual(todo.user_id, self.maint2)

    def test_reopening_a_closed_ticket_by_hand_is_refused_for_satisfaction_facts(self):
        with self.assertRaisesRegex(AccessError, "set by the server"):
            self.ticket.sudo(self.maint1).write({"follow_up_date": "2026-12-05"})


class TestSatisfactionListOnTheTicketForm(HelpdeskCase):
    """The web client refuses to open a form whose embedded list has a field
    whose readonly state depends on a column the list lacks."""

    def test_the_satisfaction_list_carries_the_state_its_fields_depend_on(self):
        arch = self.env["helpdesk.ticket"].sudo(self.maint1).fields_view_get(view_type="form")
        sub = arch["fields"]["satisfaction_ids"]["views"]["tree"]
        Satisfaction = self.env["cdm.ticket.satisfaction"]
        listed = set(etree.fromstring(sub["arch"]).xpath("//field/@name"))
        needs_state = [name for name in listed if Satisfaction._fields[name].states]
        self.assertTrue(needs_state)
        self.assertIn("state", listed, "fields %s depend on the state" % needs_state)
