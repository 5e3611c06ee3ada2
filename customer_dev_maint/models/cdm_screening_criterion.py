from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CdmScreeningCriterion(models.Model):
    """A criterion prospects are screened against (§3.1 "screen them against
    the company's resources and capabilities", D2). Each lead scores 0-5 per
    active criterion; the weights make the lead's weighted score."""

    _name = "cdm.screening.criterion"
    _description = "Screening Criterion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    weight = fields.Float(
        required=True, default=1.0, track_visibility="onchange",
        help="Relative importance of the criterion in the weighted screening score.",
    )
    description = fields.Text(
        translate=True, help="What a score of 0 and a score of 5 mean for this criterion.",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.user.company_id,
        help="Leave empty to use the criterion in every company.",
    )

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if criterion.weight <= 0:
                raise ValidationError(_(
                    "The weight of screening criterion %s must be greater than zero.") % criterion.name)

    @api.model
    def create(self, vals):
        criterion = super().create(vals)
        criterion._recompute_lead_scores()
        return criterion

    @api.multi
    def write(self, vals):
        res = super().write(vals)
        if {"weight", "active", "company_id"} & set(vals):
            self._recompute_lead_scores()
        return res

    @api.multi
    def unlink(self):
        company_ids = self._scored_company_ids()
        res = super().unlink()
        self.env["crm.lead"]._recompute_screening_scores(company_ids)
        return res

    def _scored_company_ids(self):
        """Companies whose leads' scores depend on these criteria (None: all)."""
        companies = self.mapped("company_id")
        if companies and all(criterion.company_id for criterion in self):
            return companies.ids
        return None

    def _recompute_lead_scores(self):
        """Every scored lead of these criteria's companies: an unscored
        criterion counts as 0, so a weight change moves the whole scale.
        Set-based, whatever the number of leads."""
        self.env["crm.lead"]._recompute_screening_scores(self._scored_company_ids())
