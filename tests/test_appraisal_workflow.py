"""Appraisal workflow (A3): who may do each step, and approval freezes (A2)."""
from odoo.exceptions import AccessError, UserError

from .appraisal_run_common import AppraisalRunCase


class TestAppraisalWorkflow(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won_deal(cls.company("Alpha Co."), cls.dev1, "2026-02-10", contract_amount=30000)
        cls.arun = cls.make_run(cls.emp_dev1 | cls.emp_dev2 | cls.emp_manager)
        cls.manager.sale_team_id = cls.team_dev_east

    def setUp(self):
        super().setUp()
        self.compute(self.arun)
        self.appraisal = self.appraisal_of(self.arun, self.emp_dev1)

    def submit(self, appraisal=None, user=None):
        appraisal = (appraisal or self.appraisal).sudo(user or self.dev1)
        appraisal.write({"employee_comment": "A good quarter with Alpha."})
        appraisal.action_submit()

    def review(self, user=None):
        appraisal = self.appraisal.sudo(user or self.manager)
        appraisal.write({"manager_comment": "Keep the pipeline full."})
        appraisal.action_review()

    def test_employee_submits_manager_reviews_and_approves(self):
        self.submit()
        self.assertEqual(self.appraisal.state, "submitted")
        self.review()
        self.assertEqual((self.appraisal.state, self.appraisal.reviewed_by_id), ("reviewed", self.manager))
        self.appraisal.sudo(self.manager).action_approve()
        self.assertEqual((self.appraisal.state, self.appraisal.approved_by_id), ("approved", self.manager))
        bodies = " ".join(self.appraisal.message_ids.mapped("body"))
        for step in ("Submitted by the employee.", "Reviewed.", "Approved"):
            self.assertIn(step, bodies)

    def test_only_the_employee_submits_their_own_appraisal(self):
        with self.assertRaises(AccessError):
            self.appraisal.sudo(self.dev2).action_submit()
        with self.assertRaises(AccessError):
            self.appraisal.sudo(self.manager).action_submit()
        with self.assertRaises(AccessError):
            self.appraisal.sudo(self.dev2).write({"employee_comment": "Not mine."})
        self.assertEqual(self.appraisal.state, "draft")

    def test_employee_can_neither_review_approve_nor_write_the_manager_comment(self):
        self.submit()
        with self.assertRaises(AccessError):
            self.appraisal.sudo(self.dev1).write({"manager_comment": "Excellent work!"})
        with self.assertRaises(AccessError):
            self.appraisal.sudo(self.dev1).action_review()
        self.review()
        with self.assertRaises(AccessError):
            self.appraisal.sudo(self.dev1).action_approve()
        self.assertEqual(self.appraisal.state, "reviewed")

    def test_review_needs_the_manager_comment_and_follows_the_order(self):
        with self.assertRaises(UserError):
            self.appraisal.sudo(self.manager).action_review()   # still draft
        self.submit()
        with self.assertRaises(UserError):
            self.appraisal.sudo(self.manager).action_approve()  # not reviewed
        with self.assertRaises(UserError):
            self.appraisal.sudo(self.manager).action_review()   # no comment
        self.review()
        self.assertEqual(self.appraisal.state, "reviewed")

    def test_manager_does_not_review_their_own_appraisal(self):
        own = self.appraisal_of(self.arun, self.emp_manager)
        self.submit(own, user=self.manager)
        with self.assertRaises(AccessError):
            own.sudo(self.manager).write({"manager_comment": "Well done, me."})
        with self.assertRaises(AccessError):
            own.sudo(self.manager).action_review()

    def test_figures_cannot_be_written_by_hand(self):
        for vals in ({"score": 100}, {"bonus": 99999}, {"state": "approved"}, {"rank": 7}):
            with self.assertRaises(AccessError):
                self.appraisal.sudo(self.manager).write(vals)
        with self.assertRaises(AccessError):
            self.appraisal.line_ids[:1].sudo(self.manager).write({"actual": 1000})

    def test_approval_freezes_every_figure(self):
        self.submit()
        self.review()
        self.appraisal.sudo(self.manager).action_approve()
        figures = ["kpi_points", "score", "grade_id", "bonus", "base_bonus"]
        frozen = self.appraisal.read(figures)
        lines = self.appraisal.line_ids.read(["actual", "achievement", "points"])
        # The data moves after approval: a big deal in the period, a new base bonus,
        # a confirmed misconduct case, other grade coefficients.
        self.won_deal(self.company("Late Entry Co."), self.dev1, "2026-03-30", contract_amount=500000)
        self.emp_dev1.appraisal_base_bonus = 50000
        self.make_case(self.emp_dev1, date="2026-03-15", measure="demotion", confirm=True)
        self.grade["Unqualified"].coefficient = 5
        self.compute(self.arun)
        self.assertEqual(self.appraisal.read(figures), frozen)
        self.assertEqual(self.appraisal.line_ids.read(["actual", "achievement", "points"]), lines)
        with self.assertRaises(UserError):
            self.appraisal.sudo(self.manager).action_recompute()
        with self.assertRaises(UserError):
            self.appraisal.sudo(self.manager).write({"manager_comment": "Changed my mind."})
        with self.assertRaises(UserError):
            self.appraisal.sudo(self.manager).action_send_back()
        other = self.appraisal_of(self.arun, self.emp_dev2)
        self.assertEqual(other.bonus, 2000 * 5, "appraisals not approved still follow the data")

    def test_send_back_returns_the_appraisal_to_the_employee(self):
        self.submit()
        self.appraisal.sudo(self.manager).action_send_back()
        self.assertEqual(self.appraisal.state, "draft")
        self.appraisal.sudo(self.dev1).write({"employee_comment": "Added the Alpha details."})

    def test_employees_see_only_their_own_appraisal_auditors_all(self):
        Appraisal = "cdm.appraisal"
        ids = self.arun.appraisal_ids.ids
        self.assertEqual(self.as_user(self.dev1, Appraisal).search([("id", "in", ids)]), self.appraisal)
        self.assertEqual(len(self.as_user(self.auditor, Appraisal).search([("id", "in", ids)])), 3)
        self.assertEqual(len(self.as_user(self.dev1, "cdm.appraisal.line").search(
            [("appraisal_id", "in", ids)])), len(self.appraisal.line_ids))
        with self.assertRaises(AccessError):
            self.appraisal_of(self.arun, self.emp_dev2).sudo(self.dev1).read(["score"])
        with self.assertRaises(AccessError):
            self.appraisal.sudo(self.auditor).write({"employee_comment": "x"})
        with self.assertRaises(AccessError):
            self.as_user(self.outsider, Appraisal).search([])

    def test_only_managers_run_appraisals(self):
        with self.assertRaises(AccessError):
            self.Run.sudo(self.dev1).create({"period_type": "quarter", "date_from": "2026-01-01"})
        with self.assertRaises(AccessError):
            self.arun.sudo(self.dev1).action_compute()
        with self.assertRaises(AccessError):
            self.arun.sudo(self.auditor).action_compute()
