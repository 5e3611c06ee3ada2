from odoo import models


class RatingRating(models.Model):
    """Ratings of a record (or parent record) the user may not read, or given
    by or about a contact they may not read, are left out (C3)."""

    _name = "rating.rating"
    _inherit = ["rating.rating", "cdm.document.guard"]

    _cdm_document_fields = [("res_model", "res_id"), ("parent_res_model", "parent_res_id")]
