"""M5: overdue revisits are flagged, escalated once, and compliance rates
per owner and tier follow from the history."""
from .maintenance_common import MaintenanceCase


class TestRevisitCompliance(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.one = cls.make_customer("One", tier=cls.tier_key, owner=cls.maint1, sync=False)
        cls.two = cls.make_customer("Two", tier=cls.tier_standard, owner=cls.maint2, sync=False)

    def add(self, partner, owner, tier, due, state="done", done=None):
        values = {"partner_id": partner.id, "user_id": owner.id, "tier_id": tier.id,
                  "team_id": self.team_maint.id, "date_due": due, "state": state}
        if state == "done":
            values.update({"date_done": done, "satisfaction": 4, "channel": "visit"})
        return self.Revisit.create(values)

    def test_compliance_rate_per_owner_and_tier_for_a_known_history(self):
        # maint1 / Key: 3 due in the period, 2 on time (one done on its due date), 1 late
        self.add(self.one, self.maint1, self.tier_key, "2025-01-10", done="2025-01-05")
        self.add(self.one, self.maint1, self.tier_key, "2025-03-10", done="2025-03-10")
        self.add(self.one, self.maint1, self.tier_key, "2025-05-10", done="2025-05-20")
        # maint2 / Standard: 1 on time, 1 still planned past its due date (missed)
        self.add(self.two, self.maint2, self.tier_standard, "2025-02-01", done="2025-01-30")
        self.add(self.two, self.maint2, self.tier_standard, "2025-05-01", state="planned")
        # outside the period, and not yet due: not counted
        self.add(self.one, self.maint1, self.tier_key, "2024-12-01", done="2025-02-01")
        self.add(self.one, self.maint1, self.tier_key, "2025-06-15", state="planned")

        by_owner = self.Revisit.compliance_rates("2025-01-01", "2025-06-30", "user_id", today="2025-06-01")
        self.assertEqual(by_owner[self.maint1.id], {"due": 3, "on_time": 2, "rate": 66.7})
        self.assertEqual(by_owner[self.maint2.id], {"due": 2, "on_time": 1, "rate": 50.0})
        by_tier = self.Revisit.compliance_rates("2025-01-01", "2025-06-30", "tier_id", today="2025-06-01")
        self.assertEqual(by_tier[self.tier_key.id]["rate"], 66.7)
        self.assertEqual(by_tier[self.tier_standard.id]["rate"], 50.0)

        # The analysis counts as of the policy's today: on 1 July the 15 June revisit is missed too.
        self.freeze_today("2025-07-01")
        rates = self.report_rates(self.manager)
        self.assertEqual(list(self.report_rates(self.maint1)), [self.maint1.id],
                         "maint1 sees the rows of the customers they maintain only")
        now = self.Revisit.compliance_rates("2025-01-01", "2025-06-30", "user_id")
        self.assertEqual(now[self.maint1.id], {"due": 4, "on_time": 2, "rate": 50.0})
        self.assertEqual(rates[self.maint1.id], (4, 50.0), "the pivot shows the same rate")
        self.assertEqual(rates[self.maint2.id], (2, 50.0))

    def report_rates(self, user):
        report = self.env["cdm.revisit.compliance.report"].sudo(user).read_group(
            [("date_due", ">=", "2025-01-01"), ("date_due", "<=", "2025-06-30")],
            ["user_id", "compliance_rate", "due_count"], ["user_id"])
        return {row["user_id"][0]: (row["due_count"], round(row["compliance_rate"], 1)) for row in report}

    def test_analysis_counts_a_planned_revisit_due_from_the_policys_day(self):
        self.add(self.one, self.maint1, self.tier_key, "2025-05-10", done="2025-05-08")
        planned = self.add(self.one, self.maint1, self.tier_key, "2025-06-15", state="planned")
        Report = self.env["cdm.revisit.compliance.report"].sudo(self.manager)
        self.freeze_today("2025-06-15")
        self.assertEqual(self.report_rates(self.manager)[self.maint1.id], (1, 100.0),
                         "due today: not late yet")
        self.assertFalse(Report.search([("revisit_id", "=", planned.id)]))
        self.freeze_today("2025-06-16")
        self.assertEqual(self.report_rates(self.manager)[self.maint1.id], (2, 50.0))
        self.assertEqual(Report.search([("revisit_id", "=", planned.id)]).state, "planned")
        self.assertEqual(Report.search_count([("user_id", "=", self.maint1.id)]), 2)

    def test_overdue_flag_and_filter(self):
        self.freeze_today("2021-01-01")
        late = self.add(self.one, self.maint1, self.tier_key, "2020-01-01", state="planned")
        ahead = self.add(self.two, self.maint2, self.tier_standard, "2099-01-01", state="planned")
        self.assertTrue(late.is_overdue)
        self.assertEqual(late.days_overdue, 366)
        self.assertFalse(ahead.is_overdue)
        overdue = self.Revisit.search([("is_overdue", "=", True), ("id", "in", (late | ahead).ids)])
        self.assertEqual(overdue, late)
        on_track = self.Revisit.search([("is_overdue", "=", False), ("id", "in", (late | ahead).ids)])
        self.assertEqual(on_track, ahead)

    def test_manager_gets_one_activity_after_the_configured_delay(self):
        self.policy.sudo(self.manager).write({"revisit_escalation_days": 7})
        revisit = self.add(self.one, self.maint1, self.tier_key, "2026-03-01", state="planned")
        self.assertFalse(self.Revisit._escalate_overdue(today="2026-03-07"), "6 days late: not yet")
        self.assertEqual(self.Revisit._escalate_overdue(today="2026-03-08"), revisit, "7 days late")
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "cdm.revisit"), ("res_id", "=", revisit.id)])
        self.assertEqual(activity.user_id, self.manager, "the department's leader")
        self.assertEqual(revisit.escalation_date, "2026-03-08")
        self.assertFalse(self.Revisit._escalate_overdue(today="2026-03-20"), "only once")
        self.assertEqual(len(self.env["mail.activity"].search(
            [("res_model", "=", "cdm.revisit"), ("res_id", "=", revisit.id)])), 1)

    def test_department_without_leader_escalates_to_the_policy_manager(self):
        self.team_maint.user_id = False
        self.policy.sudo(self.manager).write({"revisit_escalation_days": 0,
                                              "revisit_escalation_user_id": self.manager.id})
        revisit = self.add(self.two, self.maint2, self.tier_standard, "2026-03-01", state="planned")
        self.assertEqual(self.Revisit._escalate_overdue(today="2026-03-02"), revisit)
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "cdm.revisit"), ("res_id", "=", revisit.id)])
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("Two", activity.summary)

    def test_negative_escalation_delay_is_refused(self):
        from odoo.exceptions import ValidationError
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.policy.sudo(self.manager).write({"revisit_escalation_days": -1})
