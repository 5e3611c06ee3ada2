
from odoo import api, fields, models


class ResPartner(models.Model):
    """The customer record of the policy (§5, M10): who develops and who
    maintains each customer. The development owner and department are
    Odoo's own salesperson (``user_id``) and sales team (``team_id``).

    One file per concern extends it: ``res_partner_tier`` (the service tier
    and its history), ``res_partner_health`` (revisits, satisfaction, open
    complaints, revenue and the health score), ``res_partner_revisit``,
    ``res_partner_update_notice`` and the confidentiality files."""

    _inherit = "res.partner"

    maintenance_user_id = fields.Many2one(
        "res.users", string="Maintenance Owner", index=True,
        track_visibility="onchange",
        help="Customer Maintenance employee in charge of this customer after handover.",
    )
    maintenance_team_id = fields.Many2one(
        "crm.team", string="Maintenance Department", index=True,
        domain=[("department_role", "=", "maintenance")],
        track_visibility="onchange",
    )
    handover_date = fields.Date(
        track_visibility="onchange",
        help="Date Customer Development handed the customer over to Customer Maintenance.",
    )

    @api.model
    def _maintenance_policy(self, company=None):
        """The policy of ``company`` (default: the user's) to read settings
        from, without creating one (``cdm.policy.for_company``)."""
        return self.env["cdm.policy"].for_company(company, create=False).sudo()

    @api.onchange("maintenance_user_id")
    def _onchange_maintenance_user_id(self):
        team = self.env["crm.team"]._maintenance_department_of(self.maintenance_user_id)
        if team:
            self.maintenance_team_id = team
