"""M10: satisfaction average and trend, open complaints, revenue and the
health score with its factors."""
from odoo import fields

from .frozen_today import freeze_today
from .maintenance_common import MaintenanceCase


class TestCustomerHealth(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.write({
            "satisfaction_revisit_count": 4, "tier_strategic_revenue": 1000000,
            "health_weight_satisfaction": 40, "health_weight_revisit": 20,
            "health_weight_complaints": 20, "health_weight_revenue": 20})
        cls.acme = cls.make_customer("Acme", tier=cls.tier_standard, sync=False)

    def setUp(self):
        super().setUp()
        frozen = freeze_today(self.env, "2026-06-01")
        frozen.start()
        self.addCleanup(frozen.stop)

    def done(self, due, done, satisfaction):
        return self.Revisit.create({
            "partner_id": self.acme.id, "date_due": due, "date_done": done, "state": "done",
            "satisfaction": satisfaction, "channel": "phone", "user_id": self.maint1.id})

    def test_health_factors_for_known_inputs(self):
        factors = self.acme._health_factors(
            ratings=[5, 4, 3, 2], next_due="2026-01-01", open_complaints=1, revenue=500000,
            policy=self.policy, today=fields.Date.from_string("2026-01-31"))
        self.assertAlmostEqual(factors["satisfaction_avg"], 3.5)
        self.assertAlmostEqual(factors["health_satisfaction"], 70.0)
        self.assertEqual(factors["satisfaction_trend"], "up", "newer 4.5 against older 2.5")
        self.assertAlmostEqual(factors["health_revisit"], 100.0 - 100.0 * 30 / 90)
        self.assertAlmostEqual(factors["health_complaints"], 75.0)
        self.assertAlmostEqual(factors["health_revenue"], 50.0)
        # (40*70 + 20*66.67 + 20*75 + 20*50) / 100 = 66.33
        self.assertEqual(factors["health_score"], 66)

    def test_satisfaction_average_and_trend_use_the_last_revisits(self):
        self.done("2025-01-01", "2025-01-01", 1)   # older than the last 4: ignored
        self.done("2025-03-01", "2025-03-01", 5)
        self.done("2025-05-01", "2025-05-01", 5)
        self.done("2025-07-01", "2025-07-01", 3)
        self.done("2025-09-01", "2025-09-01", 2)
        self.assertAlmostEqual(self.acme.satisfaction_avg, 3.75)
        self.assertEqual(self.acme.satisfaction_trend, "down")
        self.assertEqual(self.acme.last_revisit_date, "2025-09-01")

    def test_tickets_of_the_customer_and_its_contacts_count_at_once(self):
        before = self.acme.health_score
        contact = self.env["res.partner"].create({"name": "Caller", "parent_id": self.acme.id})
        Ticket = self.env["helpdesk.ticket"].sudo(self.maint2)
        Ticket.create({"name": "Down", "description": "x", "partner_id": contact.id, "kind": "problem"})
        slow = Ticket.create({"name": "Slow", "description": "x", "partner_id": self.acme.id,
                              "kind": "complaint"})
        request = Ticket.create({"name": "Brochure", "description": "x", "partner_id": self.acme.id,
                                 "kind": "request"})
        self.assertEqual(self.acme.open_complaint_count, 2,
                         "no refresh needed, contacts count, a request is no complaint")
        request.write({"kind": "complaint"})
        self.assertEqual(self.acme.open_complaint_count, 3, "a ticket found to be a complaint counts")
        request.write({"kind": "request"})
        self.assertEqual(self.acme.health_complaints, 50.0)
        self.assertLess(self.acme.health_score, before)
        self.assertEqual(contact.open_complaint_count, 0, "a contact carries no figures")
        closed = self.env["helpdesk.ticket.stage"].create({"name": "Solved", "closed": True})
        # Closed without confirmed satisfaction: a cancellation, with its cause and reason.
        slow.sudo(self.manager).write({"stage_id": closed.id, "cancel_cause": "withdrawn",
                                       "cancel_reason": "Solved on the phone, withdrawn."})
        self.assertEqual(self.acme.open_complaint_count, 1)
        contact.write({"parent_id": False})
        self.assertEqual(self.acme.open_complaint_count, 0, "the contact left the customer")
        self.assertEqual(contact.open_complaint_count, 1, "now its own customer")

    def won_deal(self, partner, number, closed):
        return self.env["crm.lead"].create({
            "name": "Deal %s" % number, "type": "opportunity", "partner_id": partner.id,
            "planned_revenue": 500000, "contract_number": number,
            "needs": "Regional stock visibility", "solution": "Central warehouse system",
            "contract_signature_date": closed[:10], "probability": 100, "date_closed": closed})

    def test_deals_won_with_a_contact_count_in_revenue_at_once(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.acme.id})
        with freeze_today(self.env, "2026-11-30"):
            self.won_deal(contact, "C-HEALTH-1", "2026-11-02 10:00:00")
            self.assertEqual(self.acme.health_revenue, 50.0, "500k of the 1M strategic threshold")

    def test_a_change_of_the_weights_updates_stored_health_at_once(self):
        self.done("2025-03-01", "2025-03-01", 5)
        other = self.make_customer("Other", sync=False)
        self.policy.sudo(self.manager).write({
            "health_weight_satisfaction": 1, "health_weight_revisit": 0,
            "health_weight_complaints": 0, "health_weight_revenue": 0})
        self.assertEqual(self.acme.health_score, 100, "satisfaction 5/5 is all that counts")
        self.assertEqual(other.health_score, 50, "no rating: neutral, also without any write on it")
        self.policy.sudo(self.manager).write({"health_weight_revenue": 1})
        self.assertEqual(other.health_score, 25, "(50 + 0) / 2")

    def test_a_change_of_the_tier_interval_updates_stored_figures_at_once(self):
        customer = self.make_customer("Late", tier=self.tier_key, handover="2026-01-01")
        with freeze_today(self.env, "2026-04-01"):
            customer._refresh_customer_health()
            self.assertEqual(customer.next_revisit_date, "2026-03-02", "1 Jan + 60 days")
            self.assertAlmostEqual(customer.health_revisit, 100.0 - 100.0 * 30 / 60)
            self.tier_key.sudo(self.manager).write({"revisit_interval_days": 120})
            self.assertEqual(customer.next_revisit_date, "2026-05-01", "1 Jan + 120 days")
            self.assertEqual(customer.health_revisit, 100.0, "no longer overdue")

    def test_daily_refresh_covers_customers_no_longer_maintained(self):
        with freeze_today(self.env, "2026-11-30"):
            self.won_deal(self.acme, "C-HEALTH-2", "2026-01-02 10:00:00")
        self.acme.write({"maintenance_user_id": False, "service_tier_id": False})
        Partner = self.env["res.partner"]
        with freeze_today(self.env, "2026-11-30"):
            Partner._cron_refresh_customer_health(commit=False)
            self.assertEqual(self.acme.health_revenue, 50.0)
        with freeze_today(self.env, "2027-02-01"):
            self.assertGreaterEqual(Partner._cron_refresh_customer_health(commit=False), 1)
            self.assertEqual(self.acme.health_revenue, 0.0, "the deal left the 12-month window")
            self.assertEqual(Partner._cron_refresh_customer_health(commit=False), 0,
                             "a second run changes nothing")

    def test_daily_refresh_empties_figures_a_contact_still_holds(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.acme.id})
        self.env.cr.execute("UPDATE res_partner SET health_score = 35, satisfaction_trend = 'flat' "
                            "WHERE id = %s", (contact.id,))
        contact.invalidate_cache()
        with freeze_today(self.env, "2026-06-01"):
            self.env["res.partner"]._cron_refresh_customer_health(commit=False)
        self.assertEqual((contact.health_score, contact.satisfaction_trend), (0, False))

    def test_health_sorts_and_filters_customers(self):
        other = self.make_customer("Other", sync=False)
        self.done("2025-03-01", "2025-03-01", 5)
        self.Revisit.create({"partner_id": other.id, "date_due": "2025-03-01", "date_done": "2025-03-01",
                             "state": "done", "satisfaction": 1, "channel": "phone"})
        ordered = self.env["res.partner"].search([("id", "in", (self.acme | other).ids)],
                                                 order="health_score desc")
        self.assertEqual(ordered[0], self.acme)
        low = self.env["res.partner"].search([("id", "in", (self.acme | other).ids),
                                              ("health_score", "<", self.acme.health_score)])
        self.assertEqual(low, other)

    def test_a_company_without_policy_yet_is_weighed_by_the_defaults(self):
        company = self.env["res.company"].create({"name": "Newly Founded Ltd"})
        policy = self.env["res.partner"]._maintenance_policy(company)
        self.assertFalse(policy.id, "nothing created")
        self.assertEqual((policy.health_weight_satisfaction, policy.health_weight_revenue,
                          policy.tier_strategic_revenue), (40, 20, 1000000.0))
        newco = self.make_customer("Newco", sync=False, company_id=company.id)
        self.assertEqual(newco.health_score, 50, "(40x50 + 20x50 + 20x100 + 20x0) / 100, not 0")

    def test_negative_weights_are_refused(self):
        from odoo.exceptions import ValidationError
        with self.assertRaisesRegex(ValidationError, "weights"):
            self.policy.write({"health_weight_revenue": -5})
