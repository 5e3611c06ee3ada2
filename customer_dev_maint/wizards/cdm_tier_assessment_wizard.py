from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class CdmTierAssessmentWizard(models.TransientModel):
    """Assess a customer's service tier (M2): value (won revenue in the
    policy's window) and potential give a suggested tier; a manager confirms
    it or overrides it with a reason. The decision is kept in the tier history."""

    _name = "cdm.tier.assessment.wizard"
    _description = "Service Tier Assessment"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True)
    current_tier_id = fields.Many2one(related="partner_id.service_tier_id", readonly=True)
    revenue_in_window = fields.Float(related="partner_id.revenue_in_window", readonly=True)
    potential_score = fields.Integer(
        help="Growth potential from 0 to 100; saved on the customer.")
    suggested_tier_id = fields.Many2one(
        "cdm.service.tier", compute="_compute_suggested_tier_id")
    tier_id = fields.Many2one("cdm.service.tier", string="Decided Tier")
    is_override = fields.Boolean(compute="_compute_suggested_tier_id")
    reason = fields.Text(help="Why the decided tier differs from the suggestion (required then).")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        if partner:
            values.setdefault("potential_score", partner.potential_score)
            values.setdefault("tier_id", partner.suggested_tier_id.id)
        return values

    @api.depends("partner_id", "potential_score", "tier_id")
    def _compute_suggested_tier_id(self):
        for wizard in self:
            wizard.suggested_tier_id = self.env["res.partner"]._suggest_tier(
                wizard.partner_id.revenue_in_window, wizard.potential_score)
            wizard.is_override = bool(wizard.tier_id and wizard.tier_id != wizard.suggested_tier_id)

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("customer_dev_maint.group_manager"):
            raise AccessError(_("Only a Customer Relations manager can decide a customer's service tier."))
        if not self.tier_id:
            raise UserError(_("Choose the tier decided for %s.") % self.partner_id.display_name)
        if not 0 <= self.potential_score <= 100:
            raise UserError(_("The potential score must lie between 0 and 100."))
        if self.is_override and not (self.reason or "").strip():
            raise UserError(_(
                "The decided tier %(decided)s differs from the suggested tier %(suggested)s: "
                "give the reason for the override."
            ) % {"decided": self.tier_id.name, "suggested": self.suggested_tier_id.name})
        self.partner_id.with_context(
            cdm_tier_origin="override" if self.is_override else "confirmed",
            cdm_tier_reason=self.reason,
            cdm_tier_suggested_id=self.suggested_tier_id.id,
        ).write({"service_tier_id": self.tier_id.id, "potential_score": self.potential_score})
        return {"type": "ir.actions.act_window_close"}
