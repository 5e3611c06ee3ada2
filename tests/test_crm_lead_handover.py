"""D7: winning a deal hands the customer over to Customer Maintenance, once."""
from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, ValidationError

from .crm_lead_common import DevelopmentPipelineCase


class TestHandover(DevelopmentPipelineCase):

    def setUp(self):
        super().setUp()
        self.team_maint.user_id = self.maint2
        self.standard = self.env.ref("customer_dev_maint.tier_standard")
        self.key = self.env.ref("customer_dev_maint.tier_key")

    def _won_deal(self, **vals):
        deal = self.complete_for_contract(self.make_opportunity(**vals),
                                          number="C-%s" % vals.get("name", "1"))
        deal.action_set_won_rainbowman()
        return deal

    def _activities(self, handover):
        return self.env["mail.activity"].search([
            ("res_model", "=", "crm.lead.handover"), ("res_id", "=", handover.id)])

    def test_winning_hands_the_new_customer_over_with_defaults(self):
        deal = self._won_deal()
        handover = deal.handover_id
        self.assertTrue(handover)
        self.assertEqual(self.prospect.maintenance_user_id, self.maint2)  # leader of the department
        self.assertEqual(self.prospect.maintenance_team_id, self.team_maint)
        self.assertEqual(self.prospect.service_tier_id, self.standard)  # policy default
        self.assertTrue(self.prospect.handover_date)
        self.assertEqual(deal.user_id, self.dev1)  # development owner kept
        self.assertEqual(handover.user_id, self.dev1)
        self.assertEqual(handover.team_id, self.team_dev_east)
        self.assertEqual(handover.maintenance_user_id, self.maint2)
        self.assertEqual(len(handover.item_ids), 5)
        self.assertEqual(handover.state, "open")
        activity = self._activities(handover)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.maint2)

    def test_tier_history_names_who_handed_the_customer_over(self):
        deal = self._won_deal()
        change = self.prospect.tier_change_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.user_id, deal.env.user)
        self.assertNotEqual(change.user_id.id, SUPERUSER_ID)
        self.assertEqual(change.origin, "initial")

    def test_client_context_cannot_name_another_author(self):
        self.prospect.with_context(cdm_acting_uid=self.dev2.id).sudo(self.manager).write(
            {"service_tier_id": self.key.id, "maintenance_user_id": self.maint1.id})
        self.assertEqual(self.prospect.tier_change_ids.user_id, self.manager)

    def test_owner_and_tier_chosen_on_the_deal_are_used(self):
        self._won_deal(handover_to_user_id=self.maint1.id, handover_tier_id=self.key.id)
        self.assertEqual(self.prospect.maintenance_user_id, self.maint1)
        self.assertEqual(self.prospect.service_tier_id, self.key)

    def test_policy_default_tier_is_used(self):
        self.policy.sudo(self.manager).write({"handover_tier_id": self.key.id})
        self._won_deal()
        self.assertEqual(self.prospect.service_tier_id, self.key)

    def test_winning_twice_hands_over_once(self):
        deal = self._won_deal()
        handover = deal.handover_id
        deal.action_set_won_rainbowman()
        deal.write({"stage_id": self.stage_contract.id, "probability": 90})
        deal.action_set_won()
        self.assertEqual(deal.handover_id, handover)
        self.assertEqual(self.env["crm.lead.handover"].search_count([("lead_id", "=", deal.id)]), 1)
        self.assertEqual(len(self._activities(handover)), 1)

    def test_repeat_business_keeps_the_customers_owner_and_tier(self):
        self.customer.write({"service_tier_id": self.key.id})
        deal = self._won_deal(partner_id=self.customer.id)
        self.assertEqual(self.customer.maintenance_user_id, self.maint1)
        self.assertEqual(self.customer.service_tier_id, self.key)
        self.assertEqual(deal.handover_id.maintenance_user_id, self.maint1)

    def test_won_deal_without_a_customer_is_refused(self):
        deal = self.complete_for_contract(self.make_opportunity())
        deal.write({"partner_id": False})
        with self.assertRaises(ValidationError) as caught:
            deal.action_set_won()
        self.assertIn("without a customer", str(caught.exception))
        deal.invalidate_cache()
        self.assertLess(deal.probability, 100)
        self.assertFalse(self.env["crm.lead.handover"].search([("lead_id", "=", deal.id)]))

    def test_maintenance_owner_completes_the_checklist(self):
        handover = self._won_deal().handover_id
        items = handover.item_ids.sudo(self.maint2)
        items[0].write({"done": True})
        self.assertEqual(items[0].done_user_id, self.maint2)
        self.assertTrue(items[0].done_date)
        self.assertEqual(handover.state, "open")
        self.assertFalse(handover.done_date)
        items.write({"done": True})
        self.assertEqual(handover.state, "done")
        self.assertTrue(handover.done_date)
        self.assertEqual(handover.progress, 100.0)

    def test_completed_checklist_marks_the_handover_activity_done(self):
        handover = self._won_deal().handover_id
        items = handover.item_ids.sudo(self.maint2)
        items[:-1].write({"done": True})
        self.assertEqual(len(self._activities(handover)), 1)  # still open: one step left
        items[-1].write({"done": True})
        self.assertEqual(handover.state, "done")
        self.assertFalse(self._activities(handover))
        self.assertIn("Handover checklist completed.", handover.message_ids.mapped("body")[0])

    def test_auditor_reads_outsider_does_not_see_handovers(self):
        handover = self._won_deal().handover_id
        self.assertTrue(handover.sudo(self.auditor).name)
        with self.assertRaises(AccessError):
            handover.item_ids[0].sudo(self.auditor).write({"done": True})
        with self.assertRaises(AccessError):
            handover.sudo(self.outsider).read(["name"])
