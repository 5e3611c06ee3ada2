from odoo import api, fields, models


class ResPartner(models.Model):
    """The customer record of the policy (§5): who develops and who maintains
    each customer. The development owner and department are Odoo's own
    salesperson (``user_id``) and sales team (``team_id``)."""

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

    service_tier_id = fields.Many2one(
        "cdm.service.tier", index=True, ondelete="restrict",
        track_visibility="onchange",
        help="Service plan of the customer: revisit interval, complaint targets, update notices.",
    )
    handover_date = fields.Date(
        track_visibility="onchange",
        help="Date Customer Development handed the customer over to Customer Maintenance.",
    )

    @api.onchange("maintenance_user_id")
    def _onchange_maintenance_user_id(self):
        team = self.maintenance_user_id.sale_team_id
        if team.department_role == "maintenance":
            self.maintenance_team_id = team
