"""M2: value and potential suggest a tier; a manager confirms or overrides
with a reason; every change is kept."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .maintenance_common import MaintenanceCase


class TestTierAssessment(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.write({"tier_revenue_window_months": 12,
                          "tier_strategic_revenue": 1000000, "tier_strategic_potential": 80,
                          "tier_key_revenue": 200000, "tier_key_potential": 60})
        cls.acme = cls.make_customer("Acme", tier=cls.tier_standard)

    def won_deal(self, partner, revenue, closed, contract_amount=0.0):
        # A deal is won only with its contract recorded and the won stage's
        # other gates met (needs, solution; the maintained customer is screened).
        lead = self.env["crm.lead"].create({
            "name": "Deal %s" % revenue, "type": "opportunity", "partner_id": partner.id,
            "needs": "Fleet tracking", "solution": "Tracking package",
            "planned_revenue": revenue, "contract_amount": contract_amount,
            "contract_number": "C-%s-%s" % (revenue, closed[:10]),
            "contract_signature_date": closed[:10], "probability": 100})
        lead.write({"date_closed": closed})
        return lead

    def test_suggestion_at_the_threshold_boundaries(self):
        suggest = self.env["res.partner"]._suggest_tier
        cases = [
            (0, 0, self.tier_standard),
            (199999.99, 59, self.tier_standard),
            (200000, 0, self.tier_key),
            (0, 60, self.tier_key),
            (999999.99, 79, self.tier_key),
            (1000000, 0, self.tier_strategic),
            (0, 80, self.tier_strategic),
        ]
        for revenue, potential, expected in cases:
            self.assertEqual(suggest(revenue, potential, self.policy), expected,
                             "revenue %s potential %s" % (revenue, potential))

    def test_value_is_won_revenue_within_the_window(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.acme.id})
        self.won_deal(self.acme, 150000, "2026-06-01 10:00:00")
        self.won_deal(contact, 60000, "2026-09-01 10:00:00")
        self.won_deal(self.acme, 500000, "2024-01-01 10:00:00")
        self.env["crm.lead"].create({"name": "Open", "type": "opportunity", "partner_id": self.acme.id,
                                     "planned_revenue": 900000, "probability": 50})
        revenue = self.acme._revenue_by_customer(today="2026-11-27")
        self.assertEqual(revenue[self.acme.id], 210000, "won, within 12 months, contacts included")
        self.assertEqual(self.env["res.partner"]._suggest_tier(210000, 10), self.tier_key)

    def test_signed_contract_amount_counts_before_the_expected_revenue(self):
        self.won_deal(self.acme, 100000, "2026-10-01 10:00:00", contract_amount=120000)
        self.won_deal(self.acme, 30000, "2026-10-02 10:00:00")
        revenue = self.acme._revenue_by_customer(today="2026-11-27")
        self.assertEqual(revenue[self.acme.id], 150000,
                         "the contract amount where recorded, else the expected revenue")

    def wizard(self, user, **values):
        values.setdefault("partner_id", self.acme.id)
        return self.env["cdm.tier.assessment.wizard"].sudo(user).with_context(
            default_partner_id=values["partner_id"]).create(values)

    def test_manager_confirms_the_suggested_tier_and_history_is_kept(self):
        wizard = self.wizard(self.manager, potential_score=85)
        self.assertEqual(wizard.suggested_tier_id, self.tier_strategic)
        wizard.tier_id = self.tier_strategic
        wizard.action_confirm()
        self.assertEqual(self.acme.service_tier_id, self.tier_strategic)
        self.assertEqual(self.acme.potential_score, 85)
        change = self.acme.tier_change_ids[0]
        self.assertEqual((change.old_tier_id, change.new_tier_id), (self.tier_standard, self.tier_strategic))
        self.assertEqual(change.user_id, self.manager)
        self.assertEqual(change.origin, "confirmed")
        self.assertEqual(change.suggested_tier_id, self.tier_strategic)
        self.assertEqual(self.open_revisits(self.acme).tier_id, self.tier_strategic,
                         "the open revisit follows the new tier")

    def test_override_needs_a_reason(self):
        wizard = self.wizard(self.manager, potential_score=10, tier_id=self.tier_key.id)
        self.assertTrue(wizard.is_override)
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.action_confirm()
        self.assertEqual(self.acme.service_tier_id, self.tier_standard, "nothing saved")
        wizard.reason = "Flagship reference customer in the region."
        wizard.action_confirm()
        change = self.acme.tier_change_ids[0]
        self.assertEqual(change.origin, "override")
        self.assertEqual(change.reason, "Flagship reference customer in the region.")
        self.assertEqual(change.new_tier_id, self.tier_key)

    def test_maintenance_user_cannot_decide_or_change_a_tier(self):
        wizard = self.wizard(self.maint1, potential_score=85, tier_id=self.tier_strategic.id)
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        with self.assertRaisesRegex(AccessError, "manager"):
            self.acme.sudo(self.maint1).write({"service_tier_id": self.tier_key.id})
        self.assertEqual(self.acme.service_tier_id, self.tier_standard)
        self.assertFalse(self.acme.tier_change_ids.filtered(lambda c: c.origin != "initial"))

    def test_first_tier_at_handover_is_allowed_and_logged(self):
        newco = self.env["res.partner"].create({"name": "Newco", "is_company": True, "customer": True})
        newco.sudo(self.maint1).write({"service_tier_id": self.tier_key.id,
                                       "maintenance_user_id": self.maint1.id})
        self.assertEqual(newco.tier_change_ids.origin, "initial")
        self.assertFalse(newco.tier_change_ids.old_tier_id)
        self.assertEqual(newco.tier_change_ids.user_id, self.maint1)

    def test_history_is_read_only_for_everyone(self):
        self.acme.sudo(self.manager).write({"service_tier_id": self.tier_key.id})
        change = self.acme.tier_change_ids[0]
        self.assertTrue(change.sudo(self.auditor).read(["reason"]))
        for user in (self.manager, self.maint1):
            with self.assertRaises(AccessError):
                change.sudo(user).write({"reason": "rewritten"})
            with self.assertRaises(AccessError):
                change.sudo(user).unlink()

    def test_potential_out_of_range_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.acme.write({"potential_score": 101})
        wizard = self.wizard(self.manager, potential_score=150, tier_id=self.tier_strategic.id,
                             reason="x")
        with self.assertRaisesRegex(UserError, "between 0 and 100"):
            wizard.action_confirm()

    def test_tier_with_a_dedicated_owner_needs_a_maintenance_owner(self):
        with self.assertRaisesRegex(ValidationError, "dedicated maintenance owner"):
            self.env["res.partner"].create({"name": "Ownerless", "is_company": True,
                                            "service_tier_id": self.tier_key.id})
        strategic = self.make_customer("Owned", tier=self.tier_strategic)
        with self.assertRaisesRegex(ValidationError, "dedicated maintenance owner"):
            with self.env.cr.savepoint():
                strategic.write({"maintenance_user_id": False})
        strategic.invalidate_cache()
        self.assertEqual(strategic.maintenance_user_id, self.maint1)
        plain = self.env["res.partner"].create({"name": "Plain", "is_company": True,
                                                "service_tier_id": self.tier_standard.id})
        self.assertFalse(plain.maintenance_user_id, "Standard needs no dedicated owner")
