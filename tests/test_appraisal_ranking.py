"""Ranking within a run and outstanding employees (A4)."""
from odoo.exceptions import AccessError, UserError

from .appraisal_run_common import AppraisalRunCase


class TestAppraisalRanking(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dev3 = cls._make_user("dev3", "customer_dev_maint.group_development_user", cls.team_dev_east)
        cls.emp_dev3 = cls._make_employee(cls.dev3, base_bonus=500.0)
        # Sales: dev1 and dev3 tie at 15,000, dev2 has 30,000.
        cls.won_deal(cls.company("A1"), cls.dev1, "2026-02-10", contract_amount=15000)
        cls.won_deal(cls.company("A3"), cls.dev3, "2026-02-11", contract_amount=15000)
        cls.won_deal(cls.company("A2"), cls.dev2, "2026-02-12", contract_amount=30000)
        cls.policy.appraisal_outstanding_count = 2
        cls.arun = cls.make_run(cls.emp_dev3 | cls.emp_dev1 | cls.emp_dev2)

    def setUp(self):
        super().setUp()
        self.compute(self.arun)
        self.by_employee = {a.employee_id: a for a in self.arun.appraisal_ids}

    def approve_all(self):
        for appraisal in self.arun.appraisal_ids:
            appraisal.sudo(appraisal.user_id).action_submit()
            appraisal.sudo(self.manager).write({"manager_comment": "Reviewed."})
            appraisal.sudo(self.manager).action_review()
            appraisal.sudo(self.manager).action_approve()
        self.arun.sudo(self.manager).action_approve()

    def test_equal_scores_share_a_rank_and_the_next_rank_is_skipped(self):
        ranks = {emp: a.rank for emp, a in self.by_employee.items()}
        self.assertEqual(ranks, {self.emp_dev2: 1, self.emp_dev1: 2, self.emp_dev3: 2})
        self.assertEqual(self.by_employee[self.emp_dev1].score, self.by_employee[self.emp_dev3].score)
        self.compute(self.arun)
        self.assertEqual({emp: a.rank for emp, a in self.by_employee.items()}, ranks,
                         "computing again gives the same ranking")

    def test_top_n_are_nominated_ties_included(self):
        # Every score here reaches Satisfactory: ranks and ties only.
        self.env.ref("customer_dev_maint.grade_qualified").min_score = 1
        self.compute(self.arun)
        nominated = self.arun.appraisal_ids.filtered("outstanding_nominated").mapped("employee_id")
        self.assertEqual(nominated, self.emp_dev1 | self.emp_dev2 | self.emp_dev3,
                         "the tie at rank 2 is nominated together")
        self.policy.appraisal_outstanding_count = 1
        self.compute(self.arun)
        nominated = self.arun.appraisal_ids.filtered("outstanding_nominated").mapped("employee_id")
        self.assertEqual(nominated, self.emp_dev2)

    def test_an_unqualified_grade_is_never_nominated(self):
        """Scores above 0 that fall in the lowest band (Unqualified) are not
        nominated, even within the best ranks."""
        unqualified = self.env.ref("customer_dev_maint.grade_unqualified")
        self.env.ref("customer_dev_maint.grade_qualified").min_score = 99.5
        self.env.ref("customer_dev_maint.grade_good").min_score = 99.7
        self.env.ref("customer_dev_maint.grade_excellent").min_score = 99.9
        self.compute(self.arun)
        self.assertEqual(self.arun.appraisal_ids.mapped("grade_id"), unqualified)
        self.assertTrue(all(a.score > 0 for a in self.arun.appraisal_ids))
        self.assertFalse(self.arun.appraisal_ids.filtered("outstanding_nominated"))

    def test_outstanding_is_decided_after_the_run_is_approved(self):
        with self.assertRaises(UserError):
            self.by_employee[self.emp_dev2].sudo(self.manager).action_confirm_outstanding()
        with self.assertRaises(UserError):
            self.arun.sudo(self.manager).action_approve()   # appraisals not approved yet
        self.approve_all()
        self.assertEqual(self.arun.state, "approved")

    def test_manager_confirms_a_nomination_and_the_employee_sees_the_recognition(self):
        self.approve_all()
        appraisal = self.by_employee[self.emp_dev2]
        with self.assertRaises(AccessError):
            appraisal.sudo(self.dev2).action_confirm_outstanding()
        appraisal.sudo(self.manager).action_confirm_outstanding()
        recognition = appraisal.recognition_id
        self.assertEqual((recognition.employee_id, recognition.rank, recognition.overridden),
                         (self.emp_dev2, 1, False))
        self.assertEqual(self.as_user(self.dev2, "cdm.appraisal.recognition").search(
            [("employee_id", "=", self.emp_dev2.id)]), recognition)
        with self.assertRaises(UserError):
            appraisal.sudo(self.manager).action_confirm_outstanding()   # decided once

    def test_declining_or_overriding_needs_a_reason(self):
        self.policy.appraisal_outstanding_count = 1
        self.compute(self.arun)
        self.approve_all()
        nominee, other = self.by_employee[self.emp_dev2], self.by_employee[self.emp_dev3]
        with self.assertRaises(UserError):
            nominee.sudo(self.manager).action_decline_outstanding()
        nominee.sudo(self.manager).write({"outstanding_reason": "Won by a colleague's lead."})
        nominee.sudo(self.manager).action_decline_outstanding()
        self.assertEqual(nominee.outstanding_decision, "declined")
        self.assertFalse(nominee.recognition_id)
        with self.assertRaises(UserError):
            other.sudo(self.manager).action_confirm_outstanding()
        other.sudo(self.manager).write({"outstanding_reason": "Opened the Beijing market."})
        other.sudo(self.manager).action_confirm_outstanding()
        self.assertTrue(other.recognition_id.overridden)
        self.assertEqual(other.recognition_id.reason, "Opened the Beijing market.")

    def test_an_approved_run_is_frozen(self):
        self.approve_all()
        with self.assertRaises(UserError):
            self.arun.sudo(self.manager).action_compute()
        with self.assertRaises(UserError):
            self.arun.sudo(self.manager).write({"date_to": "2026-06-30"})
