from odoo import api, fields, models


class CdmKpi(models.Model):
    """The optional KPI "Training Hours" (I3): hours of the training
    sessions attended in the period, target hours per role (a monthly
    target grows with the period)."""

    _inherit = "cdm.kpi"

    source = fields.Selection(selection_add=[("training_hours", "Training Hours")])

    @api.model
    def _kpi_training_hours(self, user_ids, date_from, date_to, company, today):
        """{user id: hours}; every user is measured (no session is 0 hours)."""
        employees = self.env["hr.employee"].sudo().search(
            [("user_id", "in", list(user_ids)), ("company_id", "=", company.id)])
        hours = self.env["cdm.training.attendance"]._hours_by_employee(employees, date_from, date_to)
        result = dict.fromkeys(user_ids, 0.0)
        for employee in employees:
            result[employee.user_id.id] += hours.get(employee.id, 0.0)
        return result
