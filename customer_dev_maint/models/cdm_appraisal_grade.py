from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CdmAppraisalGrade(models.Model):
    """A grade band of the appraisal (A2): the lowest score that reaches it
    and the coefficient of the base bonus it pays. A band reaches up to the
    next band's lowest score; the lowest band starts at 0."""

    _name = "cdm.appraisal.grade"
    _description = "Appraisal Grade Band"
    _inherit = ["mail.thread"]
    _order = "min_score desc, id"

    name = fields.Char(required=True, translate=True, track_visibility="onchange")
    min_score = fields.Float(
        string="From Score", required=True, digits=(16, 2), track_visibility="onchange",
        help="Lowest weighted score (0-100, inclusive) of this grade.")
    coefficient = fields.Float(
        string="Bonus Coefficient", required=True, default=1.0, digits=(16, 2),
        track_visibility="onchange",
        help="The appraisal's bonus is the employee's base bonus times this coefficient.")
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.user.company_id)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("min_score_company_uniq", "unique(min_score, company_id)",
         "Two grade bands cannot start at the same score: they would overlap."),
    ]

    @api.constrains("min_score", "coefficient")
    def _check_band(self):
        for grade in self:
            if not 0 <= grade.min_score <= 100:
                raise ValidationError(_(
                    "The grade %s must start at a score between 0 and 100.") % grade.name)
            if grade.coefficient < 0:
                raise ValidationError(_(
                    "The bonus coefficient of %s cannot be negative.") % grade.name)

    @api.model
    def _bands(self, company):
        """The active bands of ``company``, highest first, refused clearly
        when no band starts at 0 (scores below the lowest band would have no
        grade)."""
        bands = self.sudo().search([("company_id", "=", company.id)])
        if not bands or min(bands.mapped("min_score")) > 0:
            raise UserError(_(
                "The grade bands leave scores from 0 to %s without a grade: add a band "
                "starting at 0 under Appraisal > Configuration > Grade Bands.")
                % (min(bands.mapped("min_score")) if bands else 100))
        return bands

    @api.model
    def _grade_of(self, score, bands):
        """The band of ``score`` among ``bands`` (highest first)."""
        return next(band for band in bands if score >= band.min_score)
