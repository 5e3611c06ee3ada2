from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.cdm_tier_change import TierDecision
from ..roles import is_manager


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
    reason_required = fields.Boolean(compute="_compute_suggested_tier_id")
    reason = fields.Text(help="Why the decided tier differs from the suggestion or from the "
                              "current tier (required then); kept in the tier history.")

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
            current = wizard.partner_id.service_tier_id
            wizard.reason_required = wizard.is_override or bool(
                current and wizard.tier_id and wizard.tier_id != current)

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        if not is_manager(self.env):
            raise AccessError(_("Only a Customer Relations manager can decide a customer's service tier."))
        if not self.tier_id:
            raise UserError(_("Choose the tier decided for %s.") % self.partner_id.display_name)
        if not 0 <= self.potential_score <= 100:
            raise UserError(_("The potential score must lie between 0 and 100."))
        if self.reason_required and not (self.reason or "").strip():
            if self.is_override:
                raise UserError(_(
                    "The decided tier %(decided)s differs from the suggested tier %(suggested)s: "
                    "give the reason for the override."
                ) % {"decided": self.tier_id.name, "suggested": self.suggested_tier_id.name})
            raise UserError(_(
                "Give the reason for changing the tier of %(customer)s from %(old)s to %(new)s."
            ) % {"customer": self.partner_id.display_name, "old": self.current_tier_id.name,
                 "new": self.tier_id.name})
        # The origin (confirmed or overridden) and the suggested tier are
        # worked out again by the customer's write, from the server's facts.
        self.partner_id.with_context(cdm_tier_decision=TierDecision(self.reason)).write({
            "service_tier_id": self.tier_id.id, "potential_score": self.potential_score})
        return {"type": "ir.actions.act_window_close"}
