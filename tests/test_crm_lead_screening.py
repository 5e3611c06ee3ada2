"""D1, D2: identification and screening of prospects; only qualified leads convert."""
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError, ValidationError

from .crm_lead_common import DevelopmentPipelineCase


class TestIdentification(DevelopmentPipelineCase):

    def test_source_industry_and_region_are_searchable_and_groupable(self):
        industry = self.env["res.partner.industry"].create({"name": "Logistics"})
        state = self.env.ref("base.state_us_5")
        self.make_lead(source_channel="exhibition", industry_id=industry.id, state_id=state.id,
                       research_notes="Met at the trade fair")
        self.make_lead(source_channel="referral")
        Lead = self.as_user(self.dev1, "crm.lead")
        self.assertEqual(Lead.search_count([("source_channel", "=", "exhibition"),
                                            ("industry_id", "=", industry.id),
                                            ("state_id", "=", state.id)]), 1)
        groups = Lead.read_group([("source_channel", "!=", False)], ["source_channel"], ["source_channel"])
        counts = {group["source_channel"]: group["source_channel_count"] for group in groups}
        self.assertEqual(counts, {"exhibition": 1, "referral": 1})
        groups = Lead.read_group([("industry_id", "=", industry.id)], ["industry_id"], ["industry_id"])
        self.assertEqual(groups[0]["industry_id_count"], 1)


    def test_manager_maintains_industries_development_user_only_reads_them(self):
        industry = self.env["res.partner.industry"].sudo(self.manager).create({"name": "Energy"})
        self.assertEqual(industry.sudo(self.dev1).name, "Energy")
        with self.assertRaises(AccessError):
            industry.sudo(self.dev1).write({"name": "Power"})


class TestScreeningScore(DevelopmentPipelineCase):

    def test_weighted_score_of_known_inputs(self):
        lead = self.score(self.make_lead(), fit=5, capability=3, value=4, credit=0)
        # (5*3 + 3*2 + 4*3 + 0*2) / (5 * (3+2+3+2)) = 33 / 50
        self.assertAlmostEqual(lead.screening_score, 66.0)
        self.assertEqual(lead.screening_band, "60_79")

    def test_a_new_lead_gets_one_line_per_active_criterion(self):
        lead = self.make_lead()
        self.assertEqual(lead.screening_score_ids.mapped("criterion_id"),
                         self.crit_fit | self.crit_capability | self.crit_value | self.crit_credit)
        self.assertEqual(lead.screening_score, 0.0)

    def test_unscored_criterion_counts_as_zero(self):
        lead = self.make_lead(screening_score_ids=[(0, 0, {"criterion_id": self.crit_fit.id, "score": 5})])
        self.assertAlmostEqual(lead.screening_score, 30.0)  # 15 / 50

    def test_deactivating_a_criterion_recomputes_the_scores(self):
        lead = self.score(self.make_lead(), fit=5, capability=3, value=4, credit=0)
        self.crit_credit.sudo(self.manager).write({"active": False})
        self.assertAlmostEqual(lead.screening_score, 82.5)  # 33 / 40
        self.crit_credit.sudo(self.manager).write({"active": True})
        self.assertAlmostEqual(lead.screening_score, 66.0)

    def test_changing_a_weight_recomputes_the_scores_it_affects(self):
        lead = self.score(self.make_lead(), fit=5, capability=3, value=4, credit=0)
        other = self.make_lead(
            screening_score_ids=[(0, 0, {"criterion_id": self.crit_credit.id, "score": 5})])
        self.assertAlmostEqual(other.screening_score, 20.0)  # 10 / 50
        self.crit_fit.sudo(self.manager).write({"weight": 1})
        self.assertAlmostEqual(lead.screening_score, 57.5)  # (5 + 6 + 12) / 40
        self.assertAlmostEqual(other.screening_score, 25.0)  # 10 / 40

    def test_a_new_criterion_lowers_the_scale_until_scored(self):
        lead = self.score(self.make_lead(), fit=5, capability=5, value=5, credit=5)
        self.assertAlmostEqual(lead.screening_score, 100.0)
        self.env["cdm.screening.criterion"].sudo(self.manager).create({"name": "Reference", "weight": 10})
        self.assertAlmostEqual(lead.screening_score, 50.0)

    def test_development_user_cannot_edit_criteria(self):
        with self.assertRaises(AccessError):
            self.crit_fit.sudo(self.dev1).write({"weight": 10})
        self.assertEqual(self.crit_fit.weight, 3)

    def test_maintenance_user_cannot_score_a_lead(self):
        lead = self.make_lead()
        with self.assertRaises(AccessError):
            lead.screening_score_ids[0].sudo(self.maint1).write({"score": 4})

    def test_score_outside_zero_to_five_is_refused_and_nothing_saved(self):
        lead = self.score(self.make_lead(), fit=2)
        for bad in (7, -1):
            with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
                self.score(lead, fit=bad)
            self.assertIn("from 0 to 5", str(caught.exception))
        lead.invalidate_cache()
        self.assertEqual(lead.screening_score_ids.filtered(
            lambda line: line.criterion_id == self.crit_fit).score, 2)

    def test_zero_or_negative_weight_is_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.crit_fit.sudo(self.manager).write({"weight": 0})
        self.crit_fit.invalidate_cache()
        self.assertEqual(self.crit_fit.weight, 3)


