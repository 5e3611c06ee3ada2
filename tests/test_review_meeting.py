"""Policy review meetings (I1): the agenda pack from the period's records,
read under the reader's rules; frozen once held; follow-up actions."""
from odoo.addons.customer_dev_maint.server_only import as_server
from odoo.exceptions import AccessError, UserError

from .maintenance_common import MaintenanceCase

TODAY = "2026-04-10"


class TestReviewMeeting(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # maint1 leads the maintenance department; maint2 is a member only.
        cls.team_maint.user_id = cls.maint1
        Employee = cls.env["hr.employee"]
        cls.emp_maint2 = Employee.create({"name": "Maint2", "user_id": cls.maint2.id})
        cls.cust_a = cls.make_customer("Alpha Co", owner=cls.maint1, sync=False)
        cls.cust_b = cls.make_customer("Beta Co", owner=cls.maint2, sync=False)
        Revisit = cls.env["cdm.revisit"]

        def revisit(partner, user, due, **values):
            return Revisit.create(dict({"partner_id": partner.id, "user_id": user.id,
                                        "team_id": cls.team_maint.id, "date_due": due}, **values))
        cls.overdue_a = revisit(cls.cust_a, cls.maint1, "2026-03-05")
        cls.overdue_b = revisit(cls.cust_b, cls.maint2, "2026-03-06")
        done = {"state": "done", "channel": "visit"}
        cls.done_a = revisit(cls.cust_a, cls.maint1, "2026-03-10", date_done="2026-03-09",
                             satisfaction=2, **done)
        cls.done_b = revisit(cls.cust_b, cls.maint2, "2026-03-12", date_done="2026-03-20",
                             satisfaction=1, **done)
        cls.case_b = cls.env["cdm.misconduct.case"].sudo(cls.manager).create({
            "employee_id": cls.emp_maint2.id, "date": "2026-03-15", "kind": "failure_of_duty",
            "description": "Revisit missed.", "measure": "verbal_warning"}).sudo()
        cls.Meeting = cls.env["cdm.review.meeting"]

    def make_meeting(self, name="March review", date_from="2026-03-01", date_to="2026-03-31",
                     department="maintenance", start="2026-04-10 02:00:00"):
        return self.Meeting.sudo(self.manager).create({
            "name": name, "start": start, "stop": start.replace("02:", "03:"),
            "date_from": date_from, "date_to": date_to, "department": department})

    def pack(self, meeting, user):
        return meeting.sudo(user)._pack_data(today=TODAY)

    # The pack's content --------------------------------------------------

    def test_pack_of_a_known_period_for_the_manager(self):
        meeting = self.make_meeting()
        pack = self.pack(meeting, self.manager)
        self.assertEqual(pack["overdue_revisits"]["count"], 2)
        self.assertEqual(pack["overdue_revisits"]["records"], self.overdue_a | self.overdue_b)
        rows = {row["user"]: row for row in pack["kpis"]}
        self.assertEqual(set(rows), {self.maint1, self.maint2})
        self.assertEqual((rows[self.maint1]["revisit_due"], rows[self.maint1]["revisit_rate"]),
                         (2, 50.0))
        self.assertEqual((rows[self.maint2]["revisit_due"], rows[self.maint2]["revisit_rate"]),
                         (2, 0.0))
        self.assertEqual(rows[self.maint1]["satisfaction"], 2.0)
        self.assertEqual(rows[self.maint2]["satisfaction"], 1.0)
        self.assertEqual([row["score"] for row in pack["low_satisfaction"]], [1, 2])
        self.assertEqual(pack["low_satisfaction"][0]["partner"], self.cust_b)
        self.assertNotIn("stalled_deals", pack)
        self.assertEqual(pack["misconduct"]["records"], self.case_b)
        html = meeting.sudo(self.manager).pack_html
        self.assertIn("Overdue Revisits (2)", html)
        self.assertIn("Open Misconduct Cases (1)", html)
        self.assertIn("Beta Co", html)

    def test_a_leader_gets_only_the_figures_of_records_they_may_read(self):
        meeting = self.make_meeting()
        pack = self.pack(meeting, self.maint1)
        self.assertEqual(pack["overdue_revisits"]["count"], 1)
        self.assertEqual(pack["overdue_revisits"]["records"], self.overdue_a)
        rows = {row["user"]: row for row in pack["kpis"]}
        self.assertEqual((rows[self.maint2]["revisit_due"], rows[self.maint2]["revisit_rate"]),
                         (0, None))
        self.assertIsNone(rows[self.maint2]["satisfaction"])
        self.assertEqual([row["score"] for row in pack["low_satisfaction"]], [2])
        self.assertNotIn("misconduct", pack, "misconduct cases are for managers only")
        html = meeting.sudo(self.maint1).pack_html
        self.assertNotIn("Beta Co", html)
        self.assertNotIn("Misconduct", html)

    def test_the_agenda_cites_best_practices_each_reader_may_read(self):
        Entry = as_server(self.env["cdm.best.practice"])
        shared = Entry.create({"name": "Call before the visit", "what_worked": "A call first.",
                               "team_id": self.team_maint.id})
        secret = Entry.create({"name": "Beta's escalation path", "partner_id": self.cust_b.id,
                               "revisit_id": self.done_b.id, "source_user_id": self.maint2.id,
                               "team_id": self.team_maint.id})
        self.cust_b.sudo().write({"confidentiality_level": "secret"})
        meeting = self.make_meeting()
        meeting.sudo(self.manager).write({"best_practice_ids": [(6, 0, (shared | secret).ids)]})
        self.assertEqual(self.pack(meeting, self.manager)["best_practices"], secret | shared)
        self.assertIn("escalation path", meeting.sudo(self.manager).pack_html)
        # maint1 leads the department but may not read the secret customer's entry.
        self.assertEqual(self.pack(meeting, self.maint1)["best_practices"], shared)
        html = meeting.sudo(self.maint1).pack_html
        self.assertIn("Call before the visit", html)
        self.assertNotIn("escalation path", html)
        with self.assertRaises(AccessError):
            meeting.sudo(self.maint1).write({"best_practice_ids": [(5,)]})
        # Held, the citations are frozen with the pack.
        meeting.sudo(self.manager).action_mark_held()
        with self.assertRaises(UserError):
            meeting.sudo(self.manager).write({"best_practice_ids": [(3, shared.id)]})
        self.assertIn("Call before the visit", meeting.sudo(self.manager).pack_html)

    def test_the_previous_review_lists_its_actions_and_whether_done(self):
        previous = self.make_meeting("February review", "2026-02-01", "2026-02-28",
                                     start="2026-03-02 02:00:00")
        Action = self.env["cdm.review.action"].sudo(self.manager)
        done = Action.create({"meeting_id": previous.id, "name": "Call Beta Co",
                              "user_id": self.maint2.id, "date_deadline": "2026-03-10"})
        Action.create({"meeting_id": previous.id, "name": "Train the team",
                       "user_id": self.maint1.id, "date_deadline": "2026-03-20"})
        done.activity_id.sudo(self.maint2).action_feedback(feedback="Called.")
        previous.sudo(self.manager).action_mark_held()
        meeting = self.make_meeting()
        pack = self.pack(meeting, self.manager)
        self.assertEqual(pack["previous"], previous)
        self.assertEqual({action.name: action.state for action in pack["previous_actions"]},
                         {"Call Beta Co": "done", "Train the team": "open"})
        self.assertIn("Not done", meeting.sudo(self.manager).pack_html)

    # Frozen once held -----------------------------------------------------

    def test_a_held_meeting_keeps_its_pack_and_refuses_to_regenerate_it(self):
        meeting = self.make_meeting()
        meeting.sudo(self.manager).action_refresh_pack()
        policy = self.env["cdm.policy"].for_company(meeting.company_id)
        policy.sudo(self.manager).write({"revisit_spread_days": policy.revisit_spread_days + 1})
        meeting.sudo(self.manager).action_mark_held()
        self.assertEqual(meeting.state, "held")
        self.assertTrue(policy.settings_version)
        self.assertEqual(meeting.policy_version, policy.settings_version,
                         "a held meeting records the settings version in force")
        frozen = meeting.sudo(self.manager).pack_html
        self.assertIn("Overdue Revisits (2)", frozen)
        # A new overdue revisit of the period changes nothing in the frozen pack.
        other = self.make_customer("Gamma Co", owner=self.maint1, sync=False)
        self.env["cdm.revisit"].create({"partner_id": other.id, "user_id": self.maint1.id,
                                        "date_due": "2026-03-07"})
        meeting.invalidate_cache()
        self.assertEqual(meeting.sudo(self.manager).pack_html, frozen)
        with self.assertRaises(UserError):
            meeting.sudo(self.manager).action_refresh_pack()
        with self.assertRaises(UserError):
            meeting.sudo(self.manager).action_mark_held()
        with self.assertRaises(AccessError):
            meeting.sudo(self.manager).write({"pack_snapshot": "<p>Nothing overdue</p>"})
        with self.assertRaises(UserError):
            meeting.sudo(self.manager).write({"date_from": "2026-01-01"})
        # The leader reads the frozen pack without the managers' misconduct part.
        self.assertNotIn("Misconduct", meeting.sudo(self.maint1).pack_html)
        self.assertIn("Open Misconduct Cases (1)", frozen)

    # Access ---------------------------------------------------------------

    def test_managers_plan_leaders_of_the_department_and_auditors_read(self):
        meeting = self.make_meeting()
        self.assertIn(self.env.ref("customer_dev_maint.calendar_event_type_policy_review"),
                      meeting.categ_ids)
        self.assertEqual(meeting.event_id.res_model, "cdm.review.meeting")
        self.assertEqual(meeting.leader_ids, self.maint1)
        self.assertEqual(meeting.sudo(self.maint1).name, "March review")
        self.assertEqual(meeting.sudo(self.auditor).name, "March review")
        for user in (self.maint2, self.dev1):
            self.assertFalse(self.Meeting.sudo(user).search([("id", "=", meeting.id)]))
            with self.assertRaises(AccessError):
                meeting.sudo(user).read(["name"])
        for user in (self.maint1, self.auditor):
            with self.assertRaises(AccessError):
                meeting.sudo(user).write({"minutes": "<p>Changed</p>"})
            with self.assertRaises(AccessError):
                self.Meeting.sudo(user).create({
                    "name": "Other", "start": "2026-04-11 02:00:00", "stop": "2026-04-11 03:00:00",
                    "date_from": "2026-03-01", "date_to": "2026-03-31"})
            with self.assertRaises(AccessError):
                meeting.sudo(user).action_mark_held()
        meeting.sudo(self.manager).write({"minutes": "<p>Revisits late in March.</p>"})
        # A new leader of the department reads the meeting; the former one no longer.
        self.team_maint.sudo(self.manager).write({"user_id": self.maint2.id})
        self.assertEqual(meeting.leader_ids, self.maint2)
        self.assertEqual(meeting.sudo(self.maint2).name, "March review")
        with self.assertRaises(AccessError):
            meeting.sudo(self.maint1).read(["name"])

    def test_follow_up_actions_are_activities_of_their_owner_linked_back(self):
        meeting = self.make_meeting()
        action = self.env["cdm.review.action"].sudo(self.manager).create({
            "meeting_id": meeting.id, "name": "Revisit Beta Co", "user_id": self.maint1.id,
            "date_deadline": "2026-04-20"})
        activity = action.activity_id
        self.assertEqual((activity.res_model, activity.res_id, activity.user_id,
                          activity.date_deadline, activity.summary),
                         ("cdm.review.meeting", meeting.id, self.maint1, "2026-04-20",
                          "Revisit Beta Co"))
        with self.assertRaises(AccessError):
            action.sudo(self.maint2).action_done()
        with self.assertRaises(AccessError):
            self.env["cdm.review.action"].sudo(self.maint1).create({
                "meeting_id": meeting.id, "name": "Self-assigned", "user_id": self.maint1.id,
                "date_deadline": "2026-04-20"})
        action.sudo(self.maint1).action_done()
        self.assertEqual((action.state, action.done_on), ("done", self.env["cdm.policy"].today()))
        self.assertFalse(activity.exists())

    def test_the_printed_pack_is_the_frozen_one_in_the_readers_language(self):
        meeting = self.make_meeting()
        meeting.sudo(self.manager).action_mark_held()
        report = self.env.ref("customer_dev_maint.action_report_cdm_review_meeting")
        html = report.sudo(self.manager).render_qweb_html(meeting.ids)[0].decode()
        self.assertIn("Overdue Revisits (2)", html)
        self.assertIn("Open Misconduct Cases (1)", html)
        html = report.sudo(self.auditor).render_qweb_html(meeting.ids)[0].decode()
        self.assertIn("Overdue Revisits (2)", html)
        self.assertNotIn("Open Misconduct Cases", html)
        self.load_chinese()
        planned = self.make_meeting("April review", "2026-04-01", "2026-04-30")
        self.manager.lang = "zh_CN"
        html = report.sudo(self.manager).with_context(lang="zh_CN").render_qweb_html(
            planned.ids)[0].decode()
        self.assertIn("每人KPI汇总", html)
        self.assertIn("上次评审的跟进措施", html)
