from odoo import models


class CrmLeadMilestone(models.Model):
    """Milestones share their deal's confidentiality (C1)."""

    _name = "crm.lead.milestone"
    _inherit = ["crm.lead.milestone", "cdm.confidential.mixin"]
    _cdm_parent_field = "lead_id"
