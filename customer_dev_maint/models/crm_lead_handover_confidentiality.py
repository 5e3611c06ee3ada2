from odoo import models


class CrmLeadHandover(models.Model):
    """Handovers share their deal's confidentiality (C1)."""

    _name = "crm.lead.handover"
    _inherit = ["crm.lead.handover", "cdm.confidential.mixin"]
    _cdm_parent_field = "lead_id"
