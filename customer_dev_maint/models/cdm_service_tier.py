from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CdmServiceTier(models.Model):
    """A service tier and its service plan (§3.2 "differentiated service plans
    by customer value and potential", M1)."""

    _name = "cdm.service.tier"
    _description = "Customer Service Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Lower sequence: higher tier.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    revisit_interval_days = fields.Integer(
        string="Revisit Interval (days)", required=True, default=90,
        help="Days between two revisits of a customer of this tier.",
    )
    response_hours = fields.Float(
        string="Complaint Response Target (hours)", default=8.0,
        help="Hours within which a complaint or problem gets its first response.",
    )
    resolution_hours = fields.Float(
        string="Complaint Resolution Target (hours)", default=72.0,
        help="Hours within which a complaint or problem is resolved.",
    )
    update_notice_interval_days = fields.Integer(
        string="Update Notice Cadence (days)", default=90,
        help="Days between two product and service update notices to these customers: the "
             "customer record shows when the next one is due and Send Update Notice offers "
             "the customers due. 0: no regular notices.",
    )
    dedicated_owner_required = fields.Boolean(
        help="Customers of this tier must have a named maintenance owner.",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.user.company_id,
        help="Leave empty to share the tier between companies.",
    )

    _sql_constraints = [
        ("revisit_interval_positive", "CHECK(revisit_interval_days > 0)",
         "The revisit interval must be at least one day."),
        ("update_notice_interval_not_negative", "CHECK(update_notice_interval_days >= 0)",
         "The update notice cadence cannot be negative."),
    ]

    @api.constrains("response_hours", "resolution_hours")
    def _check_targets(self):
        for tier in self:
            if tier.response_hours < 0 or tier.resolution_hours < 0:
                raise ValidationError(_("Complaint targets cannot be negative (tier %s).") % tier.name)
            if tier.resolution_hours and tier.response_hours > tier.resolution_hours:
                raise ValidationError(_(
                    "The response target of tier %s cannot be longer than its resolution target."
                ) % tier.name)

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "revisit_interval_days" in vals:
            self._follow_revisit_interval()
        return result

    def _follow_revisit_interval(self):
        """A new revisit interval moves the planned revisits of the tier's
        customers and their stored figures (next revisit, health) at once,
        set-based: the revisit job handles only the customers out of line,
        then their health is stored in one update per batch."""
        self.env.cr.execute(
            "SELECT id FROM res_partner WHERE service_tier_id IN %s", (tuple(self.ids),))
        partner_ids = [row[0] for row in self.env.cr.fetchall()]
        if not partner_ids:
            return
        self.env["cdm.revisit"].sudo()._schedule_revisits(partner_ids=partner_ids)
        self.env["res.partner"].sudo().with_context(active_test=False).browse(
            partner_ids)._store_customer_health()

