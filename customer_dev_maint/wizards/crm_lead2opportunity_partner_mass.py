from odoo import api, models


class Lead2OpportunityMassConvert(models.TransientModel):
    """Mass conversion with deduplication merges each lead with the other
    leads and opportunities of its customer: every lead merged must be
    screened (D2), as in conversion."""

    _inherit = "crm.lead2opportunity.partner.mass"

    @api.multi
    def mass_convert(self):
        self.ensure_one()
        if self.name == "convert" and self.deduplicate:
            for lead in self.env["crm.lead"].browse(self.env.context.get("active_ids", [])):
                email = lead.partner_id.email if lead.partner_id else lead.email_from
                duplicates = self._get_duplicated_leads(lead.partner_id.id, email)
                if len(duplicates) > 1:
                    duplicates._check_merge_screening(subject=lead)
        return super().mass_convert()
