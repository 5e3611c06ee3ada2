from odoo import fields, models


class HrEmployee(models.Model):
    """Training hours on the employee (I3)."""

    _inherit = "hr.employee"  # pylint: disable=consider-merging-classes-inherited

    training_attendance_ids = fields.One2many("cdm.training.attendance", "employee_id",
                                              string="Training Sessions")
    training_hours_year = fields.Float(
        string="Training Hours This Year", compute="_compute_training_hours",
        help="Hours of the training sessions the employee attended this calendar year.")
    training_hours_quarter = fields.Float(
        string="Training Hours This Quarter", compute="_compute_training_hours",
        help="Hours of the training sessions the employee attended this quarter.")

    def _compute_training_hours(self):
        today = fields.Date.from_string(self.env["cdm.policy"].today())
        quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        Attendance = self.env["cdm.training.attendance"]
        end = fields.Date.to_string(today.replace(month=12, day=31))
        year = Attendance._hours_by_employee(self, fields.Date.to_string(today.replace(month=1, day=1)), end)
        quarter = Attendance._hours_by_employee(self, fields.Date.to_string(quarter_start), end)
        for employee in self:
            employee.training_hours_year = year.get(employee.id, 0.0)
            employee.training_hours_quarter = quarter.get(employee.id, 0.0)

    def action_view_training(self):
        """The Training button: the employee's sessions, hours by period."""
        self.ensure_one()
        action = self.env.ref("customer_dev_maint.cdm_training_attendance_action").read()[0]
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"search_default_attended": 1}
        return action
