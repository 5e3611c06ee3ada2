from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """Tickets are the policy's complaints and problems (§3.2); each belongs to
    a maintenance department, taken from its customer unless set."""

    _inherit = "helpdesk.ticket"

    maintenance_team_id = fields.Many2one(
        "crm.team", string="Maintenance Department", index=True,
        domain=[("department_role", "=", "maintenance")],
        track_visibility="onchange",
    )
    revisit_id = fields.Many2one(
        "cdm.revisit", index=True, ondelete="set null", copy=False,
        help="Revisit during which the customer raised this problem.",
    )

    @api.onchange("partner_id")
    def _onchange_partner_id_maintenance_team(self):
        team = self.partner_id.commercial_partner_id.maintenance_team_id
        if team:
            self.maintenance_team_id = team

    @api.model
    def create(self, vals):
        if vals.get("partner_id") and not vals.get("maintenance_team_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["maintenance_team_id"] = partner.commercial_partner_id.maintenance_team_id.id
        return super().create(vals)
