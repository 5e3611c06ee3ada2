"""Rights on the development pipeline records, per policy role."""
from odoo.exceptions import AccessError

from .crm_lead_common import DevelopmentPipelineCase


class TestDevelopmentRights(DevelopmentPipelineCase):
    """Each role on records of another user: what it may do, and what it may not."""

    def setUp(self):
        super().setUp()
        self.team_maint.user_id = self.maint1
        self.deal = self.complete_for_contract(self.make_opportunity())
        self.milestone = self.env["crm.lead.milestone"].sudo(self.dev1).create(
            {"name": "Pilot", "lead_id": self.deal.id, "planned_date": "2026-04-01"})

    def test_maintenance_user_reads_but_cannot_rescore_a_development_users_lead(self):
        # A deal of the customer maint1 maintains: the rules let them read it.
        deal = self.complete_for_contract(self.make_opportunity(partner_id=self.customer.id),
                                          number="C-002")
        line = deal.screening_score_ids[0].sudo(self.maint1)
        self.assertEqual(line.score, 5)
        with self.assertRaises(AccessError):
            line.write({"score": 0})
        line.invalidate_cache()
        self.assertEqual(line.sudo().score, 5)

    def test_auditor_reads_a_milestone_but_cannot_mark_it_delivered(self):
        milestone = self.milestone.sudo(self.auditor)
        self.assertEqual(milestone.name, "Pilot")
        with self.assertRaises(AccessError):
            milestone.action_done()
        self.assertEqual(self.milestone.state, "planned")

    def test_outsider_sees_no_milestone_or_handover(self):
        self.deal.action_set_won()
        for record in (self.milestone, self.deal.handover_id):
            with self.assertRaises(AccessError):
                record.sudo(self.outsider).read(["name"])

    def test_development_user_cannot_reweight_the_criteria_of_everyone(self):
        with self.assertRaises(AccessError):
            self.crit_fit.sudo(self.dev2).write({"weight": 10})
        self.assertEqual(self.crit_fit.weight, 3)

    def test_maintenance_owner_opens_the_handover_of_a_deal_they_cannot_see(self):
        self.deal.action_set_won()
        handover = self.deal.handover_id.sudo(self.maint1)
        values = handover.read(["name", "lead_id", "partner_id", "user_id", "team_id",
                                "maintenance_user_id", "service_tier_id", "item_ids", "state"])[0]
        self.assertEqual(values["lead_id"][0], self.deal.id)
        self.assertEqual(values["user_id"][0], self.dev1.id)
        self.assertEqual(len(values["item_ids"]), 5)
        with self.assertRaises(AccessError):
            self.deal.sudo(self.maint1).write({"name": "Taken over"})


class TestDuplicate(DevelopmentPipelineCase):

    def test_duplicate_deal_starts_over_unscreened_in_the_first_stage(self):
        self.team_maint.user_id = self.maint1
        deal = self.complete_for_contract(self.make_opportunity(
            stage_id=self.env.ref("crm.stage_lead1").id))
        deal.action_set_won()
        copy = deal.copy()
        self.assertEqual(copy.stage_id, self.env.ref("crm.stage_lead1"))
        self.assertLess(copy.probability, 100)
        self.assertEqual(copy.screening_decision, "pending")
        self.assertFalse(copy.contract_number)
        self.assertFalse(copy.handover_id)
        self.assertEqual(copy.needs, deal.needs)


class TestDealLinks(DevelopmentPipelineCase):

    def _lead_options(self, model, user):
        from lxml import etree
        arch = self.env[model].sudo(user).fields_view_get(view_type="form")["arch"]
        node = etree.fromstring(arch).xpath("//field[@name='lead_id']")[0]
        return node.get("options") or ""

    def test_deal_link_is_plain_text_for_users_who_cannot_read_the_deal(self):
        for model in ("crm.lead.handover", "cdm.revisit"):
            self.assertIn("no_open", self._lead_options(model, self.maint1), model)
            self.assertNotIn("no_open", self._lead_options(model, self.manager), model)
