"""Items 9 and 8.5: an overdue revisit is stamped escalated only when a
manager got the To-Do, written in that manager's language; the policy says
when escalations have nowhere to go; the To-Do closes with the revisit."""
from .maintenance_common import MaintenanceCase


class TestRevisitEscalation(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.make_customer("Acme", tier=cls.tier_key, handover="2026-01-01")
        cls.policy.write({"revisit_escalation_days": 7, "revisit_escalation_user_id": False})

    def setUp(self):
        super().setUp()
        self.freeze_today("2026-03-01")
        self.revisit = self.open_revisits(self.acme)
        self.assertEqual(self.revisit.date_due, "2026-03-02")

    def todos(self):
        return self.env["mail.activity"].search(
            [("res_model", "=", "cdm.revisit"), ("res_id", "=", self.revisit.id)])

    def test_nobody_to_escalate_to_stamps_nothing_and_the_policy_says_so(self):
        self.team_maint.user_id = False
        policy = self.policy.sudo(self.manager)
        self.assertIn("Maintenance", policy.revisit_escalation_warning)
        self.assertFalse(self.Revisit._escalate_overdue(today="2026-03-20"))
        self.assertFalse(self.revisit.escalation_date, "not stamped: nothing was done")
        self.assertFalse(self.todos())
        policy.write({"revisit_escalation_user_id": self.manager.id})
        self.assertFalse(policy.revisit_escalation_warning)
        self.assertEqual(self.Revisit._escalate_overdue(today="2026-03-21"), self.revisit,
                         "escalated on the next run once someone is named")
        self.assertEqual(self.revisit.escalation_date, "2026-03-21")
        self.assertEqual(self.todos().user_id, self.manager)

    def test_leader_of_the_department_silences_the_warning(self):
        self.assertFalse(self.policy.sudo(self.manager).revisit_escalation_warning)

    def test_completing_the_revisit_closes_the_escalation(self):
        self.Revisit._escalate_overdue(today="2026-03-10")
        todo = self.revisit.escalation_activity_id
        self.assertEqual(todo, self.todos())
        self.freeze_today("2026-03-12")
        self.complete(self.revisit, date_done="2026-03-12")
        self.assertFalse(todo.exists(), "the manager's To-Do is done")
        self.assertTrue(self.revisit.message_ids.filtered(
            lambda message: message.mail_activity_type_id == self.env.ref("mail.mail_activity_data_todo")))

    def test_cancelling_the_revisit_closes_the_escalation(self):
        self.Revisit._escalate_overdue(today="2026-03-10")
        todo = self.revisit.escalation_activity_id
        self.revisit.sudo(self.manager).action_cancel()
        self.assertFalse(todo.exists())

    def test_rescheduling_answers_the_escalation(self):
        self.Revisit._escalate_overdue(today="2026-03-10")
        todo = self.revisit.escalation_activity_id
        self.freeze_today("2026-03-11")
        self.revisit.sudo(self.maint1)._reschedule("2026-03-16", "Customer back from leave on the 16th.")
        self.assertFalse(todo.exists())
        self.assertFalse(self.revisit.escalation_date)
        self.assertFalse(self.Revisit._escalate_overdue(today="2026-03-20"), "4 days late: not yet")
        self.assertEqual(self.Revisit._escalate_overdue(today="2026-03-23"), self.revisit)

    def test_escalation_is_written_in_the_managers_language_and_date_format(self):
        self.load_chinese()
        self.manager.lang = "zh_CN"
        self.Revisit._escalate_overdue(today="2026-03-10")
        summary = self.todos().summary
        self.assertIn("逾期回访", summary)
        self.assertIn("2026年03月02日", summary)
        self.assertNotIn("2026-03-02", summary)

    def test_revisit_activity_is_written_in_the_owners_language(self):
        self.load_chinese()
        self.maint2.lang = "zh_CN"
        self.revisit.sudo(self.manager)._reschedule("2026-03-09", "Cover", user=self.maint2)
        self.assertIn("回访", self.revisit.activity_id.summary)
        self.assertNotIn("Revisit", self.revisit.activity_id.summary)

    def test_completion_note_is_written_in_the_owners_language_and_date_format(self):
        self.load_chinese()
        self.maint1.lang = "zh_CN"
        self.freeze_today("2026-03-05")
        self.complete(self.revisit, date_done="2026-03-05", satisfaction=5)
        revisit_type = self.env.ref("customer_dev_maint.mail_activity_type_revisit")
        note = self.acme.message_ids.filtered(lambda m: m.mail_activity_type_id == revisit_type)[:1]
        self.assertIn("2026年03月05日", note.body)
        self.assertNotIn("2026-03-05", note.body)
        self.assertNotIn("Revisit done on", note.body)
