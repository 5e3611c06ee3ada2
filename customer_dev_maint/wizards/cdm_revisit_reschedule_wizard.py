from odoo import api, fields, models


class CdmRevisitRescheduleWizard(models.TransientModel):
    """Reschedule a planned revisit by hand: a new due date or owner, with
    the reason kept on the revisit. The scheduling job then keeps both."""

    _name = "cdm.revisit.reschedule.wizard"
    _description = "Reschedule Revisit"

    revisit_id = fields.Many2one("cdm.revisit", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="revisit_id.partner_id", readonly=True)
    date_due = fields.Date(string="New Due Date", required=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True,
        help="Who makes the revisit; by default its current owner.")
    reason = fields.Text(required=True, help="Why the revisit moves; kept on the revisit.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        revisit = self.env["cdm.revisit"].browse(values.get("revisit_id"))
        if revisit:
            values.setdefault("date_due", revisit.date_due)
            values.setdefault("user_id", revisit.user_id.id)
        return values

    @api.multi
    def action_reschedule(self):
        self.ensure_one()
        revisit = self.revisit_id
        user = self.user_id if self.user_id != revisit.user_id else None
        revisit._reschedule(self.date_due, self.reason, user=user)
        return {"type": "ir.actions.act_window_close"}
