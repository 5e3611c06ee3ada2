"""Weights, caps, grade bands, bonus and misconduct deductions (A2)."""
from .appraisal_run_common import AppraisalRunCase


def row(weight, target, actual, measured=True):
    return {"weight": weight, "target": target, "actual": actual, "measured": measured}


class TestAppraisalScore(AppraisalRunCase):

    def score(self, rows, cap=120.0):
        return self.Appraisal._score_rows(rows, cap)

    def test_points_are_weight_times_achievement(self):
        result = self.score([row(60, 10, 5), row(40, 200, 200)])
        self.assertEqual([r["achievement"] for r in result["rows"]], [50.0, 100.0])
        self.assertEqual([r["points"] for r in result["rows"]], [30.0, 40.0])
        self.assertEqual(result["points"], 70.0)

    def test_achievement_is_capped_and_the_score_kept_at_100(self):
        result = self.score([row(50, 10, 30), row(50, 10, 10)])
        self.assertEqual(result["rows"][0]["achievement"], 300.0, "the achievement itself is shown")
        self.assertEqual(result["rows"][0]["points"], 60.0, "counted up to the 120 % cap")
        self.assertEqual(result["points"], 100.0, "110 points are kept at 100")
        self.assertEqual(self.score([row(50, 10, 30), row(50, 10, 0)], cap=100.0)["points"], 50.0)

    def test_weight_zero_kpis_earn_nothing_and_unmeasured_weights_are_shared(self):
        result = self.score([row(0, 10, 10), row(25, 10, 10), row(25, 10, 0, measured=False),
                             row(50, 10, 5)])
        self.assertEqual([r["weight_effective"] for r in result["rows"]], [0.0, 33.33, 0.0, 66.67])
        self.assertAlmostEqual(result["points"], 66.67, places=2)

    def test_band_boundaries(self):
        bands = self.env["cdm.appraisal.grade"]._bands(self.env.user.company_id)
        expected = [(100, "Excellent"), (90, "Excellent"), (89.99, "Good"), (75, "Good"),
                    (74.99, "Satisfactory"), (60, "Satisfactory"), (59.99, "Unqualified"), (0, "Unqualified")]
        for score, name in expected:
            self.assertEqual(self.env["cdm.appraisal.grade"]._grade_of(score, bands).name, name, score)

    def full_marks_run(self, employees):
        """Every development KPI but satisfaction reached exactly (satisfaction not measured)."""
        customer = self.company("Full Co.")
        self.won_deal(customer, self.dev1, "2026-01-10", contract_amount=30000)
        for name in ("Two", "Three"):
            self.won_deal(self.company(name), self.dev1, "2026-02-10")
        deal = self.won_deal(customer, self.dev1, "2026-01-11")
        self.env["crm.lead.milestone"].create({
            "name": "M", "lead_id": deal.id, "user_id": self.dev1.id,
            "planned_date": "2026-02-01", "done_date": "2026-02-01", "state": "done"})
        return self.compute(self.make_run(employees))

    def test_bonus_is_base_bonus_times_the_bonus_coefficient(self):
        run = self.full_marks_run(self.emp_dev1)
        appraisal = self.appraisal_of(run, self.emp_dev1)
        self.assertEqual(appraisal.score, 100.0)
        self.assertEqual(appraisal.grade_id, self.grade["Excellent"])
        self.assertEqual((appraisal.base_bonus, appraisal.bonus_coefficient, appraisal.bonus),
                         (1000.0, 1.5, 1500.0))
        self.grade["Excellent"].coefficient = 1.25
        self.emp_dev1.appraisal_base_bonus = 1234.5
        appraisal.sudo(self.manager)._recompute_appraisals(today="2026-04-10")
        self.assertEqual(appraisal.bonus, 1543.13)

    def test_confirmed_misconduct_in_the_period_deducts_points_per_measure(self):
        self.make_case(self.emp_dev1, date="2026-02-01", measure="written_warning", confirm=True)
        self.make_case(self.emp_dev1, date="2026-03-01", measure="verbal_warning", confirm=True)
        self.make_case(self.emp_dev1, date="2026-03-02", measure="demotion")             # draft
        self.make_case(self.emp_dev1, date="2026-04-01", measure="dismissal", confirm=True)  # after
        run = self.full_marks_run(self.emp_dev1)
        appraisal = self.appraisal_of(run, self.emp_dev1)
        self.assertEqual(len(appraisal.misconduct_case_ids), 2)
        self.assertEqual(appraisal.deduction, 15.0)
        self.assertEqual(appraisal.score, 85.0)
        self.assertEqual(appraisal.grade_id, self.grade["Good"])
        self.assertEqual(appraisal.bonus, 1200.0)

    def test_deductions_are_settings_and_the_score_stays_at_least_zero(self):
        self.policy.misconduct_deduction_written_warning = 30.0
        self.make_case(self.emp_dev1, date="2026-02-01", measure="written_warning", confirm=True)
        run = self.full_marks_run(self.emp_dev1)
        self.assertEqual(self.appraisal_of(run, self.emp_dev1).score, 70.0)
        self.make_case(self.emp_dev1, date="2026-02-02", measure="dismissal", confirm=True)
        run.sudo(self.manager)._compute_run(today="2026-04-10")
        self.assertEqual(self.appraisal_of(run, self.emp_dev1).score, 0.0)
