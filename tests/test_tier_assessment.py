"""M2: value and potential suggest a tier; a manager confirms or overrides
with a reason; every change is kept, with values the server decides."""
import json

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .frozen_today import freeze_today
from .maintenance_common import MaintenanceCase
from .view_buttons import form_arch, offered


class TestTierAssessment(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.write({"tier_revenue_window_months": 12,
                          "tier_strategic_revenue": 1000000, "tier_strategic_potential": 80,
                          "tier_key_revenue": 200000, "tier_key_potential": 60})
        cls.acme = cls.make_customer("Acme", tier=cls.tier_standard)

    def setUp(self):
        super().setUp()
        frozen = freeze_today(self.env, "2026-11-27")
        frozen.start()
        self.addCleanup(frozen.stop)

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
        self.assertTrue(wizard.reason_required, "the customer's tier changes")
        with self.assertRaisesRegex(UserError, "reason for changing the tier of Acme"):
            wizard.action_confirm()
        self.assertEqual(self.acme.service_tier_id, self.tier_standard, "nothing saved")
        wizard.reason = "Potential confirmed at the yearly review."
        wizard.action_confirm()
        self.assertEqual(self.acme.service_tier_id, self.tier_strategic)
        self.assertEqual(self.acme.potential_score, 85)
        change = self.acme.tier_change_ids[0]
        self.assertEqual((change.old_tier_id, change.new_tier_id), (self.tier_standard, self.tier_strategic))
        self.assertEqual(change.user_id, self.manager)
        self.assertEqual(change.origin, "confirmed")
        self.assertEqual(change.suggested_tier_id, self.tier_strategic)
        self.assertEqual(change.reason, "Potential confirmed at the yearly review.")
        self.assertEqual(self.open_revisits(self.acme).tier_id, self.tier_strategic,
                         "the open revisit follows the new tier")

    def test_confirming_the_current_tier_needs_no_reason_and_is_kept(self):
        wizard = self.wizard(self.manager, potential_score=10, tier_id=self.tier_standard.id)
        self.assertFalse(wizard.reason_required)
        wizard.action_confirm()
        change = self.acme.tier_change_ids[0]
        self.assertEqual((change.origin, change.old_tier_id, change.new_tier_id),
                         ("confirmed", self.tier_standard, self.tier_standard))

    def test_manager_plain_write_needs_a_reason(self):
        manager_acme = self.acme.sudo(self.manager)
        with self.assertRaisesRegex(UserError, "reason for changing the service tier of Acme "
                                               "from Standard to Key"):
            manager_acme.write({"service_tier_id": self.tier_key.id})
        with self.assertRaisesRegex(UserError, "reason"):
            manager_acme.write({"service_tier_id": self.tier_key.id, "tier_change_reason": "  "})
        with self.assertRaisesRegex(UserError, "from Standard to none"):
            manager_acme.write({"service_tier_id": False})
        self.assertEqual(self.acme.service_tier_id, self.tier_standard, "nothing saved")
        self.assertEqual(len(self.acme.tier_change_ids), 1, "only the first assignment")
        manager_acme.write({"service_tier_id": self.tier_key.id,
                            "tier_change_reason": "Second plant opened."})
        change = self.acme.tier_change_ids[0]
        self.assertEqual((change.origin, change.reason, change.user_id),
                         ("manual", "Second plant opened.", self.manager))
        self.assertEqual(change.suggested_tier_id, self.tier_standard, "computed by the server")
        self.assertFalse(self.acme.tier_change_reason, "kept in the history, not on the customer")

    def test_import_of_a_tier_change_needs_a_reason(self):
        Partner = self.env["res.partner"].sudo(self.manager)
        self.env["ir.model.data"].create({"module": "__import__", "name": "acme",
                                          "model": "res.partner", "res_id": self.acme.id})
        xmlid = "__import__.acme"
        with mute_logger("odoo.sql_db"):
            result = Partner.load(["id", "service_tier_id/id"], [[xmlid, "customer_dev_maint.tier_key"]])
        self.assertFalse(result["ids"])
        self.assertIn("reason", result["messages"][0]["message"])
        self.assertEqual(self.acme.service_tier_id, self.tier_standard)
        result = Partner.load(["id", "service_tier_id/id", "tier_change_reason"],
                              [[xmlid, "customer_dev_maint.tier_key", "Merged with a subsidiary."]])
        self.assertEqual(result["ids"], [self.acme.id], result["messages"])
        self.assertEqual(self.acme.service_tier_id, self.tier_key)
        self.assertEqual(self.acme.tier_change_ids[0].reason, "Merged with a subsidiary.")

    def forged_context(self):
        return {"cdm_tier_origin": "confirmed", "cdm_tier_reason": "Made-up approval",
                "cdm_tier_suggested_id": self.tier_strategic.id, "cdm_tier_decision": "confirmed",
                "cdm_acting_uid": self.manager.id}

    def test_history_ignores_the_clients_context(self):
        newco = self.env["res.partner"].create({"name": "Newco", "is_company": True, "customer": True})
        newco.sudo(self.maint1).with_context(**self.forged_context()).write(
            {"service_tier_id": self.tier_key.id, "maintenance_user_id": self.maint1.id})
        change = newco.tier_change_ids
        self.assertEqual((change.origin, change.reason, change.user_id),
                         ("initial", False, self.maint1))
        self.assertEqual(change.suggested_tier_id, self.tier_standard,
                         "suggested from revenue and potential, not from the context")
        acme = self.acme.sudo(self.manager).with_context(**self.forged_context())
        acme.write({"service_tier_id": self.tier_standard.id})
        self.assertEqual(len(self.acme.tier_change_ids), 1, "no change, no row, whatever the context")
        with self.assertRaisesRegex(UserError, "reason"):
            acme.write({"service_tier_id": self.tier_key.id})
        acme.write({"service_tier_id": self.tier_key.id, "tier_change_reason": "New contract."})
        change = self.acme.tier_change_ids[0]
        self.assertEqual((change.origin, change.reason, change.user_id, change.suggested_tier_id),
                         ("manual", "New contract.", self.manager, self.tier_standard))

    def test_maintenance_user_cannot_change_another_owners_customer_tier(self):
        with self.assertRaisesRegex(AccessError, "manager"):
            self.acme.sudo(self.maint2).with_context(**self.forged_context()).write(
                {"service_tier_id": self.tier_key.id, "tier_change_reason": "Because."})
        self.assertEqual(self.acme.service_tier_id, self.tier_standard)

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
        self.acme.sudo(self.manager).write({"service_tier_id": self.tier_key.id,
                                            "tier_change_reason": "Upgrade"})
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

    def test_each_role_is_offered_only_the_buttons_it_may_use(self):
        Partner = self.env["res.partner"]
        form = "base.view_partner_form"
        self.assertFalse(offered(Partner, self.auditor, "toggle_active", form),
                         "the auditor reads: no archive toggle")
        self.assertTrue(offered(Partner, self.manager, "toggle_active", form))
        for user in (self.auditor, self.dev1, self.maint1, self.manager):
            may_write = Partner.sudo(user).check_access_rights("write", raise_exception=False)
            self.assertEqual(offered(Partner, user, "toggle_active", form), may_write, user.login)
            self.assertEqual(offered(Partner, user, "action_open_tier_assessment", form),
                             user == self.manager, "Assess: managers only (%s)" % user.login)
        reason = form_arch(Partner, self.manager, form).xpath("//field[@name='tier_change_reason']")[0]
        self.assertIsNot(json.loads(reason.get("modifiers")).get("invisible"), True,
                         "managers give the reason")
        # What the view offers works: the manager archives, the auditor is refused.
        self.acme.sudo(self.manager).toggle_active()
        self.assertFalse(self.acme.active)
        with self.assertRaises(AccessError):
            self.acme.sudo(self.auditor).toggle_active()
