from odoo import fields, models


class CdmMisconductCaseCancel(models.TransientModel):
    """Cancel misconduct cases with the reason the register keeps."""

    _name = "cdm.misconduct.case.cancel"
    _description = "Cancel Misconduct Case"

    case_ids = fields.Many2many(
        "cdm.misconduct.case", string="Cases",
        default=lambda self: self.env.context.get("active_ids", []))
    cancel_reason = fields.Text(
        string="Reason", required=True, help="Why the case is cancelled; kept on the case.")

    def action_cancel(self):
        self.ensure_one()
        self.case_ids._cancel(self.cancel_reason)
        return {"type": "ir.actions.act_window_close"}
