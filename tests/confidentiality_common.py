"""Fixtures of the confidentiality tests: a customer with one record of each
model that shares its level, and a user for every way of being related to it."""
from .crm_lead_common import DevelopmentPipelineCase


class ConfidentialityCase(DevelopmentPipelineCase):
    """``customer`` (developed by dev1 in Dev East, maintained by maint1)
    has a deal of dev1 with score lines, a milestone, a handover and its
    checklist, a revisit, a tier history row and a ticket. ``devlead`` leads
    Dev East; ``dev3`` (Dev West) is authorised on the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.devlead = cls._make_user("devlead", "customer_dev_maint.group_development_team",
                                     cls.team_dev_east)
        cls.dev3 = cls._make_user("dev3", "customer_dev_maint.group_development_user",
                                  cls.team_dev_west)
        cls.customer.write({
            "cdm_authorized_user_ids": [(6, 0, [cls.dev3.id])],
            "service_tier_id": cls.env.ref("customer_dev_maint.tier_standard").id,
            "handover_date": "2026-01-01",
        })
        Lead = cls.env["crm.lead"]
        cls.lead = Lead.sudo(cls.dev1).create({
            "name": "Secret deal", "type": "opportunity", "partner_id": cls.customer.id,
            "stage_id": cls.stage_new.id, "team_id": cls.team_dev_east.id,
        }).sudo()
        cls.score_line = cls.lead.screening_score_ids[:1]
        cls.score_line.score = 4
        cls.milestone = cls.env["crm.lead.milestone"].create({
            "name": "Pilot", "lead_id": cls.lead.id, "user_id": cls.dev1.id,
            "planned_date": "2026-05-01", "deliverable": "Pilot trucks",
        })
        cls.handover = cls.env["crm.lead.handover"].create({
            "lead_id": cls.lead.id, "partner_id": cls.customer.id,
            "maintenance_user_id": cls.maint1.id, "handover_date": "2026-01-01",
        })
        cls.handover_item = cls.handover.item_ids[:1]
        cls.revisit = cls.env["cdm.revisit"].search([("partner_id", "=", cls.customer.id)], limit=1)
        cls.tier_change = cls.customer.tier_change_ids[:1]
        cls.ticket = cls.env["helpdesk.ticket"].create({
            "name": "Trucks offline", "description": "Since Monday", "partner_id": cls.customer.id,
            "user_id": cls.maint1.id,
        })
        cls.records = {
            "res.partner": cls.customer,
            "crm.lead": cls.lead,
            "crm.lead.screening.score": cls.score_line,
            "crm.lead.milestone": cls.milestone,
            "crm.lead.handover": cls.handover,
            "crm.lead.handover.item": cls.handover_item,
            "cdm.revisit": cls.revisit,
            "cdm.tier.change": cls.tier_change,
            "helpdesk.ticket": cls.ticket,
        }

    def set_level(self, level):
        self.customer.sudo().write({"confidentiality_level": level})

    def sees(self, user, record):
        Model = self.env[record._name].sudo(user)
        return Model.check_access_rights("read", raise_exception=False) and bool(
            Model.search_count([("id", "=", record.id)]))
