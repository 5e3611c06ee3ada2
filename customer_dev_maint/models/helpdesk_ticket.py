from odoo import api, fields, models

KINDS = [
    ("complaint", "Complaint"),
    ("problem", "Problem"),
    ("request", "Request"),
    ("feedback", "Feedback"),
]
# Kinds the policy's complaint handling applies to: SLA, closed loop, follow-up (M6, M8).
COMPLAINT_KINDS = ("complaint", "problem")

SEVERITIES = [
    ("low", "Low"),
    ("normal", "Normal"),
    ("high", "High"),
    ("critical", "Critical"),
]


class HelpdeskTicket(models.Model):
    """Tickets are the policy's complaints and problems (§3.2); each belongs to
    a maintenance department, taken from its customer unless set, and has a
    kind and a severity (M6)."""

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
    kind = fields.Selection(
        KINDS, required=True, default="request", index=True, track_visibility="onchange",
        help="Complaints and problems get response and resolution targets from the customer's "
             "service tier and are closed only once the customer's satisfaction is confirmed.",
    )
    severity = fields.Selection(
        SEVERITIES, required=True, default="normal", track_visibility="onchange",
        help="Shortens or lengthens the tier's targets by the policy's severity factor.",
    )
    # Facts of the stage and the team: a form that carries them must never
    # write them back (a save would write the stage or the team, which only
    # a helpdesk manager may).
    closed = fields.Boolean(readonly=True)
    unattended = fields.Boolean(readonly=True)
    user_ids = fields.Many2many(readonly=True)
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer", compute="_compute_commercial_partner_id",
        store=True, index=True,
        help="The company the contact of the ticket belongs to.",
    )

    @api.depends("partner_id.commercial_partner_id")
    def _compute_commercial_partner_id(self):
        for ticket in self:
            ticket.commercial_partner_id = ticket.partner_id.commercial_partner_id

    @api.onchange("partner_id")
    def _onchange_partner_id_maintenance_team(self):
        team = self.partner_id.commercial_partner_id.maintenance_team_id
        if team:
            self.maintenance_team_id = team

    @api.model
    def create(self, vals):
        vals = dict(vals)  # the caller's dict is theirs: it may create more tickets with it
        if vals.get("partner_id") and not vals.get("maintenance_team_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["maintenance_team_id"] = partner.commercial_partner_id.maintenance_team_id.id
        if vals.get("revisit_id") and not vals.get("kind"):
            vals["kind"] = "problem"
        return super().create(vals)

    @api.model
    def _complaint_domain(self):
        """Tickets the policy calls complaints: complaints and problems (the
        customer record's open complaints add "not in a closed stage")."""
        return [("kind", "in", list(COMPLAINT_KINDS))]

    def _is_complaint(self):
        self.ensure_one()
        return self.kind in COMPLAINT_KINDS
