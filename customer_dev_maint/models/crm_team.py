from odoo import api, fields, models

from ..roles import ROLES


class CrmTeam(models.Model):
    """Sales teams stand for the policy's two departments (§2, R2)."""

    _inherit = "crm.team"

    department_role = fields.Selection(
        ROLES,
        string="Policy Department", index=True, track_visibility="onchange",
        help="Which department of the customer policy this team is: "
             "Customer Development finds and wins new customers, "
             "Customer Maintenance keeps existing ones.",
    )

    @api.model
    def _maintenance_department_of(self, user):
        """The maintenance department ``user`` belongs to, if any."""
        team = user.sale_team_id
        return team if team.department_role == "maintenance" else self.browse()