class TestScreeningDecision(DevelopmentPipelineCase):

    def test_lead_at_threshold_is_qualified_by_its_owner(self):
        lead = self.score(self.make_lead(), fit=3, capability=3, value=3, credit=3)  # 60
        lead.action_screening_qualify()
        self.assertEqual(lead.screening_decision, "qualified")
        self.assertEqual(lead.screening_user_id, self.dev1)
        self.assertTrue(lead.screening_decision_date)

    def test_lead_below_threshold_cannot_be_qualified(self):
        lead = self.score(self.make_lead(), fit=3, capability=3, value=3, credit=2)  # 56
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            lead.action_screening_qualify()
        self.assertIn("below the qualification threshold 60.0", str(caught.exception))
        lead.invalidate_cache()
        self.assertEqual(lead.screening_decision, "pending")

    def test_decision_stands_when_scores_change_afterwards(self):
        lead = self.score(self.make_lead(), fit=3, capability=3, value=3, credit=3)
        lead.action_screening_qualify()
        self.score(lead, fit=1, capability=1, value=1, credit=1)
        lead.write({"screening_reject_reason": "Noted for the record"})
        self.assertEqual(lead.screening_decision, "qualified")
        self.assertAlmostEqual(lead.screening_score, 20.0)

    def test_threshold_is_the_policy_setting(self):
        lead = self.score(self.make_lead(), fit=3, capability=3, value=3, credit=2)  # 56
        self.policy.sudo(self.manager).write({"screening_threshold": 55})
        lead.action_screening_qualify()
        self.assertEqual(lead.screening_decision, "qualified")

    def test_threshold_outside_zero_to_hundred_is_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.policy.sudo(self.manager).write({"screening_threshold": 120})
        with self.assertRaises(AccessError):
            self.policy.sudo(self.dev1).write({"screening_threshold": 10})

    def test_rejection_needs_a_reason(self):
        lead = self.make_lead()
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            lead.action_screening_reject()
        self.assertIn("reason", str(caught.exception))
        lead.write({"screening_reject_reason": "No budget before 2028"})
        lead.action_screening_reject()
        self.assertEqual(lead.screening_decision, "rejected")
        lead.action_screening_reset()
        self.assertEqual(lead.screening_decision, "pending")
        self.assertFalse(lead.screening_reject_reason)


class TestConversion(DevelopmentPipelineCase):

    def _convert_with_wizard(self, lead, user):
        wizard = self.env["crm.lead2opportunity.partner"].sudo(user).with_context(
            active_model="crm.lead", active_id=lead.id, active_ids=lead.ids,
        ).create({"name": "convert", "action": "exist", "partner_id": self.prospect.id})
        return wizard.action_apply()

    def test_unqualified_lead_is_not_converted_by_any_route(self):
        lead = self.score(self.make_lead(), fit=5, capability=5, value=5, credit=5)
        with self.assertRaises(UserError) as caught:
            self._convert_with_wizard(lead, self.dev1)
        self.assertIn("Only qualified leads are converted", str(caught.exception))
        with self.assertRaises(UserError):
            lead.convert_opportunity(self.prospect.id)
        with self.assertRaises(UserError):
            lead.write({"type": "opportunity"})
        lead.invalidate_cache()
        self.assertEqual(lead.type, "lead")

    def test_rejected_lead_is_not_converted(self):
        lead = self.make_lead(screening_reject_reason="Out of scope")
        lead.action_screening_reject()
        with self.assertRaises(UserError):
            self._convert_with_wizard(lead, self.dev1)

    def test_qualified_lead_is_converted_by_its_owner(self):
        lead = self.score(self.make_lead(), fit=5, capability=5, value=5, credit=5)
        lead.action_screening_qualify()
        self._convert_with_wizard(lead, self.dev1)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.partner_id, self.prospect)

    def test_lead_of_a_maintained_customer_counts_as_screened(self):
        lead = self.make_lead(partner_id=self.customer.id)
        self.assertTrue(lead.maintained_customer)
        lead.convert_opportunity(self.customer.id)
        self.assertEqual(lead.type, "opportunity")

    def test_opportunity_created_directly_is_not_blocked(self):
        opportunity = self.make_opportunity(qualified=False)
        self.assertEqual(opportunity.type, "opportunity")
        self.assertEqual(opportunity.screening_decision, "pending")


