from odoo import fields, models


class CrmLeadHandoverItem(models.Model):
    """Checklist items share their handover's confidentiality (C1); read inside the handover's form."""

    _name = "crm.lead.handover.item"
    _inherit = ["crm.lead.handover.item", "cdm.confidential.mixin"]
    _cdm_owner_paths = ("handover_id.maintenance_user_id", "handover_id.lead_id.user_id")
    _cdm_team_path = "handover_id.lead_id.team_id"
    _cdm_parent_field = "handover_id"
    _cdm_log_reads = False

    company_id = fields.Many2one(related="handover_id.company_id", store=True, readonly=True)
