"""M10: satisfaction average and trend, open complaints, revenue and the
health score with its factors."""
from odoo import fields

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

    def test_open_tickets_count_as_complaints_and_lower_health(self):
        before = self.acme.health_score
        contact = self.env["res.partner"].create({"name": "Caller", "parent_id": self.acme.id})
        self.env["helpdesk.ticket"].create({"name": "Down", "description": "x", "partner_id": contact.id})
        self.env["helpdesk.ticket"].create({"name": "Slow", "description": "x", "partner_id": self.acme.id})
        self.acme._refresh_customer_health()
        self.assertEqual(self.acme.open_complaint_count, 2)
        self.assertEqual(self.acme.health_complaints, 50.0)
        self.assertLess(self.acme.health_score, before)

    def test_weights_come_from_the_settings(self):
        self.done("2025-03-01", "2025-03-01", 5)
        self.policy.write({"health_weight_satisfaction": 1, "health_weight_revisit": 0,
                           "health_weight_complaints": 0, "health_weight_revenue": 0})
        self.acme._refresh_customer_health()
        self.assertEqual(self.acme.health_score, 100, "satisfaction 5/5 is all that counts")

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

    def test_negative_weights_are_refused(self):
        from odoo.exceptions import ValidationError
        with self.assertRaisesRegex(ValidationError, "weights"):
            self.policy.write({"health_weight_revenue": -5})
