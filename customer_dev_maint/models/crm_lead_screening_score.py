from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmLeadScreeningScore(models.Model):
    """The score 0-5 a lead gets on one screening criterion (D2)."""

    _name = "crm.lead.screening.score"
    _description = "Lead Screening Score"
    _inherit = ["cdm.confidential.mixin"]
    _order = "lead_id, sequence, id"
    # Scores share their lead's confidentiality (C1); read inside the
    # lead's form.
    _cdm_owner_paths = ("lead_id.user_id",)
    _cdm_team_path = "lead_id.team_id"
    _cdm_parent_field = "lead_id"
    _cdm_log_reads = False

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one(
        "cdm.screening.criterion", required=True, ondelete="restrict", index=True,
    )
    sequence = fields.Integer(related="criterion_id.sequence", store=True, readonly=True)
    weight = fields.Float(related="criterion_id.weight", readonly=True)
    criterion_active = fields.Boolean(related="criterion_id.active", readonly=True)
    score = fields.Integer(
        required=True, default=0,
        help="0 = does not meet the criterion at all, 5 = fully meets it.",
    )
    note = fields.Char(help="Why this score: facts found during research.")
    # What later KPI and confidentiality work reads: whose lead, which customer, which department.
    partner_id = fields.Many2one(
        related="lead_id.partner_id.commercial_partner_id", store=True, readonly=True,
        string="Customer",
    )
    user_id = fields.Many2one(related="lead_id.user_id", store=True, readonly=True)
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True, readonly=True)
    date = fields.Date(
        string="Scored On", default=lambda self: self.env["cdm.policy"].today(),
        help="Date the score was last given.",
    )

    _sql_constraints = [
        ("lead_criterion_uniq", "unique(lead_id, criterion_id)",
         "A lead is scored only once per screening criterion."),
    ]

    @api.constrains("score")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= 5:
                raise ValidationError(_(
                    "A screening score goes from 0 to 5; %(score)s was given for %(criterion)s."
                ) % {"score": line.score, "criterion": line.criterion_id.name})

    @api.model
    def create(self, vals):
        line = super().create(vals)
        # A criterion scored 0 already counts as 0: only a real score can
        # move the lead's priority (a new lead's empty sheet does not).
        if line.score:
            line.lead_id._sync_priority_with_score()
        return line

    @api.multi
    def write(self, vals):
        if "score" in vals and "date" not in vals:
            vals = dict(vals, date=self.env["cdm.policy"].today())
        res = super().write(vals)
        self.mapped("lead_id")._sync_priority_with_score()
        return res

    @api.multi
    def unlink(self):
        leads = self.mapped("lead_id")
        res = super().unlink()
        leads.exists()._sync_priority_with_score()
        return res
