from odoo import api, fields, models

from .cdm_kpi import SOURCES, UNITS
from .translated_copy import name_in_reader_language


class CdmAppraisalLine(models.Model):
    """One KPI of an appraisal: target, actual, achievement, weight and
    points, as computed for the period and frozen with the appraisal."""

    _name = "cdm.appraisal.line"
    _description = "Appraisal KPI Line"
    _order = "appraisal_id, sequence, id"

    appraisal_id = fields.Many2one(
        "cdm.appraisal", required=True, index=True, ondelete="cascade", readonly=True)
    kpi_id = fields.Many2one("cdm.kpi", string="KPI", required=True, ondelete="restrict", readonly=True)
    name = fields.Char(string="KPI Name", readonly=True)
    kpi_label = fields.Char(
        string="KPI", compute="_compute_kpi_label",
        help="The KPI's name in the reader's language (the name it had when computed).")
    sequence = fields.Integer(readonly=True)
    source = fields.Selection(SOURCES, related="kpi_id.source", store=True, readonly=True)
    unit = fields.Selection(UNITS, readonly=True)
    target = fields.Float(digits=(16, 2), readonly=True, group_operator="avg")
    # Kept in full precision, rounded for display only (the points add up to
    # the appraisal's KPI points).
    actual = fields.Float(readonly=True, group_operator="avg")
    measured = fields.Boolean(
        readonly=True, help="False when the period holds no record to measure this KPI: its "
                            "weight went to the measured KPIs.")
    achievement = fields.Float(
        string="Achievement (%)", readonly=True, group_operator="avg",
        help="Actual / target; counted up to the policy's cap.")
    weight = fields.Float(digits=(16, 2), readonly=True, group_operator="avg",
                          help="Weight of the KPI definition for the employee's role.")
    weight_effective = fields.Float(
        string="Weight Applied", readonly=True, group_operator="avg",
        help="Weight after the weights of unmeasured KPIs were shared out.")
    points = fields.Float(readonly=True, group_operator="avg")
    # Copies of the appraisal's keys, for analysis by department, period and KPI.
    run_id = fields.Many2one(related="appraisal_id.run_id", store=True, readonly=True)
    employee_id = fields.Many2one(related="appraisal_id.employee_id", store=True, readonly=True)
    user_id = fields.Many2one(related="appraisal_id.user_id", store=True, readonly=True)
    department_id = fields.Many2one(related="appraisal_id.department_id", store=True, readonly=True)
    date_from = fields.Date(related="appraisal_id.date_from", store=True, readonly=True)
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True, readonly=True)

    @api.depends("kpi_id", "name")
    def _compute_kpi_label(self):
        labels = name_in_reader_language(self, lambda line: line.kpi_id, lambda line: line.name)
        for line in self:
            line.kpi_label = labels[line]
