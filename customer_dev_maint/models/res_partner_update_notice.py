from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """The update-notice cadence of the customer's tier (M9): when the
    customer last received a notice, when the next one is due."""

    _inherit = "res.partner"

    last_update_notice_date = fields.Date(
        readonly=True, copy=False,
        help="Date the customer was last sent a product and service update notice.")
    next_update_notice_date = fields.Date(
        compute="_compute_next_update_notice_date",
        help="Last update notice plus the cadence of the customer's tier; today when the "
             "customer never had one. Empty when the tier sets no cadence.")
    update_notice_due = fields.Boolean(
        compute="_compute_next_update_notice_date", search="_search_update_notice_due",
        help="The customer's last update notice is older than its tier's cadence (or it "
             "never had one).")

    @api.depends("last_update_notice_date", "service_tier_id.update_notice_interval_days")
    def _compute_next_update_notice_date(self):
        today = self.env["cdm.policy"].today()
        for partner in self:
            cadence = partner.service_tier_id.update_notice_interval_days
            if not cadence:
                partner.next_update_notice_date = False
                partner.update_notice_due = False
                continue
            if partner.last_update_notice_date:
                due = fields.Date.from_string(partner.last_update_notice_date) + timedelta(days=cadence)
                partner.next_update_notice_date = fields.Date.to_string(due)
            else:
                partner.next_update_notice_date = today
            partner.update_notice_due = partner.next_update_notice_date <= today

    def _search_update_notice_due(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_(
                "Customers are filtered on \"Update Notice Due\" with \"is true\" or \"is false\" only."))
        self.env.cr.execute("""
            SELECT p.id FROM res_partner p JOIN cdm_service_tier t ON t.id = p.service_tier_id
             WHERE t.update_notice_interval_days > 0
               AND (p.last_update_notice_date IS NULL
                    OR p.last_update_notice_date + t.update_notice_interval_days <= %s::date)
        """, (self.env["cdm.policy"].today(),))
        due = (operator == "=") == bool(value)
        return [("id", "in" if due else "not in", [row[0] for row in self.env.cr.fetchall()])]
