from odoo import fields, models


class CdmMisconductCaseAcknowledge(models.TransientModel):
    """The employee acknowledges a confirmed misconduct case, with a comment."""

    _name = "cdm.misconduct.case.acknowledge"
    _description = "Acknowledge Misconduct Case"

    case_ids = fields.Many2many(
        "cdm.misconduct.case", string="Cases",
        default=lambda self: self.env.context.get("active_ids", []))
    comment = fields.Text(help="What you want the register to keep next to the case.")

    def action_acknowledge(self):
        self.ensure_one()
        self.case_ids._acknowledge(self.comment)
        return {"type": "ir.actions.act_window_close"}
