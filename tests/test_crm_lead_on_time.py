"""D6: on-time delivery per person, by the report and by the method appraisal reads."""
import xmlrpc.client

from odoo.api import call_kw
from odoo.exceptions import AccessError

from .crm_lead_common import DevelopmentPipelineCase


class TestOnTimeDelivery(DevelopmentPipelineCase):

    def setUp(self):
        super().setUp()
        self.deal = self.make_opportunity()
        self.deal_west = self.make_opportunity(user=self.dev2, name="West deal")
        Milestone = self.env["crm.lead.milestone"]
        # Far from any clock: 2000 is past and 2999 future whenever the test runs.
        for name, lead, user, planned, done in (
                ("On time", self.deal, self.dev1, "2000-03-10", "2000-03-09"),
                ("Late", self.deal, self.dev1, "2000-03-10", "2000-03-12"),
                ("Overdue", self.deal, self.dev1, "2000-04-11", False),
                ("Early", self.deal, self.dev1, "2999-01-10", "2000-04-01"),
                ("Future", self.deal, self.dev1, "2999-04-30", False),
                ("West on time", self.deal_west, self.dev2, "2000-03-20", "2000-03-20")):
            Milestone.create({"name": name, "lead_id": lead.id, "user_id": user.id,
                              "planned_date": planned, "done_date": done,
                              "state": "done" if done else "planned"})
        Milestone.create({"name": "Dropped", "lead_id": self.deal.id, "user_id": self.dev1.id,
                          "planned_date": "2000-02-01", "state": "cancelled"})

    def _report_by_user(self, user):
        Report = self.as_user(user, "crm.lead.milestone.delivery.report")
        groups = Report.read_group([], ["user_id", "due_count", "on_time_count", "on_time_rate"],
                                   ["user_id"])
        return {group["user_id"][0]: (group["on_time_count"], group["due_count"],
                                      group["on_time_rate"]) for group in groups}

    def test_report_agrees_with_the_deal_rate_for_a_manager(self):
        # Due: on time, late, overdue and the early delivery; 2 of 4 on time.
        self.assertAlmostEqual(self.deal.milestone_on_time_rate, 50.0)
        by_user = self._report_by_user(self.manager)
        self.assertEqual(by_user[self.dev1.id][:2], (2, 4))
        self.assertAlmostEqual(by_user[self.dev1.id][2], self.deal.milestone_on_time_rate)
        self.assertEqual(by_user[self.dev2.id][:2], (1, 1))

    def test_report_groups_by_team_and_month(self):
        Report = self.as_user(self.manager, "crm.lead.milestone.delivery.report")
        teams = {group["team_id"][0]: group["due_count"] for group in Report.read_group(
            [], ["team_id", "due_count"], ["team_id"])}
        self.assertEqual(teams, {self.team_dev_east.id: 4, self.team_dev_west.id: 1})
        months = Report.read_group([("user_id", "=", self.dev1.id)],
                                   ["planned_date", "due_count", "on_time_count"],
                                   ["planned_date:month"], orderby="planned_date")
        self.assertEqual([(group["due_count"], group["on_time_count"]) for group in months],
                         [(2, 1), (1, 0), (1, 1)])

    def test_overdue_counts_as_due_not_pending(self):
        Report = self.as_user(self.manager, "crm.lead.milestone.delivery.report")
        rows = Report.search([("milestone_id.name", "=", "Overdue")])
        self.assertEqual(rows.delivery, "overdue")
        self.assertEqual((rows.due_count, rows.on_time_count), (1, 0))
        self.assertFalse(Report.search([("milestone_id.name", "in", ["Future", "Dropped"])]))

    def test_development_user_sees_only_their_own_figures(self):
        self.assertEqual(set(self._report_by_user(self.dev2)), {self.dev2.id})
        counts = self.as_user(self.dev2, "crm.lead.milestone").on_time_counts(today="2000-05-01")
        self.assertEqual([row["user_id"] for row in counts], [self.dev2.id])
        with self.assertRaises(AccessError):
            self.as_user(self.maint1, "crm.lead.milestone.delivery.report").read_group(
                [], ["due_count"], ["user_id"])

    def test_on_time_counts_travel_over_rpc(self):
        Milestone = self.as_user(self.manager, "crm.lead.milestone")
        counts = call_kw(Milestone, "on_time_counts", ["2000-01-01", "2000-12-31"],
                         {"today": "2000-05-01"})
        xmlrpc.client.dumps((counts,), methodresponse=True)
        self.assertEqual(counts, [
            {"user_id": self.dev1.id, "due": 3, "on_time": 1, "rate": 33.3},
            {"user_id": self.dev2.id, "due": 1, "on_time": 1, "rate": 100.0}])
