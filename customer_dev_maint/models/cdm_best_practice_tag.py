from odoo import fields, models


class CdmBestPracticeTag(models.Model):
    """A tag of the best-practice library (I2)."""

    _name = "cdm.best.practice.tag"
    _description = "Best Practice Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique(name)", "A tag with this name exists already.")]
