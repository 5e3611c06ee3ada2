from odoo import api, models

# Settings the stored health figures of the customers are computed from.
HEALTH_SETTINGS = ("health_weight_satisfaction", "health_weight_revisit", "health_weight_complaints",
                   "health_weight_revenue", "satisfaction_revisit_count", "tier_strategic_revenue",
                   "tier_revenue_window_months")


class CdmPolicy(models.Model):
    """A change of the settings the customers' health is computed from
    refreshes the stored figures of the company's customers at once."""

    _inherit = "cdm.policy"

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if any(name in vals for name in HEALTH_SETTINGS):
            self._refresh_customer_health()
        return result

    def _refresh_customer_health(self):
        """Store the health of every customer these policies weigh again,
        set-based (a few queries and one update per batch of customers)."""
        main_company = self.env.ref("base.main_company")
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        for policy in self:
            self.env.cr.execute("""
                SELECT id FROM res_partner
                 WHERE commercial_partner_id = id AND COALESCE(company_id, %s) = %s
            """, (main_company.id, policy.company_id.id))
            Partner.browse([row[0] for row in self.env.cr.fetchall()])._store_customer_health()
