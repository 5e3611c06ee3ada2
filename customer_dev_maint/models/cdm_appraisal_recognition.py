from odoo import fields, models


class CdmAppraisalRecognition(models.Model):
    """An outstanding employee recognition (A4), confirmed by a manager from
    an approved appraisal run; the employee's history shows it."""

    _name = "cdm.appraisal.recognition"
    _description = "Outstanding Employee Recognition"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "employee_id"

    appraisal_id = fields.Many2one(
        "cdm.appraisal", required=True, ondelete="restrict", readonly=True, index=True)
    run_id = fields.Many2one(related="appraisal_id.run_id", store=True, readonly=True)
    employee_id = fields.Many2one("hr.employee", required=True, readonly=True, index=True)
    user_id = fields.Many2one(related="employee_id.user_id", store=True, readonly=True)
    department_id = fields.Many2one(related="appraisal_id.department_id", store=True, readonly=True)
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    rank = fields.Integer(related="appraisal_id.rank", store=True, readonly=True)
    score = fields.Float(related="appraisal_id.score", store=True, readonly=True)
    grade_title = fields.Char(
        string="Grade Name", related="appraisal_id.grade_title", store=True, readonly=True)
    grade_label = fields.Char(string="Grade", related="appraisal_id.grade_label", readonly=True)
    overridden = fields.Boolean(
        string="Manager's Choice", readonly=True,
        help="Recognised by the manager although the ranking did not nominate the employee.")
    reason = fields.Text(readonly=True)
    confirmed_by_id = fields.Many2one("res.users", readonly=True)
