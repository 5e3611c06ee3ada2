from odoo import _, models
from odoo.tools import html2plaintext


class HelpdeskTicket(models.Model):
    """A resolved complaint or problem gives a best practice in one click (I2)."""

    _inherit = "helpdesk.ticket"

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


class CdmRevisit(models.Model):
    """A completed revisit gives a best practice in one click (I2)."""

    _inherit = "cdm.revisit"

    def action_create_best_practice(self):
        self.ensure_one()
        Entry = self.env["cdm.best.practice"]
        Entry._check_source(self.state == "done",
                            _("A best practice comes from a completed revisit."))
        situation = "\n\n".join(text for text in (self.feedback, self.needs, self.problem) if text)
        entry = Entry._create_from_source(self, {
            "name": _("Revisit of %s") % self.partner_id.commercial_partner_id.name,
            "situation": situation or False, "what_worked": self.suggestions or False,
            "team_id": self.team_id.id or Entry._fields["team_id"].default(Entry).id,
        })
        return entry._open()


class CrmLead(models.Model):
    """A won deal gives a best practice in one click (I2)."""

    _inherit = "crm.lead"

    def action_create_best_practice(self):
        self.ensure_one()
        Entry = self.env["cdm.best.practice"]
        Entry._check_source(self._is_won(), _("A best practice comes from a won deal."))
        entry = Entry._create_from_source(self, {
            "name": self.name, "situation": self.needs or False, "what_worked": self.solution or False,
            "team_id": self.team_id.id or Entry._fields["team_id"].default(Entry).id,
        })
        return entry._open()
