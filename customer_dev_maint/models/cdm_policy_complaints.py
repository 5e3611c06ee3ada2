from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CdmPolicy(models.Model):
    """Complaint settings of the policy (§2.2, §3.2, M6-M8)."""

    _inherit = "cdm.policy"

    # Complaint settings (§3.2) --------------------------------------------
    sla_calendar_id = fields.Many2one(
        "resource.calendar", string="Working Hours", ondelete="set null",
        track_visibility="onchange",
        help="Working hours complaint deadlines are counted in, in the policy's time zone; "
             "empty: the company's working hours.",
    )
    sla_risk_percent = fields.Integer(
        string="At Risk From (% of the time used)", default=75, track_visibility="onchange",
        help="Share of a target's working time after which a ticket is at risk and its "
             "owner is told.",
    )
    sla_factor_low = fields.Float(
        string="Severity Factor: Low", default=1.5, track_visibility="onchange",
        help="The tier's targets are multiplied by the factor of the ticket's severity.")
    sla_factor_normal = fields.Float(
        string="Severity Factor: Normal", default=1.0, track_visibility="onchange",
        help="Multiplies the tier's response and resolution times for normal severity.")
    sla_factor_high = fields.Float(
        string="Severity Factor: High", default=0.5, track_visibility="onchange",
        help="Multiplies the tier's response and resolution times for high severity.")
    sla_factor_critical = fields.Float(
        string="Severity Factor: Critical", default=0.25, track_visibility="onchange",
        help="Multiplies the tier's response and resolution times for critical severity.")
    sla_batch_size = fields.Integer(
        string="SLA Job Batch Size", default=500, track_visibility="onchange",
        help="Tickets the SLA job handles per transaction.",
    )
    low_satisfaction_score = fields.Integer(
        string="Low Satisfaction Up To", default=2, track_visibility="onchange",
        help="A satisfaction score (1-5) at or below this reopens the ticket, alerts the "
             "manager and counts in the owner's appraisal.",
    )
    follow_up_revisit_days = fields.Integer(
        string="Follow-up Revisit After (days)", default=14, track_visibility="onchange",
        help="Closing a complaint or problem brings the customer's next revisit forward "
             "to this many days after closing, unless it is already due sooner.",
    )

    @api.constrains("sla_risk_percent", "sla_factor_low", "sla_factor_normal", "sla_factor_high",
                    "sla_factor_critical", "sla_batch_size", "low_satisfaction_score",
                    "follow_up_revisit_days")
    def _check_complaint_settings(self):
        for policy in self:
            if not 1 <= policy.sla_risk_percent <= 99:
                raise ValidationError(_("The at-risk share of a target lies between 1 and 99 %."))
            factors = (policy.sla_factor_low, policy.sla_factor_normal, policy.sla_factor_high,
                       policy.sla_factor_critical)
            if min(factors) <= 0:
                raise ValidationError(_("Severity factors must be greater than zero."))
            if policy.sla_batch_size < 1:
                raise ValidationError(_("The SLA job batch size must be at least 1."))
            if not 0 <= policy.low_satisfaction_score <= 4:
                raise ValidationError(_(
                    "The low satisfaction score lies between 0 (none is low) and 4."))
            if policy.follow_up_revisit_days < 1:
                raise ValidationError(_("The follow-up revisit comes at least one day after closing."))

    def sla_calendar(self):
        """The working hours complaint deadlines are counted in."""
        self.ensure_one()
        return self.sudo().sla_calendar_id or self.sudo().company_id.resource_calendar_id
