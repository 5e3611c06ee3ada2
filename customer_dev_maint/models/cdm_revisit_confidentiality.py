from odoo import models


class CdmRevisit(models.Model):
    """Revisits share their customer's confidentiality (C1)."""

    _name = "cdm.revisit"
    _inherit = ["cdm.revisit", "cdm.confidential.mixin"]
    _cdm_owner_paths = ("user_id",)
