from odoo import api, fields, models

from ..models.helpdesk_ticket import KINDS, SEVERITIES
from ..models.helpdesk_ticket_sla import SLA_STATES
from .analysis_view import create_view


class CdmTicketSlaReport(models.Model):
    """SLA compliance analysis (M6): one row per target (first response,
    resolution) of each complaint or problem that has one. A decided target
    is met or breached; the compliance rate is the share met; the time is
    the working hours it took, pauses left out."""

    _name = "cdm.ticket.sla.report"
    _description = "Complaint SLA Analysis"
    _auto = False
    _rec_name = "ticket_id"
    _order = "deadline desc"

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    target = fields.Selection(
        [("response", "First Response"), ("resolution", "Resolution")], readonly=True)
    state = fields.Selection(SLA_STATES, readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    severity = fields.Selection(SEVERITIES, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    tier_id = fields.Many2one("cdm.service.tier", readonly=True)
    helpdesk_team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    team_id = fields.Many2one("crm.team", string="Maintenance Department", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_open = fields.Datetime(string="Opened On", readonly=True)
    deadline = fields.Datetime(readonly=True)
    target_hours = fields.Float(string="Target (working hours)", readonly=True, group_operator="avg")
    work_hours = fields.Float(string="Time Taken (working hours)", readonly=True, group_operator="avg")
    decided_count = fields.Integer(string="# Decided", readonly=True)
    met_count = fields.Integer(string="# Met", readonly=True)
    breached_count = fields.Integer(string="# Breached", readonly=True)
    compliance_rate = fields.Float(
        string="Compliance Rate (%)", readonly=True, group_operator="avg",
        help="Targets met / targets decided (met or breached).")
    satisfaction_score = fields.Float(string="Satisfaction", readonly=True, group_operator="avg")

    @api.model_cr
    def init(self):
        create_view(self, """
            SELECT t.id * 2 + x.n AS id, t.id AS ticket_id, x.target, x.state,
                   t.kind, t.severity, t.commercial_partner_id AS partner_id, t.category_id,
                   t.sla_tier_id AS tier_id, t.team_id AS helpdesk_team_id,
                   t.maintenance_team_id AS team_id, t.user_id, t.company_id,
                   t.sla_start AS date_open, x.deadline, x.target_hours,
                   CASE WHEN x.done THEN x.work_hours END AS work_hours,
                   CASE WHEN x.state IN ('met', 'breached') THEN 1 ELSE 0 END AS decided_count,
                   CASE WHEN x.state = 'met' THEN 1 ELSE 0 END AS met_count,
                   CASE WHEN x.state = 'breached' THEN 1 ELSE 0 END AS breached_count,
                   CASE WHEN x.state = 'met' THEN 100.0
                        WHEN x.state = 'breached' THEN 0.0 END AS compliance_rate,
                   NULLIF(t.satisfaction_score, 0)::float AS satisfaction_score
              FROM helpdesk_ticket t
             CROSS JOIN LATERAL (VALUES
                   (0, 'response', t.response_state, t.response_deadline,
                    t.response_target_hours, t.response_work_hours,
                    t.first_response_date IS NOT NULL),
                   (1, 'resolution', t.resolution_state, t.resolution_deadline,
                    t.resolution_target_hours, t.resolution_work_hours,
                    t.resolution_date IS NOT NULL)
                   ) AS x(n, target, state, deadline, target_hours, work_hours, done)
             WHERE x.state IS NOT NULL
        """)
