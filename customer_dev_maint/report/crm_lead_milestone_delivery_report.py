from odoo import api, fields, models

from .analysis_view import create_view, on_time_columns


class CrmLeadMilestoneDeliveryReport(models.Model):
    """On-time delivery analysis (D6, §3.1 "deliver on time"): one row per
    milestone fallen due (delivered, or still planned after its planned
    date), by owner, department and month. Its rate is delivered on time /
    due, the definition of the deal's rate (``crm.lead.milestone
    ._on_time_rate``) and of ``on_time_counts``; "today" is the policy's,
    in its time zone, as ``cdm.policy.today()`` computes it."""

    _name = "crm.lead.milestone.delivery.report"
    _description = "On-time Delivery Analysis"
    _auto = False
    _rec_name = "milestone_id"
    _order = "planned_date desc"

    milestone_id = fields.Many2one("crm.lead.milestone", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Deal", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    team_id = fields.Many2one("crm.team", string="Department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    planned_date = fields.Date(readonly=True)
    done_date = fields.Date(string="Delivered On", readonly=True)
    delivery = fields.Selection(
        [("on_time", "On Time"), ("late", "Delivered Late"), ("overdue", "Overdue")],
        readonly=True)
    due_count = fields.Integer(string="# Due", readonly=True)
    on_time_count = fields.Integer(string="# On Time", readonly=True)
    late_count = fields.Integer(string="# Late or Overdue", readonly=True)
    on_time_rate = fields.Float(
        string="On-time Delivery (%)", readonly=True, group_operator="avg",
        help="Milestones delivered by their planned date / milestones due.")

    @api.model_cr
    def init(self):
        create_view(self, """
            SELECT m.id, m.id AS milestone_id, m.lead_id, m.partner_id, m.user_id,
                   m.team_id, m.company_id, m.planned_date, m.done_date,
                   CASE WHEN m.state = 'planned' THEN 'overdue'
                        WHEN m.delivery_status = 'on_time' THEN 'on_time'
                        ELSE 'late' END AS delivery,
                   {counts}
              FROM crm_lead_milestone m
              LEFT JOIN cdm_policy p ON p.company_id = m.company_id
             WHERE m.state = 'done'
                OR (m.state = 'planned'
                    AND m.planned_date < (now() AT TIME ZONE COALESCE(p.timezone, 'UTC'))::date)
        """.format(counts=on_time_columns("m.delivery_status = 'on_time'", "on_time_rate")))
