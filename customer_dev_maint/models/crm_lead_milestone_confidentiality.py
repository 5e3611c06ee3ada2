from odoo import models


class CrmLeadMilestone(models.Model):
    """Milestones share their deal's confidentiality (C1)."""

    _name = "crm.lead.milestone"
    _inherit = ["crm.lead.milestone", "cdm.confidential.mixin"]
    _cdm_owner_paths = ("user_id", "lead_id.user_id")
    _cdm_team_path = "lead_id.team_id"
    _cdm_parent_field = "lead_id"
