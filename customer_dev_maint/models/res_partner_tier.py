from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..roles import is_manager
from ..server_only import server_value
from .cdm_tier_change import TierDecision


class ResPartner(models.Model):
    """The customer's service tier and its history (M1, M2): the tier the
    policy's thresholds suggest from won revenue and potential, the change
    of a tier (a manager's, with a reason) and the tier history."""

    _inherit = "res.partner"

    service_tier_id = fields.Many2one(
        "cdm.service.tier", index=True, ondelete="restrict",
        track_visibility="onchange",
        help="Service plan of the customer: revisit interval, complaint targets, update notices.",
    )
    # Tier assessment (M2)
    potential_score = fields.Integer(
        track_visibility="onchange",
        help="Growth potential of the customer from 0 to 100, set by its owner.",
    )
    tier_change_ids = fields.One2many("cdm.tier.change", "partner_id", string="Tier History")
    tier_change_reason = fields.Text(
        string="Reason for the Tier Change", compute="_compute_tier_change_reason", readonly=False,
        help="Why the service tier changes: required to change or remove a tier already set, "
             "kept in the tier history (not on the customer).",
    )
    revenue_in_window = fields.Float(
        string="Won Revenue in Window", compute="_compute_revenue_in_window",
        help="Planned revenue of the customer's deals won within the policy's revenue window.",
    )
    suggested_tier_id = fields.Many2one(
        "cdm.service.tier", compute="_compute_revenue_in_window",
        help="Tier the policy's thresholds suggest from won revenue and potential.",
    )

    def _revenue_by_customer(self, today=None, policy=None):
        """Won revenue in the policy's window per commercial partner: one query.
        A won deal counts with its signed contract amount, else its expected
        revenue."""
        if not self.ids:
            return {}
        return self.env["crm.lead"].sudo()._won_revenue(
            "customer", self._won_deals_in_window(today, policy), customers=self.ids)

    def _won_deals_in_window(self, today=None, policy=None):
        """The domain of the deals closed in the policy's revenue window
        (before ``today``'s window start nothing counts); the customers are
        given to ``_won_revenue`` (a condition on the customer it joins, not
        a search of the contacts)."""
        policy = policy or self._maintenance_policy()
        today = fields.Date.from_string(today or self.env["cdm.policy"].today())
        start = today - relativedelta(months=policy.tier_revenue_window_months)
        return [("date_closed", ">=", fields.Date.to_string(start))]

    @api.model
    def _suggest_tier(self, revenue, potential, policy=None):
        """Tier the thresholds give: Strategic or Key when revenue or potential
        reaches the tier's threshold (inclusive), otherwise Standard."""
        policy = policy or self._maintenance_policy()
        if revenue >= policy.tier_strategic_revenue or potential >= policy.tier_strategic_potential:
            xmlid = "customer_dev_maint.tier_strategic"
        elif revenue >= policy.tier_key_revenue or potential >= policy.tier_key_potential:
            xmlid = "customer_dev_maint.tier_key"
        else:
            xmlid = "customer_dev_maint.tier_standard"
        # The cached data id, without env.ref()'s check that the tier still
        # exists (one query per customer on a form or list): deleting a tier
        # deletes its data id.
        tier_id = self.env["ir.model.data"].xmlid_to_res_id(xmlid, raise_if_not_found=False)
        return self.env["cdm.service.tier"].browse(tier_id or [])

    @api.depends("potential_score")
    def _compute_revenue_in_window(self):
        revenue = self._revenue_by_customer()
        for partner in self:
            partner.revenue_in_window = revenue.get(partner.id, 0.0)
            partner.suggested_tier_id = self._suggest_tier(
                partner.revenue_in_window, partner.potential_score)

    def _compute_tier_change_reason(self):
        # Never stored: write() keeps it in the tier history row.
        for partner in self:
            partner.tier_change_reason = False

    @api.constrains("potential_score")
    def _check_potential_score(self):
        for partner in self:
            if not 0 <= partner.potential_score <= 100:
                raise ValidationError(_("The potential score of %s must lie between 0 and 100.")
                                      % partner.display_name)

    @api.constrains("service_tier_id", "maintenance_user_id", "parent_id")
    def _check_dedicated_owner(self):
        for partner in self:
            if not partner.parent_id and partner.service_tier_id.dedicated_owner_required \
                    and not partner.maintenance_user_id:
                raise ValidationError(_(
                    "Customers of the %(tier)s tier need a dedicated maintenance owner: "
                    "choose one for %(customer)s.") % {
                        "tier": partner.service_tier_id.name, "customer": partner.display_name})

    @api.model
    def create(self, vals):
        vals = dict(vals)
        reason = vals.pop("tier_change_reason", None)
        partner = super().create(vals)
        if vals.get("service_tier_id"):
            partner._log_tier_changes({partner.id: self.env["cdm.service.tier"]}, reason)
        return partner

    @api.multi
    def write(self, vals):
        old_tiers = {}
        reason = None
        if "tier_change_reason" in vals:
            vals = dict(vals)
            reason = vals.pop("tier_change_reason")
        if "service_tier_id" in vals:
            old_tiers = {partner.id: partner.service_tier_id for partner in self}
            self._check_tier_change(old_tiers, vals["service_tier_id"] or False, reason)
        result = super().write(vals)
        if old_tiers:
            self._log_tier_changes(old_tiers, reason)
        return result

    @api.model
    def _tier_decision(self):
        """The tier assessment's decision when the assessment wizard writes
        the tier: a server-side object no client can send (clients send
        JSON or XML-RPC values), so an origin or reason in a client's
        context never reaches the history."""
        decision = self.env.context.get("cdm_tier_decision")
        return decision if isinstance(decision, TierDecision) else None

    def _tier_history_partner_ids(self):
        """Ids of these partners that already have a tier history."""
        if not self.ids:
            return set()
        groups = self.env["cdm.tier.change"].sudo().read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        return {group["partner_id"][0] for group in groups}

    def _check_tier_change(self, old_tiers, new_tier_id, reason):
        """Changing a tier already set needs a manager, and every change after
        the first (changing, removing, setting again) needs a reason, however
        it is made: form, import, RPC or the assessment. Only code running as
        superuser (the handover of a won deal) sets a tier without one."""
        changing = self.filtered(lambda p: old_tiers[p.id] and old_tiers[p.id].id != new_tier_id)
        if changing and not is_manager(self.env):
            raise AccessError(_(
                "Only a Customer Relations manager can change a customer's service tier; "
                "ask a manager to assess the tier."))
        if self.env.uid == SUPERUSER_ID:
            return
        decision = self._tier_decision()
        reason = decision.reason if decision else reason
        if (reason or "").strip():
            return
        history = self._tier_history_partner_ids()
        for partner in self:
            old = old_tiers[partner.id]
            if old.id != new_tier_id and (old or partner.id in history):
                new = self.env["cdm.service.tier"].browse(new_tier_id)
                raise UserError(_(
                    "Give the reason for changing the service tier of %(customer)s "
                    "from %(old)s to %(new)s: it is kept in the tier history.") % {
                        "customer": partner.display_name, "old": old.name or _("none"),
                        "new": new.name or _("none")})

    def _tier_change_author(self):
        """Who changed the tier. Code writing as superuser on a user's behalf
        (the handover of a won deal) names that user in the context."""
        acting_uid = server_value(self.env, "cdm_acting_uid")
        if acting_uid and self.env.uid == SUPERUSER_ID:
            return acting_uid
        return self.env.uid

    def _log_tier_changes(self, old_tiers, reason=None):
        """Keep who changed the tier, when, from what to what and why (M2).
        Every value comes from the server: the suggested tier is computed
        now, the origin follows from how the tier was written (the
        assessment's decision, else a first assignment or a manual change)."""
        decision = self._tier_decision()
        if decision:
            reason = decision.reason
        partners = self.filtered(lambda p: p.id in old_tiers and (
            decision or old_tiers[p.id] != p.service_tier_id))
        if not partners:
            return
        history = partners._tier_history_partner_ids()
        revenue = partners._revenue_by_customer()
        Change = self.env["cdm.tier.change"].sudo()
        for partner in partners:
            old = old_tiers[partner.id]
            suggested = self._suggest_tier(revenue.get(partner.id, 0.0), partner.potential_score)
            if decision:
                origin = "confirmed" if partner.service_tier_id == suggested else "override"
            else:
                origin = "manual" if old or partner.id in history else "initial"
            Change.create({
                "partner_id": partner.id,
                "old_tier_id": old.id,
                "new_tier_id": partner.service_tier_id.id,
                "suggested_tier_id": suggested.id,
                "user_id": self._tier_change_author(),
                "origin": origin,
                "reason": (reason or "").strip() or False,
            })

    @api.multi
    def action_open_tier_assessment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Assess Service Tier"),
            "res_model": "cdm.tier.assessment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }
