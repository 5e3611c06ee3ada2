from odoo import _, models
from odoo.exceptions import UserError

from ..server_only import server_value


class MailActivity(models.Model):
    """A customer's Revisit activity stands for a planned revisit: it is done
    when the revisit is completed with its outcome, not on its own (M4)."""

    _inherit = "mail.activity"

    def action_feedback(self, feedback=False):
        if not server_value(self.env, "cdm_revisit_completing"):
            revisits = self.env["cdm.revisit"].sudo().search(
                [("activity_id", "in", self.ids), ("state", "=", "planned")])
            if revisits:
                raise UserError(_(
                    "This activity is the revisit of %s: open the revisit (Customer Relations > "
                    "Maintenance > Revisits), record its outcome and complete it there.")
                    % ", ".join(revisits.mapped("partner_id.name")))
        actions = self.env["cdm.review.action"].sudo().search([("activity_id", "in", self.ids)])
        result = super().action_feedback(feedback=feedback)
        # A review's follow-up action is done when its activity is (I1).
        actions._mark_done()
        return result
