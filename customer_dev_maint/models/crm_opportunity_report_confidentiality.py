from odoo import fields, models

from ..server_only import server_value


class CrmOpportunityReport(models.Model):
    """The pipeline analysis names each row's lead, so the leads'
    confidentiality rule filters it (C3)."""

    _inherit = "crm.opportunity.report"

    cdm_lead_id = fields.Many2one("crm.lead", string="Lead", readonly=True)

    def _select(self):
        if server_value(self.env, "cdm_uninstalling"):
            return super()._select()
        return super()._select() + ", c.id AS cdm_lead_id"
