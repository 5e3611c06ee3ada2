from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CdmTrainingSession(models.Model):
    """A training session of the policy (§5, I3): a topic on a day, its
    hours, its trainer and its attendees with their attendance. An attendee
    present is credited the session's hours, counted per employee and period
    on the employee, in the appraisal and in the optional KPI "Training
    Hours"."""

    _name = "cdm.training.session"
    _description = "Training Session"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(string="Topic", required=True, track_visibility="onchange")
    date = fields.Date(required=True, index=True, track_visibility="onchange",
                       default=fields.Date.context_today)
    hours = fields.Float(required=True, default=1.0, track_visibility="onchange",
                         help="Length of the session: each attendee present is credited these hours.")
    trainer_id = fields.Many2one("hr.employee", track_visibility="onchange",
                                 ondelete="restrict")
    description = fields.Text(string="Content")
    attendance_ids = fields.One2many("cdm.training.attendance", "session_id", string="Attendees",
                                     copy=False)
    attended_count = fields.Integer(string="Present", compute="_compute_attended_count")
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.user.company_id)

    @api.depends("attendance_ids.attended")
    def _compute_attended_count(self):
        for session in self:
            session.attended_count = len(session.attendance_ids.filtered("attended"))

    @api.constrains("hours")
    def _check_hours(self):
        for session in self:
            if not 0 < session.hours <= 24:
                raise ValidationError(_("A training session lasts more than 0 and at most 24 hours."))


class CdmTrainingAttendance(models.Model):
    """An employee invited to a training session, present or not."""

    _name = "cdm.training.attendance"
    _description = "Training Attendance"
    _order = "date desc, id desc"
    _rec_name = "employee_id"

    session_id = fields.Many2one("cdm.training.session", required=True,
                                 ondelete="cascade", index=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True,
                                  ondelete="cascade")
    attended = fields.Boolean(string="Present", default=True)
    date = fields.Date(related="session_id.date", store=True, readonly=True, index=True)
    hours = fields.Float(string="Hours Credited", compute="_compute_hours", store=True,
                         help="The session's hours when the employee was present, else 0.")
    company_id = fields.Many2one(related="session_id.company_id", store=True, readonly=True,
                                 index=True)

    _sql_constraints = [
        ("employee_session_uniq", "unique(session_id, employee_id)",
         "An employee attends a session once."),
    ]

    @api.depends("attended", "session_id.hours")
    def _compute_hours(self):
        for attendance in self:
            attendance.hours = attendance.session_id.hours if attendance.attended else 0.0

    @api.model
    def _hours_by_employee(self, employees, date_from, date_to):
        """{employee id: hours credited} over ``date_from`` to ``date_to``
        (inclusive): one grouped query, every session of the period."""
        if not employees:
            return {}
        rows = self.sudo().read_group(
            [("employee_id", "in", employees.ids), ("attended", "=", True),
             ("date", ">=", date_from), ("date", "<=", date_to)],
            ["employee_id", "hours"], ["employee_id"])
        return {row["employee_id"][0]: row["hours"] for row in rows}
