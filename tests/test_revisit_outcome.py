"""M4: completing a revisit records its outcome, closes its activity, can
turn needs into an opportunity and problems into a ticket, and plans the next."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .maintenance_common import MaintenanceCase


class TestRevisitOutcome(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create({"name": "Wang Li"})
        cls.acme = cls.make_customer("Acme", tier=cls.tier_key, handover="2026-01-01",
                                     child_ids=[(4, cls.contact.id)], user_id=cls.dev1.id,
                                     team_id=cls.team_dev_east.id)

    def setUp(self):
        super().setUp()
        self.revisit = self.open_revisits(self.acme)

    def test_owner_completes_the_revisit_with_its_outcome(self):
        activity = self.revisit.activity_id
        self.assertEqual(self.revisit.date_due, "2026-03-02", "1 Jan + 60 days")
        self.complete(self.revisit, date_done="2026-03-02", satisfaction=5, channel="phone",
                      contact_id=self.contact.id, feedback="Happy with the upgrade.",
                      suggestions="More training.", needs="A second site.")
        self.assertEqual(self.revisit.state, "done")
        self.assertEqual(self.revisit.date_done, "2026-03-02")
        self.assertEqual(self.revisit.contact_id, self.contact)
        self.assertTrue(self.revisit.on_time)
        self.assertFalse(activity.exists(), "the customer's Revisit activity is marked done")
        revisit_type = self.env.ref("customer_dev_maint.mail_activity_type_revisit")
        done_message = self.acme.message_ids.filtered(lambda m: m.mail_activity_type_id == revisit_type)
        self.assertTrue(done_message, "the done activity is logged on the customer's chatter")

    def test_completion_is_logged_in_the_name_of_who_completed_it(self):
        revisit = self.revisit.with_context(tracking_disable=False)
        before = self.env["mail.message"].search([]).ids
        self.complete(revisit, date_done="2026-03-02", satisfaction=5, channel="phone")
        logged = self.env["mail.message"].search([
            ("id", "not in", before), ("model", "in", ("cdm.revisit", "res.partner")),
            ("res_id", "in", (self.revisit.id, self.acme.id))])
        self.assertTrue(logged)
        self.assertEqual(logged.mapped("author_id"), self.maint1.partner_id,
                         [(m.model, m.body, m.author_id.name) for m in logged])

    def test_next_revisit_appears_after_completion(self):
        self.complete(self.revisit, date_done="2026-03-05")
        following = self.open_revisits(self.acme)
        self.assertEqual(len(following), 1)
        self.assertEqual(following.date_due, "2026-05-04", "5 Mar + 60 days (Key)")
        self.assertTrue(following.activity_id)
        self.assertEqual(self.acme.last_revisit_date, "2026-03-05")
        self.assertEqual(self.acme.next_revisit_date, "2026-05-04")

    def test_late_completion_is_not_on_time(self):
        self.complete(self.revisit, date_done="2026-04-01")
        self.assertFalse(self.revisit.on_time)

    def test_satisfaction_zero_or_six_is_refused(self):
        for rating in (0, 6, -1):
            with self.assertRaisesRegex(ValidationError, "1 to 5|1 \\(very dissatisfied\\)"):
                with self.env.cr.savepoint():
                    self.complete(self.revisit, satisfaction=rating)
            self.revisit.invalidate_cache()
            self.assertEqual(self.revisit.state, "planned")
            self.assertTrue(self.revisit.activity_id.exists(), "nothing saved")

    def test_completion_date_in_the_future_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "still to come"):
            with self.env.cr.savepoint():
                self.complete(self.revisit, date_done="2099-01-01")
        self.revisit.invalidate_cache()
        self.assertEqual(self.revisit.state, "planned")
        self.assertFalse(self.revisit.date_done, "the future date is not saved either")

    def test_future_done_date_is_refused_when_saved(self):
        with self.assertRaisesRegex(ValidationError, "still to come"):
            with self.env.cr.savepoint():
                self.revisit.sudo(self.maint1).write({"date_done": "2099-01-01"})
        self.revisit.invalidate_cache()
        self.assertFalse(self.revisit.date_done)

    def test_channel_is_required_to_complete(self):
        with self.assertRaisesRegex(ValidationError, "how the revisit"):
            with self.env.cr.savepoint():
                self.complete(self.revisit, channel=False)
        self.assertEqual(self.revisit.state, "planned")

    def test_contact_of_another_customer_is_refused(self):
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaisesRegex(ValidationError, "contact person"):
            self.revisit.write({"contact_id": stranger.id})

    def test_development_user_and_auditor_read_but_cannot_complete(self):
        for user in (self.dev1, self.auditor):
            self.assertTrue(self.revisit.sudo(user).read(["date_due"]))
            with self.assertRaises(AccessError):
                self.complete(self.revisit, user=user)
        with self.assertRaises(AccessError):
            self.revisit.sudo(self.outsider).read(["date_due"])
        self.assertEqual(self.revisit.state, "planned")

    def test_activity_cannot_be_marked_done_without_the_revisit(self):
        with self.assertRaisesRegex(UserError, "record its outcome"):
            self.revisit.activity_id.sudo(self.maint1).action_feedback(feedback="done")
        self.assertTrue(self.revisit.activity_id.exists())

    def test_needs_become_an_opportunity_for_the_development_owner(self):
        self.complete(self.revisit, needs="Warehouse module for the new site\nabout 200 users")
        self.revisit.sudo(self.maint1).action_create_opportunity()
        lead = self.revisit.lead_id
        self.assertTrue(lead)
        action = self.revisit.sudo(self.manager).action_create_opportunity()
        self.assertEqual(action["res_id"], lead.id, "who may read the opportunity opens it")
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.partner_id, self.acme)
        self.assertEqual(lead.user_id, self.dev1, "the customer's development owner")
        self.assertEqual(lead.team_id, self.team_dev_east)
        self.assertIn("Warehouse module", lead.name)
        self.assertIn("200 users", lead.description)
        self.revisit.sudo(self.maint1).action_create_opportunity()
        self.assertEqual(self.env["crm.lead"].search_count([("partner_id", "=", self.acme.id)]), 1,
                         "a second click opens the same opportunity")

    def test_opportunity_links_back_to_its_revisit_on_both_forms(self):
        self.complete(self.revisit, needs="A second site")
        self.revisit.sudo(self.maint1).action_create_opportunity()
        lead = self.revisit.lead_id.sudo(self.dev1)
        self.assertEqual(lead.revisit_id, self.revisit, "the development owner sees where it came from")
        lead_form = lead.fields_view_get(view_id=self.env.ref("crm.crm_case_form_view_oppor").id,
                                         view_type="form")["arch"]
        self.assertIn('name="revisit_id"', lead_form)
        revisit_form = self.env["cdm.revisit"].sudo(self.maint1).fields_view_get(view_type="form")["arch"]
        self.assertIn('name="lead_id"', revisit_form)

    def test_problem_becomes_a_ticket_linked_both_ways(self):
        self.complete(self.revisit, problem="Invoices print blank")
        self.revisit.sudo(self.maint1).action_create_ticket()
        ticket = self.revisit.ticket_id
        self.assertEqual(ticket.partner_id, self.acme)
        self.assertEqual(ticket.user_id, self.maint1)
        self.assertEqual(ticket.revisit_id, self.revisit)
        self.assertEqual(ticket.maintenance_team_id, self.team_maint)

    def test_opportunity_needs_a_completed_revisit_with_needs(self):
        with self.assertRaisesRegex(UserError, "Complete the revisit"):
            self.revisit.sudo(self.maint1).action_create_opportunity()
        self.complete(self.revisit)
        with self.assertRaisesRegex(UserError, "needs found"):
            self.revisit.sudo(self.maint1).action_create_opportunity()
        with self.assertRaisesRegex(UserError, "problem reported"):
            self.revisit.sudo(self.maint1).action_create_ticket()
        self.assertFalse(self.revisit.lead_id or self.revisit.ticket_id)

    def test_only_a_manager_cancels_a_revisit(self):
        with self.assertRaisesRegex(UserError, "manager"):
            self.revisit.sudo(self.maint1).action_cancel()
        activity = self.revisit.activity_id
        self.revisit.sudo(self.manager).action_cancel()
        self.assertEqual(self.revisit.state, "cancelled")
        self.assertFalse(activity.exists())
