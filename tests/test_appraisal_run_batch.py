"""An appraisal run writes its appraisals, their KPI lines and the ranking for
the whole run at once (A2): the same figures as record by record, kept where
they were, without chatter, and in a number of queries that does not grow with
the employees appraised."""
from .appraisal_run_common import AppraisalRunCase


class TestAppraisalRunBatch(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emp_maint2 = cls._make_employee(cls.maint2, base_bonus=1234.56)

    def queries_of_compute(self, run):
        self.env["cdm.appraisal"].invalidate_cache()
        start = self.cr.sql_log_count
        self.compute(run)
        return self.cr.sql_log_count - start

    def test_new_appraisals_and_lines_carry_their_keys_and_no_chatter(self):
        run = self.compute(self.make_run(self.emp_dev1 | self.emp_maint1))
        self.assertEqual(run.appraisal_ids.mapped("employee_id"), self.emp_dev1 | self.emp_maint1)
        for appraisal in run.appraisal_ids:
            self.assertEqual(
                (appraisal.user_id, appraisal.company_id, appraisal.date_from, appraisal.date_to,
                 appraisal.period_type, appraisal.state, appraisal.outstanding_decision),
                (appraisal.employee_id.user_id, run.company_id, "2026-01-01", "2026-03-31",
                 "quarter", "draft", "pending"))
            self.assertFalse(appraisal.message_ids, "the server's figures post no message")
            self.assertFalse(appraisal.message_follower_ids)
            self.assertTrue(appraisal.line_ids)
            for line in appraisal.line_ids:
                self.assertEqual(
                    (line.run_id, line.employee_id, line.user_id, line.department_id,
                     line.date_from, line.company_id, line.source, line.name),
                    (run, appraisal.employee_id, appraisal.user_id, appraisal.department_id,
                     run.date_from, run.company_id, line.kpi_id.source,
                     line.kpi_id.with_context(lang="en_US").name))
        lines = self.env["cdm.appraisal.line"].search([("run_id", "=", run.id)])
        self.assertEqual(lines, run.appraisal_ids.mapped("line_ids"),
                         "the lines are found by their run, as the analysis reads them")

    def test_a_recompute_updates_the_lines_in_place_and_follows_the_weights(self):
        run = self.compute(self.make_run(self.emp_dev1))
        appraisal = run.appraisal_ids
        line_ids = {line.kpi_id: line.id for line in appraisal.line_ids}
        sales = self.line_of(appraisal, "sales_amount").actual
        self.won_deal(self.company("Later Co."), self.dev1, "2026-03-01", contract_amount=5000)
        self.compute(run)
        self.assertEqual({line.kpi_id: line.id for line in appraisal.line_ids}, line_ids)
        self.assertEqual(self.line_of(appraisal, "sales_amount").actual, sales + 5000)
        # The milestone KPI no longer applies to development: its line goes, its weight
        # goes to the sales amount; given back, the line comes back.
        milestone, amount = self.kpi["milestone_on_time"], self.kpi["sales_amount"]
        weight = milestone.weight_development
        milestone.weight_development = 0
        amount.weight_development += weight
        self.compute(run)
        self.assertFalse(self.line_of(appraisal, "milestone_on_time"))
        self.assertEqual(self.line_of(appraisal, "sales_amount").weight, amount.weight_development)
        self.assertEqual(len(appraisal.line_ids), len(line_ids) - 1)
        amount.weight_development -= weight
        milestone.weight_development = weight
        self.compute(run)
        self.assertEqual(set(appraisal.line_ids.mapped("kpi_id")), set(line_ids))
        self.assertEqual(round(sum(appraisal.line_ids.mapped("points")), 6),
                         round(appraisal.kpi_points, 6))

    def test_misconduct_confirmed_after_a_compute_counts_on_the_next(self):
        run = self.compute(self.make_run(self.emp_dev1 | self.emp_maint1))
        appraisal = self.appraisal_of(run, self.emp_dev1)
        self.assertFalse(appraisal.misconduct_case_ids)
        case = self.make_case(self.emp_dev1, date="2026-02-01", measure="written_warning",
                              confirm=True)
        self.compute(run)
        self.assertEqual(appraisal.misconduct_case_ids, case)
        self.assertEqual(appraisal.deduction, self.policy.misconduct_deduction_written_warning)
        self.assertEqual(appraisal.score, max(0.0, appraisal.kpi_points - appraisal.deduction))
        self.assertFalse(self.appraisal_of(run, self.emp_maint1).misconduct_case_ids)

    def test_amounts_are_rounded_in_the_company_currency(self):
        run = self.compute(self.make_run(self.emp_maint2))
        appraisal = run.appraisal_ids
        currency = run.company_id.currency_id
        self.assertEqual(appraisal.base_bonus, 1234.56)
        self.assertEqual(appraisal.bonus, currency.round(1234.56 * appraisal.bonus_coefficient))

    def test_the_queries_of_a_run_do_not_grow_with_its_employees(self):
        two = self.queries_of_compute(self.make_run(self.emp_dev1 | self.emp_maint1))
        four = self.queries_of_compute(self.make_run(
            self.emp_dev1 | self.emp_dev2 | self.emp_maint1 | self.emp_maint2))
        self.assertLessEqual(four, two + 4, (two, four))
        # A second compute updates what the first wrote, in as few queries.
        run = self.make_run(self.emp_dev1 | self.emp_dev2 | self.emp_maint1 | self.emp_maint2,
                            date_from="2026-04-01")
        self.compute(run)
        self.assertLessEqual(self.queries_of_compute(run), four + 4)
