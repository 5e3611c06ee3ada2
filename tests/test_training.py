"""Training records (I3): sessions with their attendees; hours per employee
and period on the employee, in the appraisal, and as the optional KPI
"Training Hours" with target hours per role."""
from odoo.api import call_kw
from odoo.exceptions import AccessError

from .appraisal_run_common import AppraisalRunCase
from .frozen_today import freeze_today
from .view_buttons import form_arch
from .web_client import web_context


class TestTraining(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.trainer = cls.Employee.create({"name": "Trainer Li"})

    def session(self, name, date, hours, present=(), absent=(), user=None):
        lines = [(0, 0, {"employee_id": employee.id, "attended": True}) for employee in present]
        lines += [(0, 0, {"employee_id": employee.id, "attended": False}) for employee in absent]
        # What the form sends on Save (its one2many lines as commands).
        user = user or self.manager
        session_id = call_kw(self.env["cdm.training.session"].sudo(user), "create", [{
            "name": name, "date": date, "hours": hours, "trainer_id": self.trainer.id,
            "attendance_ids": lines}], {"context": web_context(user)})
        return self.env["cdm.training.session"].browse(session_id)

    def hours(self, employee, date_from, date_to):
        return self.env["cdm.training.attendance"]._hours_by_employee(
            employee, date_from, date_to).get(employee.id, 0.0)

    def test_present_attendees_are_credited_the_hours_of_the_period(self):
        first = self.session("Complaint calls", "2026-02-10", 3.0, present=self.emp_dev1 | self.emp_maint1,
                             absent=self.emp_dev2)
        self.session("Contract law", "2026-03-31", 2.5, present=self.emp_dev1)
        self.session("Tracker demo", "2026-04-01", 4.0, present=self.emp_dev1 | self.emp_dev2)
        self.assertEqual(first.attended_count, 2)
        self.assertEqual(first.trainer_id, self.trainer)
        self.assertEqual(self.hours(self.emp_dev1, "2026-01-01", "2026-03-31"), 5.5)
        self.assertEqual(self.hours(self.emp_dev2, "2026-01-01", "2026-03-31"), 0.0)
        self.assertEqual(self.hours(self.emp_dev2, "2026-04-01", "2026-06-30"), 4.0)
        self.assertEqual(self.hours(self.emp_maint1, "2026-01-01", "2026-12-31"), 3.0)
        # Marked absent afterwards: no hours.
        first.attendance_ids.filtered(lambda line: line.employee_id == self.emp_maint1).sudo(
            self.manager).write({"attended": False})
        self.assertEqual(self.hours(self.emp_maint1, "2026-01-01", "2026-12-31"), 0.0)

    def test_the_employee_form_shows_the_hours_of_the_year_and_the_quarter(self):
        self.session("Complaint calls", "2026-02-10", 3.0, present=self.emp_dev1)
        self.session("Tracker demo", "2026-04-01", 4.0, present=self.emp_dev1)
        self.session("Next year", "2027-01-05", 1.0, present=self.emp_dev1)
        with freeze_today(self.env, "2026-05-15"):
            employee = self.emp_dev1.sudo(self.dev1)
            self.assertEqual((employee.training_hours_year, employee.training_hours_quarter), (7.0, 4.0))
        arch = form_arch(self.env["hr.employee"], self.dev1)
        self.assertTrue(arch.xpath("//field[@name='training_hours_year']"))
        action = self.emp_dev1.sudo(self.dev1).action_view_training()
        self.assertEqual(self.env["cdm.training.attendance"].sudo(self.dev1).search(action["domain"]).mapped(
            "session_id.name"), ["Next year", "Tracker demo", "Complaint calls"])

    def test_the_appraisal_shows_the_hours_of_its_period(self):
        self.session("Complaint calls", "2026-02-10", 3.0, present=self.emp_dev1)
        self.session("Tracker demo", "2026-04-01", 4.0, present=self.emp_dev1)
        run = self.compute(self.make_run(self.emp_dev1 | self.emp_maint1))
        self.assertEqual(self.appraisal_of(run, self.emp_dev1).sudo(self.dev1).training_hours, 3.0)
        self.assertEqual(self.appraisal_of(run, self.emp_maint1).training_hours, 0.0)
        arch = form_arch(self.env["cdm.appraisal"], self.manager)
        self.assertTrue(arch.xpath("//field[@name='training_hours']"))

    def test_training_hours_is_an_optional_kpi_with_target_hours_per_role(self):
        kpi = self.env.ref("customer_dev_maint.kpi_training_hours")
        self.assertFalse(kpi.active, "optional: archived until a manager uses it")
        self.session("Complaint calls", "2026-02-10", 3.0, present=self.emp_dev1)
        run = self.compute(self.make_run(self.emp_dev1))
        self.assertFalse(self.line_of(self.appraisal_of(run, self.emp_dev1), "training_hours"))
        # The manager uses it: 10 points of development, 2 hours a month.
        self.kpi["sales_amount"].weight_development -= 10
        kpi.sudo(self.manager).write({"active": True, "weight_development": 10, "target_development": 2})
        run = self.compute(self.make_run(self.emp_dev1 | self.emp_dev2, name="With training"))
        line = self.line_of(self.appraisal_of(run, self.emp_dev1), "training_hours")
        self.assertEqual((line.target, line.actual), (6.0, 3.0))
        line = self.line_of(self.appraisal_of(run, self.emp_dev2), "training_hours")
        self.assertEqual((line.actual, line.measured), (0.0, True))

    def test_managers_and_hr_officers_record_sessions_the_others_read_them(self):
        hr_officer = self._make_user("hr_officer", "hr.group_hr_user")
        session = self.session("Complaint calls", "2026-02-10", 3.0, present=self.emp_dev1, user=hr_officer)
        for user in (self.dev1, self.maint1, self.auditor):
            self.assertEqual(self.env["cdm.training.session"].sudo(user).search([]), session)
            with self.assertRaises(AccessError):
                session.sudo(user).write({"hours": 8.0})
            with self.assertRaises(AccessError):
                self.env["cdm.training.attendance"].sudo(user).create(
                    {"session_id": session.id, "employee_id": self.emp_dev2.id})
        with self.assertRaises(AccessError):
            session.attendance_ids.sudo(self.manager).write({"hours": 9.0})
