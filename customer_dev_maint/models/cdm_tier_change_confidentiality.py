from odoo import models


class CdmTierChange(models.Model):
    """Tier history shares its customer's confidentiality (C1); read inside the customer's form."""

    _name = "cdm.tier.change"
    _inherit = ["cdm.tier.change", "cdm.confidential.mixin"]
    _cdm_log_reads = False
