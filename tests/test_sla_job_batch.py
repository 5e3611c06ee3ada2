"""M6, at scale: the SLA job evaluates a batch of tickets at once and leaves what the
ticket-by-ticket evaluation leaves: the same states, the same notifications (once
each, assignees following the ticket), the tracking in each owner's language."""
from datetime import datetime

from .helpdesk_common import HelpdeskCase

# The first response of a ticket opened at T0 is at risk, then breached (naive UTC).
AT_RISK = datetime(2026, 12, 1, 2, 30)
BREACHED = datetime(2026, 12, 1, 3, 0)


class TestSlaJobBatch(HelpdeskCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"].load_lang("zh_CN")
        cls.env["ir.translation"].load_module_terms(["customer_dev_maint"], ["zh_CN"])

    def job(self, now, **kwargs):
        return self.env["helpdesk.ticket"].with_context(lang=None, tracking_disable=False)._update_sla(
            now=now, **kwargs)

    def tracked(self, ticket):
        return ticket.sudo().message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == "response_state")

    def snapshot(self, tickets):
        tickets.invalidate_cache()
        return [(ticket.response_state, ticket.resolution_state, ticket.sla_state, ticket.sla_notified,
                 sorted((activity.user_id.id, activity.summary.replace(ticket.number, "#"),
                         activity.date_deadline, activity.res_name == ticket.number)
                        for activity in self.sla_activities(ticket)))
                for ticket in tickets]

    def test_batch_tracks_each_ticket_in_its_owners_language(self):
        self.maint1.lang = "zh_CN"
        self.maint2.lang = "en_US"
        chinese = self.open_ticket()
        english = self.open_ticket(user=self.maint2)
        self.assertEqual(self.job(AT_RISK), 2)
        self.assertEqual((chinese.response_state, chinese.sla_state), ("at_risk", "at_risk"))
        self.assertEqual((self.tracked(chinese).field_desc, self.tracked(chinese).new_value_char),
                         ("响应时限状态", "即将超时"))
        self.assertEqual((self.tracked(english).field_desc, self.tracked(english).old_value_char,
                          self.tracked(english).new_value_char),
                         ("Response State", "On Track", "At Risk"))
        note = self.tracked(english).mail_message_id
        self.assertEqual((note.model, note.res_id, note.message_type, note.subtype_id),
                         ("helpdesk.ticket", english.id, "notification", self.env.ref("mail.mt_note")))

    def test_assignees_are_told_once_and_follow_the_ticket(self):
        ticket = self.open_ticket(user=self.maint2)
        self.job(AT_RISK)
        activity = self.sla_activities(ticket, self.maint2)
        self.assertEqual(len(activity), 1)
        self.assertIn(ticket.number, activity.summary)
        self.assertEqual(activity.res_name, ticket.number)
        self.assertIn(activity, ticket.activity_ids)
        self.assertIn(self.maint2.partner_id, ticket.message_partner_ids)
        self.assertEqual(self.job(AT_RISK), 0, "a rerun has nothing to do")
        self.job(BREACHED)
        self.assertEqual(len(self.sla_activities(ticket, self.manager)), 1, "the manager is told")
        self.assertIn(self.manager.partner_id, ticket.message_partner_ids)
        messages = len(ticket.message_ids)
        self.assertEqual(self.job(BREACHED), 0)
        self.assertEqual(len(self.sla_activities(ticket)), 3, "nothing made twice")
        self.assertEqual(len(ticket.message_ids), messages)

    def test_batch_leaves_what_the_ticket_by_ticket_evaluation_leaves(self):
        by_ticket = self.open_ticket() | self.open_ticket(user=self.maint2)
        by_batch = self.open_ticket() | self.open_ticket(user=self.maint2)
        for now in (AT_RISK, BREACHED):
            for ticket in by_ticket:
                ticket.with_context(lang=ticket._sla_tracking_lang())._sla_evaluate(now)
            self.job(now, batch_size=1)
        expected = self.snapshot(by_ticket)
        self.assertTrue(all(ticket[4] for ticket in expected), "every ticket notified someone")
        self.assertEqual(self.snapshot(by_batch), expected)
        self.assertEqual([ticket.message_partner_ids for ticket in by_batch],
                         [ticket.message_partner_ids for ticket in by_ticket])
