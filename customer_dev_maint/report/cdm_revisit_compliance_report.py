from odoo import api, fields, models
from odoo.osv import expression

from .analysis_view import create_view, on_time_columns


class CdmRevisitComplianceReport(models.Model):
    """Revisit compliance analysis (M5): one row per revisit that has fallen
    due (done, or planned with its due date passed); the compliance rate is
    the share done on or before the due date.

    "Passed" counts in the policy's day (``cdm.policy.today()``), not the
    database server's: the view holds every done and planned revisit, and
    each search and read_group keeps the planned ones due before today."""

    _name = "cdm.revisit.compliance.report"
    _description = "Revisit Compliance Analysis"
    _auto = False
    _rec_name = "revisit_id"
    _order = "date_due desc"

    revisit_id = fields.Many2one("cdm.revisit", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    team_id = fields.Many2one("crm.team", string="Maintenance Department", readonly=True)
    tier_id = fields.Many2one("cdm.service.tier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    date_done = fields.Date(string="Done On", readonly=True)
    state = fields.Selection(
        [("planned", "Overdue"), ("done", "Done")], readonly=True)
    due_count = fields.Integer(string="# Due", readonly=True)
    on_time_count = fields.Integer(string="# On Time", readonly=True)
    late_count = fields.Integer(string="# Late or Missed", readonly=True)
    compliance_rate = fields.Float(
        string="Compliance Rate (%)", readonly=True, group_operator="avg",
        help="Revisits done on time / revisits due.")
    satisfaction = fields.Float(readonly=True, group_operator="avg")

    @api.model_cr
    def init(self):
        create_view(self, """
            SELECT r.id, r.id AS revisit_id, r.partner_id, r.user_id, r.team_id, r.tier_id,
                   r.company_id, r.date_due, r.date_done, r.state,
                   {counts},
                   NULLIF(r.satisfaction, 0)::float AS satisfaction
              FROM cdm_revisit r
             WHERE r.state IN ('done', 'planned')
        """.format(counts=on_time_columns("r.on_time", "compliance_rate")))

    @api.model
    def _where_calc(self, domain, active_test=True):
        """Every search, count and read_group of the analysis goes through
        here: a planned revisit is due once the policy's today is past it."""
        fallen_due = ["|", ("state", "=", "done"), ("date_due", "<", self.env["cdm.policy"].today())]
        return super()._where_calc(expression.AND([fallen_due, domain or []]), active_test)
