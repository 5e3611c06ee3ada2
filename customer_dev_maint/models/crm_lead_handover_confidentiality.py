from odoo import models


class CrmLeadHandover(models.Model):
    """Handovers share their deal's confidentiality (C1)."""

    _name = "crm.lead.handover"
    _inherit = ["crm.lead.handover", "cdm.confidential.mixin"]
    _cdm_owner_paths = ("lead_id.user_id", "maintenance_user_id")
    _cdm_team_path = "lead_id.team_id"
    _cdm_parent_field = "lead_id"
