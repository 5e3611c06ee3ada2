from odoo import _, models


class CrmLead(models.Model):
    """A won deal gives a best practice in one click (I2)."""

    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    def action_create_best_practice(self):
        self.ensure_one()
        Entry = self.env["cdm.best.practice"]
        Entry._check_source(self._is_won(), _("A best practice comes from a won deal."))
        entry = Entry._create_from_source(self, {
            "name": self.name, "situation": self.needs or False, "what_worked": self.solution or False,
            "team_id": self.team_id.id or Entry._fields["team_id"].default(Entry).id,
        })
        return entry._open()
