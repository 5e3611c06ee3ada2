from odoo import _, models


class CdmRevisit(models.Model):
    """A completed revisit gives a best practice in one click (I2)."""

    _inherit = "cdm.revisit"  # pylint: disable=consider-merging-classes-inherited

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
