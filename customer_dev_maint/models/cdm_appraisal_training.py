from odoo import fields, models


class CdmAppraisal(models.Model):
    """The training hours of the appraised employee over the run's period
    (I3), shown in the appraisal form."""

    _inherit = "cdm.appraisal"

    training_hours = fields.Float(
        compute="_compute_training_hours",
        help="Hours of the training sessions the employee attended in the appraisal's period.")

    def _compute_training_hours(self):
        Attendance = self.env["cdm.training.attendance"]
        for appraisal in self:
            run = appraisal.sudo().run_id
            hours = Attendance._hours_by_employee(appraisal.sudo().employee_id, run.date_from, run.date_to)
            appraisal.training_hours = hours.get(appraisal.sudo().employee_id.id, 0.0)
