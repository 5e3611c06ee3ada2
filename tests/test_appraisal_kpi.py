"""KPI actuals of an appraisal run from a known data set (A1, A2)."""
from .appraisal_run_common import AppraisalRunCase


class TestAppraisalKpiActuals(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Development: dev1 in Q1 2026.
        cust_a = cls.company("Alpha Co.")
        cust_b = cls.company("Beta Co.")
        cust_c = cls.company("Gamma Co.")
        cls.won_deal(cust_a, cls.dev1, "2026-02-10", contract_amount=30000)    # new customer
        cls.won_deal(cust_b, cls.dev2, "2025-11-05", contract_amount=5000)     # B won before
        cls.won_deal(cust_b, cls.dev1, "2026-03-01", planned_revenue=20000)    # repeat business
        cls.won_deal(cust_c, cls.dev1, "2026-04-02", contract_amount=99000)    # after the period
        cls.won_deal(cls.company("Delta Co."), cls.dev2, "2026-01-15", contract_amount=7000)
        kept_before = cls.company("Kept Before Co.", handover_date="2025-05-01")
        cls.won_deal(kept_before, cls.dev2, "2026-02-01", contract_amount=3000)  # maintained before
        cls.env["crm.lead"].create({"name": "Open deal", "type": "opportunity", "partner_id": cust_c.id,
                                    "user_id": cls.dev1.id, "planned_revenue": 55000})
        deal = cls.won_deal(cust_a, cls.dev1, "2026-02-11", contract_amount=0, planned_revenue=0)
        Milestone = cls.env["crm.lead.milestone"]
        for name, planned, done in (("Kick-off", "2026-01-20", "2026-01-19"),
                                    ("Pilot", "2026-02-20", "2026-03-02"),
                                    ("Go-live", "2026-03-25", False),
                                    ("Training", "2026-05-10", "2026-05-01")):
            Milestone.create({"name": name, "lead_id": deal.id, "user_id": cls.dev1.id,
                              "planned_date": planned, "done_date": done,
                              "state": "done" if done else "planned"})
        # Maintenance: maint1 in Q1 2026.
        kept = cls.company("Kept Co.", maintenance_user_id=cls.maint1.id, handover_date="2025-06-01")
        new = cls.company("New Co.", maintenance_user_id=cls.maint1.id, handover_date="2026-03-31")
        cls.company("Later Co.", maintenance_user_id=cls.maint1.id, handover_date="2026-04-01")
        cls.company("Gone Co.", maintenance_user_id=cls.maint1.id, handover_date="2025-01-01",
                    active=False)
        cls.company("Other Co.", maintenance_user_id=cls.maint2.id, handover_date="2025-01-01")
        cls.done_revisit(kept, cls.maint1, "2026-02-01", "2026-01-30", 4)   # on time
        cls.done_revisit(new, cls.maint1, "2026-03-01", "2026-03-05", 2)    # late
        cls.done_revisit(kept, cls.maint1, "2025-12-01", "2025-12-01", 5)   # before the period
        cls.done_revisit(new, cls.maint2, "2026-02-01", "2026-02-01", 1)    # maint2's
        cls.arun = cls.make_run(cls.emp_dev1 | cls.emp_dev2 | cls.emp_maint1)

    def setUp(self):
        super().setUp()
        self.compute(self.arun)
        self.dev1_appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        self.maint1_appraisal = self.appraisal_of(self.arun, self.emp_maint1)

    def assertLine(self, appraisal, source, target, actual, measured=True):
        line = self.line_of(appraisal, source)
        self.assertEqual(len(line), 1, source)
        self.assertAlmostEqual(line.target, target, places=2, msg=source)
        self.assertAlmostEqual(line.actual, actual, places=2, msg=source)
        self.assertEqual(line.measured, measured, source)

    def test_development_actuals_count_only_the_period(self):
        appraisal = self.dev1_appraisal
        self.assertEqual(appraisal.role, "development")
        # Alpha is new (first won deal in the period); Beta was won before; Gamma after.
        self.assertLine(appraisal, "customers_acquired", 3, 1)
        # 30,000 contract + 20,000 expected revenue of the repeat deal.
        self.assertLine(appraisal, "sales_amount", 30000, 50000)
        # Kick-off on time, Pilot late, Go-live due and not done; Training after the period.
        self.assertLine(appraisal, "milestone_on_time", 100, 33.3)
        self.assertLine(appraisal, "satisfaction", 4.5, 0, measured=False)
        self.assertFalse(self.line_of(appraisal, "revisit_compliance"),
                         "maintenance KPIs weigh 0 for development staff: no line")

    def test_another_salesperson_has_their_own_figures(self):
        appraisal = self.appraisal_of(self.arun, self.emp_dev2)
        # Delta; Beta was won in 2025, Kept Before was maintained before its first deal.
        self.assertLine(appraisal, "customers_acquired", 3, 1)
        self.assertLine(appraisal, "sales_amount", 30000, 10000)
        self.assertLine(appraisal, "milestone_on_time", 100, 0, measured=False)

    def test_maintenance_actuals_count_only_the_period(self):
        appraisal = self.maint1_appraisal
        self.assertEqual(appraisal.role, "maintenance")
        # Kept and New; Later is handed over after the period, Gone is archived.
        self.assertLine(appraisal, "customers_maintained", 4, 2)
        self.assertLine(appraisal, "revisit_compliance", 100, 50)
        self.assertLine(appraisal, "satisfaction", 4.5, 3)
        self.assertLine(appraisal, "sla_compliance", 95, 0, measured=False)

    def test_maintenance_score_shares_out_the_weight_of_unmeasured_kpis(self):
        appraisal = self.maint1_appraisal
        # Weights 20 / 30 / 20 (SLA, not measured) / 30 -> 25 / 37.5 / 0 / 37.5.
        self.assertAlmostEqual(self.line_of(appraisal, "customers_maintained").weight_effective, 25)
        self.assertAlmostEqual(self.line_of(appraisal, "sla_compliance").weight_effective, 0)
        # 25 x 50 % + 37.5 x 50 % + 37.5 x 66.67 %
        self.assertAlmostEqual(appraisal.kpi_points, 56.25, places=2)
        self.assertAlmostEqual(appraisal.score, 56.25, places=2)
        self.assertEqual(appraisal.grade_id, self.grade["Unqualified"])
        self.assertEqual(appraisal.bonus, 0)

    def test_a_monthly_run_scales_monthly_targets(self):
        run = self.make_run(self.emp_dev1, date_from="2026-02-14", period_type="month")
        self.assertEqual((run.date_from, run.date_to), ("2026-02-01", "2026-02-28"))
        self.compute(run)
        appraisal = self.appraisal_of(run, self.emp_dev1)
        self.assertLine(appraisal, "customers_acquired", 1, 1)
        self.assertLine(appraisal, "sales_amount", 10000, 30000)

    def test_recompute_follows_new_records_until_approval(self):
        self.won_deal(self.company("Epsilon Co."), self.dev1, "2026-03-30", contract_amount=10000)
        self.dev1_appraisal.sudo(self.manager)._recompute_appraisals(today="2026-04-10")
        self.assertLine(self.dev1_appraisal, "customers_acquired", 3, 2)
        self.assertLine(self.dev1_appraisal, "sales_amount", 30000, 60000)
        self.assertEqual(len(self.dev1_appraisal.line_ids), 4, "lines are updated, not added")