class TestPriorityFollowsScore(DevelopmentPipelineCase):

    def test_priority_follows_score_bands(self):
        lead = self.make_lead()
        self.assertEqual(lead.priority, "0")
        self.score(lead, fit=5, capability=5, value=5, credit=5)
        self.assertEqual(lead.priority, "3")
        self.score(lead, fit=3, capability=3, value=3, credit=3)
        self.assertEqual(lead.priority, "2")
        self.score(lead, fit=2, capability=2, value=2, credit=2)
        self.assertEqual(lead.priority, "1")
        self.assertFalse(lead.priority_manual)

    def test_priority_set_by_hand_is_kept_until_released(self):
        lead = self.make_lead()
        lead.write({"priority": "1"})
        self.assertTrue(lead.priority_manual)
        self.score(lead, fit=5, capability=5, value=5, credit=5)
        self.assertEqual(lead.priority, "1")
        lead.write({"priority_manual": False})
        self.score(lead, fit=4, capability=4, value=4, credit=4)
        self.assertEqual(lead.priority, "3")

    def test_weight_change_moves_priority(self):
        lead = self.score(self.make_lead(), fit=5, capability=0, value=5, credit=0)  # 60
        self.assertEqual(lead.priority, "2")
        self.crit_fit.sudo(self.manager).write({"weight": 20})  # (100 + 15) / 135 = 85.2
        self.assertEqual(lead.priority, "3")


class TestMergeScreening(DevelopmentPipelineCase):
    """Merging makes a lead part of an opportunity: it is screened first."""

    def setUp(self):
        super().setUp()
        self.opportunity = self.make_opportunity(name="Fleet deal")
        self.pending = self.make_lead(name="Pending lead", partner_id=self.prospect.id)

    def _wizard(self, lead, user, name, leads):
        return self.env["crm.lead2opportunity.partner"].sudo(user).with_context(
            active_model="crm.lead", active_id=lead.id, active_ids=lead.ids,
        ).create({"name": name, "action": "exist", "partner_id": self.prospect.id,
                  "opportunity_ids": [(6, 0, leads.ids)]})

    def _assert_untouched(self):
        self.pending.invalidate_cache()
        self.assertTrue(self.pending.exists())
        self.assertEqual(self.pending.type, "lead")
        self.assertEqual(self.opportunity.name, "Fleet deal")

    def test_merge_of_an_unscreened_lead_is_refused_like_conversion(self):
        wizard = self._wizard(self.pending, self.manager, "merge", self.pending | self.opportunity)
        with self.assertRaises(UserError) as caught:
            wizard.action_apply()
        self.assertEqual(str(caught.exception.name),
                         "Pending lead cannot become an opportunity: its screening decision is "
                         "Pending. Only qualified leads are converted.")
        self._assert_untouched()

    def test_merge_refusal_names_the_pending_merge_candidate_and_the_way_out(self):
        qualified = self.score(self.make_lead(name="Qualified lead", partner_id=self.prospect.id),
                               5, 5, 5, 5)
        qualified.action_screening_qualify()
        wizard = self._wizard(qualified, self.dev1, "merge",
                              qualified | self.pending | self.opportunity)
        with self.assertRaises(UserError) as caught:
            wizard.action_apply()
        message = str(caught.exception.name)
        self.assertTrue(message.startswith("Pending lead cannot become an opportunity"), message)
        self.assertIn("Pending lead is a merge candidate of Qualified lead", message)
        self.assertIn("convert Qualified lead without merging", message)
        self.assertIn("or screen Pending lead first", message)
        self._assert_untouched()
        # The way out: convert without merging.
        self._wizard(qualified, self.dev1, "convert", qualified).action_apply()
        self.assertEqual(qualified.type, "opportunity")

    def test_mass_convert_with_deduplication_is_refused(self):
        wizard = self.env["crm.lead2opportunity.partner.mass"].sudo(self.manager).with_context(
            active_model="crm.lead", active_ids=self.pending.ids, active_id=self.pending.id,
        ).create({"name": "convert", "action": "each_exist_or_create", "deduplicate": True})
        with self.assertRaises(UserError) as caught:
            wizard.mass_convert()
        self.assertIn("Only qualified leads are converted", str(caught.exception.name))
        self._assert_untouched()

    def test_merge_over_rpc_is_refused(self):
        Lead = self.env["crm.lead"].sudo(self.manager)
        with self.assertRaises(UserError):
            call_kw(Lead, "merge_opportunity", [(self.pending | self.opportunity).ids], {})
        self._assert_untouched()

    def test_merging_unscreened_leads_together_stays_a_lead(self):
        other = self.make_lead(name="Other pending", partner_id=self.prospect.id)
        merged = (self.pending | other).sudo(self.dev1).merge_opportunity()
        self.assertEqual(merged.type, "lead")
        self.assertEqual(merged.screening_decision, "pending")


class TestBulkRecompute(DevelopmentPipelineCase):

    def test_bulk_recompute_agrees_with_the_per_lead_formula(self):
        leads = [self.score(self.make_lead(name="L%d" % i), i % 6, (2 * i) % 6, (3 * i) % 6,
                            (5 * i) % 6) for i in range(8)]
        self.crit_fit.sudo(self.manager).write({"weight": 7})
        self.crit_credit.sudo(self.manager).write({"weight": 0.3})
        for lead in leads:
            bulk = (lead.screening_score, lead.screening_band, lead.priority)
            lead.invalidate_cache()
            lead._recompute_todo(lead._fields["screening_score"])
            lead.recompute()
            lead._sync_priority_with_score()
            self.assertEqual((lead.screening_score, lead.screening_band, lead.priority), bulk,
                             lead.name)
