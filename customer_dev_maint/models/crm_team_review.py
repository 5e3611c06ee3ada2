from odoo import api, models


class CrmTeam(models.Model):
    """A department's leader reads its review meetings (I1): the meetings
    follow a change of leader or of policy department."""

    _inherit = "crm.team"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def create(self, vals):
        team = super().create(vals)
        if team.department_role and team.user_id:
            self.env["cdm.review.meeting"]._refresh_all_leaders()
        return team

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "department_role", "active"} & set(vals):
            self.env["cdm.review.meeting"]._refresh_all_leaders()
        return result
