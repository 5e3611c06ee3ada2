"""Appraisal figures as people read them (A1, A2, A4): periods counted in the
company's day (the policy's time zone), full precision with rounding for
display only, and equal scores listed by name."""
from .appraisal_run_common import AppraisalRunCase
from .frozen_today import freeze_now

# October 2026 in Shanghai (UTC+8): its first moment is 30 Sep 16:00 UTC, its
# last ends 31 Oct 16:00 UTC.
OCT_FIRST_0030 = "2026-09-30 16:30:00"   # 1 Oct 00:30 in Shanghai: October
SEP_LAST_2330 = "2026-09-30 15:30:00"    # 30 Sep 23:30 in Shanghai: September
OCT_LAST_2330 = "2026-10-31 15:30:00"    # 31 Oct 23:30 in Shanghai: October
NOV_FIRST_0030 = "2026-10-31 16:30:00"   # 1 Nov 00:30 in Shanghai: November
MID_OCTOBER = "2026-10-15 02:00:00"


class TestPeriodsInThePolicyDay(AppraisalRunCase):
    """Records on both sides of midnight at both edges of October, for a
    company in Shanghai: each counts in the period of its local day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.timezone = "Asia/Shanghai"
        cls.kpi["sla_compliance"].target_maintenance = 100
        # Deals of dev1: each a new customer with its own amount.
        for moment, amount in ((SEP_LAST_2330, 1000), (OCT_FIRST_0030, 2000),
                               (OCT_LAST_2330, 4000), (NOV_FIRST_0030, 8000)):
            lead = cls.won_deal(cls.company("Won %s" % moment), cls.dev1, "2026-10-15",
                                contract_amount=amount)
            cls.env.cr.execute("UPDATE crm_lead SET date_closed = %s WHERE id = %s", (moment, lead.id))
        # maint1's customers: one handed over in October, one created on
        # 1 November (local) without a handover date.
        kept = cls.company("Kept Co.", maintenance_user_id=cls.maint1.id, handover_date="2026-10-01")
        late = cls.company("Late Co.", maintenance_user_id=cls.maint1.id)
        cls.env.cr.execute("UPDATE res_partner SET create_date = %s WHERE id = %s",
                           (NOV_FIRST_0030, late.id))
        # Revisits due on either side of the period's edges (dates of the company).
        cls.done_revisit(kept, cls.maint1, "2026-09-30", "2026-09-30", 1)   # September
        cls.done_revisit(kept, cls.maint1, "2026-10-01", "2026-10-01", 5)   # October, on time
        cls.done_revisit(kept, cls.maint1, "2026-10-31", "2026-11-02", 5)   # October, late
        cls.done_revisit(kept, cls.maint1, "2026-11-01", "2026-11-01", 1)   # November
        # maint1's complaints: targets due on both sides of the edges.
        contact = cls.env["res.partner"].create({"name": "Kept Buyer", "parent_id": kept.id})
        first = cls._ticket(kept, contact, ("met", OCT_FIRST_0030), ("met", MID_OCTOBER))
        last = cls._ticket(kept, contact, ("breached", SEP_LAST_2330), ("breached", NOV_FIRST_0030))
        # Satisfaction confirmed at the edges: 5 on 1 Oct 00:30, 1 on 1 Nov 00:30.
        for ticket, moment, score in ((first, OCT_FIRST_0030, 5), (last, NOV_FIRST_0030, 1)):
            with freeze_now(cls.env, moment):
                cls.env["cdm.ticket.satisfaction"].sudo(cls.maint1).create({
                    "ticket_id": ticket.id, "channel": "phone",
                    "contact_id": contact.id, "score": score})
        cls.arun = cls.make_run(cls.emp_dev1 | cls.emp_maint1, date_from="2026-10-01",
                                period_type="month")

    @classmethod
    def _ticket(cls, customer, contact, response, resolution):
        """A complaint of maint1 whose SLA facts are set in SQL."""
        ticket = cls.env["helpdesk.ticket"].create({
            "name": "Complaint of %s" % customer.name, "description": "Late delivery",
            "partner_id": contact.id, "user_id": cls.maint1.id, "kind": "complaint"})
        cls.env.cr.execute("""
            UPDATE helpdesk_ticket SET response_state = %s, response_deadline = %s,
                   resolution_state = %s, resolution_deadline = %s, resolution_date = %s
             WHERE id = %s""", (response[0], response[1], resolution[0], resolution[1],
                                resolution[1], ticket.id))
        ticket.invalidate_cache()
        return ticket

    def setUp(self):
        super().setUp()
        self.compute(self.arun, today="2026-11-10")

    def actual(self, employee, source):
        line = self.line_of(self.appraisal_of(self.arun, employee), source)
        self.assertEqual(len(line), 1, source)
        return line.actual if line.measured else None

    def test_deals_count_on_their_local_day(self):
        # 1 Oct 00:30 (2,000) and 31 Oct 23:30 (4,000); not 30 Sep 23:30 nor 1 Nov 00:30.
        self.assertAlmostEqual(self.actual(self.emp_dev1, "sales_amount"), 6000.0)
        self.assertAlmostEqual(self.actual(self.emp_dev1, "customers_acquired"), 2.0)

    def test_customers_maintained_count_on_their_local_day(self):
        # Kept Co. handed over on 1 October and the fixture customer (handed over in
        # June); not Late Co., created on 1 November (local).
        self.assertAlmostEqual(self.actual(self.emp_maint1, "customers_maintained"), 2.0)

    def test_revisits_count_on_their_local_day(self):
        self.assertAlmostEqual(self.actual(self.emp_maint1, "revisit_compliance"), 50.0)

    def test_sla_targets_count_on_their_local_day(self):
        # Due in October (local): the response of 1 Oct 00:30 and the resolution of
        # 15 October, both met; the breached ones are due on 30 Sep and 1 Nov.
        self.assertAlmostEqual(self.actual(self.emp_maint1, "sla_compliance"), 100.0)
        figures = self.env["helpdesk.ticket"].sudo(self.manager).sla_compliance(
            "2026-10-01", "2026-10-31")
        self.assertEqual((figures[self.maint1.id]["due"], figures[self.maint1.id]["met"]), (2, 2))

    def test_ratings_count_on_their_local_day(self):
        # Ticket rating 5 of 1 Oct 00:30, revisits 5 (1 Oct) and 5 (2 Nov: done after
        # the period, not counted): the 1 of 1 Nov 00:30 is November's.
        self.assertAlmostEqual(self.actual(self.emp_maint1, "satisfaction"), 5.0)


class TestFullPrecision(AppraisalRunCase):
    """Rates are not rounded before the achievement; the lines add up to the
    score shown."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi["milestone_on_time"].target_development = 95
        deal = cls.won_deal(cls.company("Six Milestones Co."), cls.dev1, "2026-01-05")
        Milestone = cls.env["crm.lead.milestone"]
        for number in range(6):
            on_time = number < 4
            Milestone.create({
                "name": "M%s" % number, "lead_id": deal.id, "user_id": cls.dev1.id,
                "planned_date": "2026-02-%02d" % (number + 10),
                "done_date": "2026-02-%02d" % (number + (10 if on_time else 12)), "state": "done"})
        cls.arun = cls.make_run(cls.emp_dev1)

    def test_four_of_six_on_time_is_two_thirds_not_66_7(self):
        self.compute(self.arun)
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        line = self.line_of(appraisal, "milestone_on_time")
        self.assertAlmostEqual(line.actual, 400.0 / 6, places=9)
        self.assertAlmostEqual(line.achievement, 100.0 * (400.0 / 6) / 95, places=9)
        self.assertEqual(round(line.achievement, 2), 70.18)
        total = sum(appraisal.line_ids.mapped("points"))
        self.assertAlmostEqual(total, appraisal.kpi_points, places=9)
        self.assertEqual(round(total, 2), round(appraisal.score, 2),
                         "the total of the lines is the score shown")

    def test_the_printed_appraisal_shows_two_decimals(self):
        self.compute(self.arun)
        appraisal = self.appraisal_of(self.arun, self.emp_dev1)
        html = self.env.ref("customer_dev_maint.action_report_cdm_appraisal").sudo(
            self.manager).render_qweb_html(appraisal.ids)[0].decode()
        self.assertIn("70.18", html)
        self.assertNotIn("70.175", html)


class TestTiesListedByName(AppraisalRunCase):

    def test_equal_scores_are_listed_by_name(self):
        zhou = self._make_employee(self._make_user(
            "zhou", "customer_dev_maint.group_development_user", self.team_dev_east))
        zhou.name = "Zhou Wei"
        anna = self._make_employee(self._make_user(
            "anna", "customer_dev_maint.group_development_user", self.team_dev_east))
        anna.name = "Anna Li"
        run = self.make_run(zhou)
        self.compute(run)
        run.sudo(self.manager).write({"employee_ids": [(4, anna.id)]})
        self.compute(run)  # Anna's appraisal is created after Zhou's
        appraisals = self.Appraisal.sudo(self.manager).search([("run_id", "=", run.id)])
        self.assertEqual(appraisals.mapped("rank"), [1, 1])
        self.assertEqual(appraisals.mapped("employee_id.name"), ["Anna Li", "Zhou Wei"])
        run.invalidate_cache()
        self.assertEqual(run.sudo(self.manager).appraisal_ids.mapped("employee_id.name"),
                         ["Anna Li", "Zhou Wei"], "the run's Appraisals tab")
