"""Won revenue has one definition: the customer record, its health score, the
tier assessment and the appraisal count the same deals."""
from .appraisal_run_common import TODAY, AppraisalRunCase
from .frozen_today import freeze_today


class TestWonRevenue(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.company("Buyer Co.", maintenance_user_id=cls.maint1.id)
        cls.won_deal(cls.buyer, cls.dev1, "2026-02-10", contract_amount=30000)
        # A lead (not an opportunity) typed in at 100 %: no deal was won.
        lead = cls.won_deal(cls.buyer, cls.dev1, "2026-02-12", planned_revenue=900000)
        cls.env.cr.execute("UPDATE crm_lead SET type = 'lead' WHERE id = %s", (lead.id,))
        # An archived won deal no longer counts.
        archived = cls.won_deal(cls.buyer, cls.dev1, "2026-02-14", contract_amount=50000)
        cls.env.cr.execute("UPDATE crm_lead SET active = FALSE WHERE id = %s", (archived.id,))
        cls.env["crm.lead"].invalidate_cache()

    def setUp(self):
        super().setUp()
        frozen = freeze_today(self.env, TODAY)
        frozen.start()
        self.addCleanup(frozen.stop)

    def test_the_customer_record_counts_won_opportunities_only(self):
        buyer = self.buyer.sudo(self.maint1)
        self.assertEqual(buyer.revenue_in_window, 30000.0, "as the maintenance owner reads it")
        self.assertEqual(self.buyer.sudo()._revenue_by_customer(), {self.buyer.id: 30000.0},
                         "the figure the health score and the tier history store")

    def test_the_appraisal_counts_the_same_deals(self):
        run = self.compute(self.make_run(self.emp_dev1))
        line = self.line_of(self.appraisal_of(run, self.emp_dev1), "sales_amount")
        self.assertAlmostEqual(line.actual, 30000.0)

    def test_the_tier_assessment_sees_the_same_figure(self):
        wizard = self.env["cdm.tier.assessment.wizard"].sudo(self.manager).create(
            {"partner_id": self.buyer.id})
        self.assertEqual(wizard.revenue_in_window, 30000.0)
