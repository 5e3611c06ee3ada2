from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HrEmployee(models.Model):
    """Staff of the policy are employees linked to their user: appraisals and
    misconduct cases are about an employee (A2, A6)."""

    _inherit = "hr.employee"

    appraisal_currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", readonly=True,
        string="Appraisal Currency")
    appraisal_base_bonus = fields.Monetary(
        string="Base Bonus", currency_field="appraisal_currency_id",
        groups="customer_dev_maint.group_manager,customer_dev_maint.group_auditor",
        help="Bonus of one appraisal period at a grade coefficient of 1: the appraisal pays "
             "this amount times the coefficient of the grade reached.")
    misconduct_case_ids = fields.One2many(
        "cdm.misconduct.case", "employee_id", string="Misconduct Cases")
    misconduct_case_count = fields.Integer(compute="_compute_misconduct_case_count")
    recognition_ids = fields.One2many(
        "cdm.appraisal.recognition", "employee_id", string="Outstanding Employee Recognitions")
    recognition_count = fields.Integer(compute="_compute_recognition_count")

    def _compute_misconduct_case_count(self):
        counts = self.env["cdm.misconduct.case"].read_group(
            [("employee_id", "in", self.ids)], ["employee_id"], ["employee_id"])
        by_employee = {group["employee_id"][0]: group["employee_id_count"] for group in counts}
        for employee in self:
            employee.misconduct_case_count = by_employee.get(employee.id, 0)

    def _compute_recognition_count(self):
        counts = self.env["cdm.appraisal.recognition"].read_group(
            [("employee_id", "in", self.ids)], ["employee_id"], ["employee_id"])
        by_employee = {group["employee_id"][0]: group["employee_id_count"] for group in counts}
        for employee in self:
            employee.recognition_count = by_employee.get(employee.id, 0)

    @api.constrains("appraisal_base_bonus")
    def _check_appraisal_base_bonus(self):
        for employee in self.sudo():
            if employee.appraisal_base_bonus < 0:
                raise ValidationError(_(
                    "The base bonus of %s cannot be negative.") % employee.name)

    def _appraisal_facts(self):
        """{employee id: {user_id, department_id, name, base_bonus, team_id,
        role}}: what an appraisal run reads of these employees (their user,
        department and base bonus, the user's sales team and its policy
        role), in one query for the hundreds of a run, as the server."""
        if not self:
            return {}
        self.env.cr.execute("""
            SELECT e.id, r.user_id, e.department_id, e.name, e.appraisal_base_bonus,
                   u.sale_team_id, t.department_role
              FROM hr_employee e
              JOIN resource_resource r ON r.id = e.resource_id
              LEFT JOIN res_users u ON u.id = r.user_id
              LEFT JOIN crm_team t ON t.id = u.sale_team_id
             WHERE e.id IN %s
        """, (tuple(self.ids),))
        return {
            row[0]: {"user_id": row[1], "department_id": row[2], "name": row[3],
                     "base_bonus": float(row[4] or 0.0), "team_id": row[5], "role": row[6]}
            for row in self.env.cr.fetchall()}

    @api.model
    def _for_user(self, user):
        """The employee of ``user``: the one record the appraisal and the
        misconduct register attach to that person. Created (as superuser, in
        the user's company) when the user has none yet, so a case opened by
        the system always has its employee."""
        Employee = self.sudo().with_context(active_test=False)
        employee = Employee.search([("user_id", "=", user.id)], order="active desc, id", limit=1)
        if not employee:
            employee = Employee.create({
                "name": user.name,
                "user_id": user.id,
                "company_id": user.company_id.id,
                "work_email": user.email,
            })
        return employee.sudo(self.env.uid)

    def action_view_misconduct_cases(self):
        self.ensure_one()
        action = self.env.ref("customer_dev_maint.cdm_misconduct_case_action").read()[0]
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action

    def action_view_recognitions(self):
        self.ensure_one()
        action = self.env.ref("customer_dev_maint.cdm_appraisal_recognition_action").read()[0]
        action["domain"] = [("employee_id", "=", self.id)]
        return action
