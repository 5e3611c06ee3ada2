"""D1-D8 end to end: a development user walks a prospect through the shipped stages."""
from odoo.exceptions import UserError, ValidationError

from .crm_lead_common import DevelopmentPipelineCase


class TestPipelineWalkthrough(DevelopmentPipelineCase):

    def test_development_user_walks_a_prospect_from_lead_to_handover(self):
        self.team_maint.user_id = self.maint1
        stage_qualified = self.env.ref("crm.stage_lead2")
        stage_proposition = self.env.ref("crm.stage_lead3")
        stage_contract = self.env.ref("customer_dev_maint.stage_contract")
        lead = self.make_lead(name="Harbor tracking", partner_name="Harbor Cold Chain",
                              contact_name="Lin Wei", source_channel="exhibition")
        with self.assertRaises(UserError):
            lead.convert_opportunity(False)

        self.score(lead, fit=5, capability=4, value=4, credit=3)  # (15+8+12+6)/50 = 82
        self.assertEqual(lead.priority, "3")
        lead.action_screening_qualify()
        wizard = self.env["crm.lead2opportunity.partner"].sudo(self.dev1).with_context(
            active_model="crm.lead", active_id=lead.id, active_ids=lead.ids,
        ).create({"name": "convert", "action": "create"})
        wizard.action_apply()
        self.assertEqual(lead.type, "opportunity")
        company = lead.partner_id.commercial_partner_id
        self.assertEqual(company.name, "Harbor Cold Chain")

        lead.write({"stage_id": stage_qualified.id})
        with self.assertRaises(ValidationError):
            lead.write({"stage_id": stage_proposition.id})
        lead.write({"needs": "Temperature proof for every delivery",
                    "solution": "Sensors in every truck and a customer portal",
                    "presentation_date": "2026-03-02"})
        lead.write({"stage_id": stage_proposition.id})
        with self.assertRaises(ValidationError):
            lead.write({"stage_id": stage_contract.id})
        lead.write({"contract_number": "CD-1", "contract_signature_date": "2026-03-09",
                    "contract_amount": 80000, "contract_start_date": "2026-03-15",
                    "contract_end_date": "2027-03-14", "kickoff_date": "2026-03-16"})
        lead.write({"stage_id": stage_contract.id})
        self.env["crm.lead.milestone"].sudo(self.dev1).create(
            {"name": "Pilot trucks", "lead_id": lead.id, "planned_date": "2026-04-01"})
        lead.action_set_won_rainbowman()

        self.assertEqual(lead.stage_id, self.env.ref("crm.stage_lead4"))
        self.assertEqual(lead.user_id, self.dev1)
        handover = lead.handover_id
        self.assertEqual(handover.partner_id, company)
        self.assertEqual(handover.maintenance_user_id, self.maint1)
        self.assertEqual(company.maintenance_user_id, self.maint1)
        self.assertEqual(company.service_tier_id, self.env.ref("customer_dev_maint.tier_standard"))
        self.assertEqual(lead.milestone_count, 1)


class TestRepeatBusinessFromMaintenance(DevelopmentPipelineCase):

    def test_maintenance_user_creates_repeat_business_that_progresses(self):
        Lead = self.as_user(self.maint1, "crm.lead")
        opportunity = Lead.create({"name": "Second site", "type": "opportunity",
                                   "partner_id": self.customer.id, "stage_id": self.stage_new.id})
        self.assertEqual(len(opportunity.screening_score_ids), 4)
        self.assertTrue(opportunity.screening_passed)
        opportunity.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(opportunity.stage_id, self.stage_qualified)

    def test_maintenance_user_cannot_push_a_new_prospect_past_screening(self):
        opportunity = self.as_user(self.maint1, "crm.lead").create({
            "name": "New prospect", "type": "opportunity", "partner_id": self.prospect.id,
            "stage_id": self.stage_new.id})
        with self.assertRaises(ValidationError):
            opportunity.write({"stage_id": self.stage_qualified.id})
