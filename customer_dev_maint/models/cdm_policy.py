from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CdmPolicy(models.Model):
    """The company's customer development and maintenance policy: every
    threshold, interval and weight the product applies lives here, one record
    per company, each change tracked in the chatter (G1)."""

    _name = "cdm.policy"
    _description = "Customer Relations Policy"
    _inherit = ["mail.thread"]
    _order = "company_id"

    name = fields.Char(
        required=True, translate=True, track_visibility="onchange",
        default=lambda self: _("Customer Development and Maintenance Management Policy"),
    )
    version = fields.Char(
        required=True, default="1.0", track_visibility="onchange",
        help="Version of the policy text these settings implement.",
    )
    effective_date = fields.Date(
        default=fields.Date.context_today, track_visibility="onchange",
        help="Date this version of the policy took effect.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", index=True,
        default=lambda self: self.env.user.company_id,
    )
    note = fields.Html(string="Policy Notes")

    # Development settings (§3.1) ------------------------------------------
    screening_threshold = fields.Float(
        string="Qualification Threshold", default=60.0, track_visibility="onchange",
        help="Weighted screening score (0-100) a lead needs to be qualified.",
    )
    milestone_reminder_days = fields.Integer(
        string="Milestone Reminder (days before)", default=3, track_visibility="onchange",
        help="Days before a milestone's planned date its owner gets a reminder activity.",
    )
    handover_tier_id = fields.Many2one(
        "cdm.service.tier", string="Default Handover Tier", ondelete="set null",
        track_visibility="onchange",
        default=lambda self: self.env.ref("customer_dev_maint.tier_standard",
                                          raise_if_not_found=False),
        help="Service tier a new customer gets when its first deal is won, "
             "unless the deal names another.",
    )

    @api.constrains("screening_threshold", "milestone_reminder_days")
    def _check_development_settings(self):
        for policy in self:
            if not 0 <= policy.screening_threshold <= 100:
                raise ValidationError(_("The qualification threshold goes from 0 to 100."))
            if policy.milestone_reminder_days < 0:
                raise ValidationError(_("The milestone reminder cannot be a negative number of days."))

    # Maintenance settings (§3.2) ------------------------------------------

    # Appraisal settings (§4) ----------------------------------------------

    _sql_constraints = [
        ("company_uniq", "unique(company_id)",
         "A company has one customer relations policy."),
    ]

    @api.model
    def for_company(self, company=None):
        """The policy of ``company`` (default: the user's), created on first use.

        Created with sudo: a company without a policy yet still needs its
        defaults, whoever asks first."""
        company = company or self.env.user.company_id
        policy = self.sudo().search([("company_id", "=", company.id)], limit=1)
        if not policy:
            policy = self.sudo().create({"company_id": company.id})
        return policy.sudo(self.env.uid)
