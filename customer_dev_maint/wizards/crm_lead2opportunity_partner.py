from odoo import api, models


class Lead2OpportunityPartner(models.TransientModel):
    """Converting with "Merge with existing opportunities" makes every lead
    merged part of the opportunity: each must be screened (D2), and the
    refusal names the lead that blocks."""

    _inherit = "crm.lead2opportunity.partner"

    @api.multi
    def action_apply(self):
        self.ensure_one()
        if self.name == "merge":
            subject = self.env["crm.lead"].browse(self.env.context.get("active_id"))
            self.opportunity_ids._check_merge_screening(subject=subject.exists())
        return super().action_apply()
