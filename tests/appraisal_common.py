"""Fixtures of the appraisal and misconduct tests: an employee per staff user."""
from .common import CustomerRelationsCase


class AppraisalCase(CustomerRelationsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Employee = cls.env["hr.employee"]
        cls.Case = cls.env["cdm.misconduct.case"]
        cls.policy = cls.env["cdm.policy"].for_company()
        cls.emp_dev1 = cls._make_employee(cls.dev1, base_bonus=1000.0)
        cls.emp_dev2 = cls._make_employee(cls.dev2, base_bonus=2000.0)
        cls.emp_maint1 = cls._make_employee(cls.maint1, base_bonus=1500.0)
        cls.emp_manager = cls._make_employee(cls.manager, base_bonus=3000.0)

    @classmethod
    def _make_employee(cls, user, base_bonus=0.0):
        return cls.Employee.create({
            "name": user.name, "user_id": user.id, "appraisal_base_bonus": base_bonus,
        })

    def make_case(self, employee, date="2026-03-10", measure=None, confirm=False, **values):
        vals = {"employee_id": employee.id, "date": date, "kind": "failure_of_duty",
                "description": "Missed the customer's deadline."}
        if measure:
            vals["measure"] = measure
        vals.update(values)
        case = self.Case.sudo(self.manager).create(vals)
        if confirm:
            case.action_confirm()
        return case.sudo()
