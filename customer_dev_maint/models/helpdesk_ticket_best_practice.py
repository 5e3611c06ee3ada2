from odoo import _, models
from odoo.tools import html2plaintext


class HelpdeskTicket(models.Model):
    """A resolved complaint or problem gives a best practice in one click (I2)."""

    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    def action_create_best_practice(self):
        self.ensure_one()
        Entry = self.env["cdm.best.practice"]
        Entry._check_source(self._is_complaint() and self.resolution_date and not self._is_cancelled(),
                            _("A best practice comes from a resolved complaint or problem."))
        entry = Entry._create_from_source(self, {
            "name": self.name, "situation": html2plaintext(self.description or "") or False,
            "team_id": self.maintenance_team_id.id or Entry._fields["team_id"].default(Entry).id,
        })
        return entry._open()
