"""Bad appraisal settings and inputs are refused clearly, nothing half-saved."""
from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .appraisal_run_common import AppraisalRunCase


class TestAppraisalConfig(AppraisalRunCase):

    def test_weights_of_a_role_must_total_100(self):
        run = self.make_run(self.emp_dev1 | self.emp_maint1)
        self.kpi["sales_amount"].weight_development = 30
        with self.assertRaisesRegex(UserError, "Customer Development add up to 90.0, not 100"):
            self.compute(run)
        self.assertFalse(run.appraisal_ids.filtered("computed_on"), "nothing computed")
        self.policy.appraisal_weights_total_100 = False
        self.compute(run)
        self.assertTrue(all(run.appraisal_ids.mapped("computed_on")))

    def test_a_role_with_no_weight_at_all_is_refused_even_when_totals_are_free(self):
        self.policy.appraisal_weights_total_100 = False
        self.env["cdm.kpi"].search([]).write({"weight_maintenance": 0})
        with self.assertRaisesRegex(UserError, "Customer Maintenance add up to 0"):
            self.compute(self.make_run(self.emp_maint1))

    def test_kpi_weights_and_targets_are_checked(self):
        kpi = self.kpi["sales_amount"]
        for vals in ({"weight_development": 120}, {"weight_maintenance": -5},
                     {"target_development": 0}):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                kpi.write(vals)
        kpi.invalidate_cache()
        self.assertEqual((kpi.target_development, kpi.weight_development), (10000, 40))

    def test_overlapping_bands_are_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["cdm.appraisal.grade"].create({"name": "Also good", "min_score": 75,
                                                        "coefficient": 1.1})
        with self.assertRaises(ValidationError):
            self.grade["Good"].min_score = 120
        with self.assertRaises(ValidationError):
            self.grade["Good"].coefficient = -1

    def test_scores_without_a_band_are_refused(self):
        self.grade["Unqualified"].active = False
        with self.assertRaisesRegex(UserError, "from 0 to 60"):
            self.compute(self.make_run(self.emp_dev1))

    def test_negative_base_bonus_is_refused(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.emp_dev1.appraisal_base_bonus = -100
        self.emp_dev1.invalidate_cache()
        self.assertEqual(self.emp_dev1.appraisal_base_bonus, 1000)

    def test_appraisal_settings_are_checked(self):
        for field, value in (("appraisal_achievement_cap", 90), ("appraisal_outstanding_count", -1),
                             ("misconduct_deduction_demotion", -10)):
            with self.assertRaises(ValidationError):
                self.policy.write({field: value})

    def test_period_must_not_end_before_it_starts(self):
        with self.assertRaises(ValidationError):
            self.make_run(self.emp_dev1, period_type="custom", date_from="2026-03-01",
                          date_to="2026-02-01")
        run = self.make_run(self.emp_dev1, period_type="custom", date_from="2026-01-15",
                            date_to="2026-02-14")
        self.assertEqual((run.date_from, run.date_to), ("2026-01-15", "2026-02-14"))

    def test_employees_outside_policy_departments_or_without_user_are_refused(self):
        clerk = self._make_user("clerk", "customer_dev_maint.group_development_user")
        employee = self._make_employee(clerk)
        with self.assertRaisesRegex(UserError, "no policy department"):
            self.compute(self.make_run(employee))
        with self.assertRaisesRegex(UserError, "Link these employees"):
            self.compute(self.make_run(self.Employee.create({"name": "No Login"})))
        with self.assertRaisesRegex(UserError, "Add the employees"):
            self.compute(self.make_run(self.Employee))

    def test_add_employees_by_sales_team_and_department(self):
        department = self.env["hr.department"].create({"name": "Service"})
        self.emp_maint1.department_id = department
        run = self.make_run(self.Employee, team_ids=[(6, 0, self.team_dev_east.ids)])
        run.sudo(self.manager).action_add_employees()
        self.assertEqual(run.employee_ids, self.emp_dev1)
        run.sudo(self.manager).write({"department_ids": [(6, 0, department.ids)]})
        run.sudo(self.manager).action_add_employees()
        self.assertEqual(run.employee_ids, self.emp_dev1 | self.emp_maint1)

    def test_add_employees_by_sales_team_leaves_out_a_leader_who_is_not_a_member(self):
        """The team leader (here the manager, in no policy department) is not
        added: Compute would refuse the run for them."""
        self.team_dev_east.user_id = self.manager
        run = self.make_run(self.Employee, team_ids=[(6, 0, self.team_dev_east.ids)])
        run.sudo(self.manager).action_add_employees()
        self.assertEqual(run.employee_ids, self.emp_dev1)
        self.compute(run)
        self.assertEqual(run.appraisal_ids.mapped("employee_id"), self.emp_dev1)

    def test_manager_removes_an_employee_from_a_draft_run(self):
        run = self.make_run(self.emp_dev1 | self.emp_dev2)
        # The list of employees offers removal (the manager may not delete
        # employees, which Odoo takes for "no removal" from the list).
        form = self.Run.sudo(self.manager).fields_view_get(view_type="form")
        lines = etree.fromstring(form["fields"]["employee_ids"]["views"]["tree"]["arch"])
        self.assertNotEqual(lines.get("delete"), "false")
        self.compute(run)
        # The form sends the employees kept.
        run.sudo(self.manager).write({"employee_ids": [(6, 0, self.emp_dev1.ids)]})
        self.compute(run)
        self.assertEqual(run.employee_ids, self.emp_dev1)
        self.assertEqual(run.appraisal_ids.mapped("employee_id"), self.emp_dev1)

    def test_name_typed_for_a_new_run_is_kept_when_the_period_changes(self):
        Run = self.Run.sudo(self.manager)
        spec = Run._onchange_spec()
        values = {"name": "Year-end review", "period_type": "quarter", "date_from": "2026-02-10",
                  "date_to": False}
        result = Run.onchange(values, "date_from", spec)["value"]
        self.assertNotIn("name", result, "the typed name stays")
        self.assertEqual(result["date_from"], "2026-01-01")
        # A name the period gave follows the period.
        values.update(name="Appraisal Q1 2026", date_from="2026-05-10")
        self.assertEqual(Run.onchange(values, "date_from", spec)["value"]["name"], "Appraisal Q2 2026")
        values.update(name=False, period_type="month")
        self.assertEqual(Run.onchange(values, "period_type", spec)["value"]["name"], "Appraisal 2026-05")
