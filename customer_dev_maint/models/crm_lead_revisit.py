from odoo import fields, models


class CrmLead(models.Model):
    """An opportunity raised from the needs found on a revisit (M4) knows
    that revisit, as the revisit knows its opportunity."""

    _inherit = "crm.lead"

    revisit_id = fields.Many2one(
        "cdm.revisit", string="From Revisit", index=True, ondelete="set null", copy=False,
        readonly=True, help="The customer revisit whose needs found this opportunity came from.",
    )
