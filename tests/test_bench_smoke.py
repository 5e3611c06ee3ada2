"""Smoke run of the benchmark (``make bench``) at scale 0.01: the data
generator fills the database inside the test's transaction, then one screen
and the appraisal scenario run on it, the latter checking the module's KPI
actuals against the hand-written SQL aggregate."""
from benchmarks import bench, generate
from odoo.tests.common import SavepointCase


class TestBenchSmoke(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = generate.Plan(0.01, 20)
        generate.generate_base(cls.env, cls.plan)
        generate.generate_module(cls.env, cls.plan)
        cls.side = bench.Side("module", cls.env, with_module=True)

    def test_generated_company(self):
        """The plan's rows, in both departments, at every lead stage, with
        a tenth of the customers confidential and a hundredth secret."""
        cr = self.env.cr
        cr.execute("SELECT confidentiality_level, COUNT(*) FROM res_partner "
                   "WHERE ref LIKE 'BENCH-%%' GROUP BY 1")
        levels = dict(cr.fetchall())
        self.assertEqual(sum(levels.values()), self.plan.customers)
        self.assertEqual(levels["confidential"], self.plan.customers // 10)
        self.assertEqual(levels["secret"], self.plan.customers // 100)
        cr.execute("SELECT COUNT(*), COUNT(DISTINCT stage_id) FROM crm_lead WHERE name LIKE 'BENCH %%'")
        leads, stages = cr.fetchone()
        self.assertEqual(leads, self.plan.leads)
        self.assertEqual(stages, self.env["crm.stage"].search_count([]))
        self.assertEqual(self.env["cdm.revisit"].search_count([("state", "=", "done")]), self.plan.revisits)
        cr.execute("SELECT COUNT(*) FILTER (WHERE response_state = 'met'), "
                   "COUNT(*) FILTER (WHERE resolution_state = 'breached') FROM helpdesk_ticket")
        met, breached = cr.fetchone()
        self.assertGreater(met, 0)
        self.assertGreater(breached, 0)
        self.assertTrue(self.env["cdm.ticket.satisfaction"].search_count([("score", "<=", 2)]))
        cr.execute("SELECT delivery_status, COUNT(*) FROM crm_lead_milestone GROUP BY 1")
        self.assertEqual(set(dict(cr.fetchall())), {"on_time", "late", "pending"})
        roles = self.env["crm.team"].search([("name", "like", "BENCH %")]).mapped("department_role")
        self.assertEqual(set(roles), {"development", "maintenance"})
        self.assertTrue(self.side.dev.has_group("customer_dev_maint.group_development_user"))
        self.assertTrue(self.side.maint.has_group("customer_dev_maint.group_maintenance_user"))

    def test_lead_create_as_the_development_user(self):
        """The lead create scenario creates the lead as the development user,
        for one of the user's own customers."""
        screens = bench.Screens(self.side, 10)
        seconds, queries = self.side.timed(screens.lead_create)
        lead = self.env["crm.lead"].search([("name", "=", "Bench new 1")])
        self.assertEqual(lead.create_uid, self.side.dev)
        self.assertEqual(lead.partner_id.user_id, self.side.dev)
        self.assertGreater(queries, 0)
        self.assertGreater(seconds, 0)

    def test_appraisal_scenario_checks_the_actuals(self):
        """The appraisal run computes every employee's appraisal as the
        manager, and its KPI actuals equal the SQL aggregate's."""
        [result] = bench.job_appraisal(self.side, 10.0, False)
        self.assertFalse(result.timed_out)
        self.assertIn("KPI actuals equal to SQL's", result.note)
        for source in ("customers_acquired", "customers_maintained", "sales_amount", "satisfaction",
                       "revisit_compliance", "sla_compliance", "milestone_on_time"):
            self.assertIn(source, result.note)
        self.assertNotIn("no actual at all", result.note)
        self.assertIn("%d employees" % self.plan.users, result.note)
