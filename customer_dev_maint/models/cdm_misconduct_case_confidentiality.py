from odoo import fields, models


class CdmMisconductCase(models.Model):
    """A misconduct case opened from a leak signal links it: the signal's
    access log rows are the case's evidence (C7)."""

    _inherit = "cdm.misconduct.case"  # pylint: disable=consider-merging-classes-inherited

    leak_signal_id = fields.Many2one(
        "cdm.leak.signal", readonly=True, ondelete="set null", index=True,
        help="Leak signal whose access log rows are the evidence of this case.")
