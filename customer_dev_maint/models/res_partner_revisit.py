from odoo import api, models

from ..server_only import ServerValue, server_value

# Fields whose change moves, creates or cancels the customer's planned revisit.
REVISIT_FIELDS = ("maintenance_user_id", "maintenance_team_id", "service_tier_id",
                  "handover_date", "active", "parent_id")


class ResPartner(models.Model):
    """The customer's side of its revisits (M3): writing its maintenance
    owner, department, tier or handover date moves, creates or cancels its
    planned revisit at once, as the nightly job would. Server code may leave
    it to the job (``cdm_no_revisit_sync``, a server-only flag: a client
    sending the key is synchronised all the same)."""

    _inherit = "res.partner"

    @api.model
    def create(self, vals):
        partner = super().create(vals)
        if vals.get("maintenance_user_id") and vals.get("service_tier_id") \
                and not server_value(self.env, "cdm_no_revisit_sync"):
            self.env["cdm.revisit"].sudo()._schedule_partners(partner)
        return partner

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if any(name in vals for name in REVISIT_FIELDS) \
                and not server_value(self.env, "cdm_no_revisit_sync"):
            Revisit = self.env["cdm.revisit"].sudo()
            if "maintenance_user_id" in vals:
                # A new maintenance owner takes the customer's revisit over,
                # even one that was reassigned by hand.
                Revisit.search([("partner_id", "in", self.ids), ("state", "=", "planned"),
                                ("user_reassigned", "=", True)]) \
                    .with_context(cdm_revisit_job=ServerValue()).write({"user_reassigned": False})
            Revisit._schedule_partners(self.filtered(lambda p: not p.parent_id or p.revisit_ids))
        return result
