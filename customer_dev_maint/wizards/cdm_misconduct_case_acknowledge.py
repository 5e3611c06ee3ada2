from odoo import _, fields, models
from odoo.exceptions import UserError


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
        requested = set(self.env.context.get("active_ids") or [])
        cases = self.case_ids
        if not cases or (self.env.context.get("active_model") == cases._name
                         and requested - set(cases.ids)):
            # The form only carries the cases the user may read: one that is
            # missing is someone else's (or gone), and nothing is saved.
            raise UserError(_(
                "You cannot acknowledge a misconduct case you cannot see: only the employee "
                "it is about acknowledges it."))
        cases._acknowledge(self.comment)
        return {"type": "ir.actions.act_window_close"}
