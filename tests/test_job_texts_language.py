"""P2: what the scheduled jobs write in the chatter follows its reader's language: the
tracking of the SLA states the SLA job changes is in the ticket owner's language."""
from datetime import datetime

from .helpdesk_common import HelpdeskCase

# The first response of a ticket opened at T0 is at risk (naive UTC).
AT_RISK = datetime(2026, 12, 1, 2, 30)


class TestJobTextsInTheRecipientsLanguage(HelpdeskCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"].load_lang("zh_CN")
        cls.env["ir.translation"].load_module_terms(["customer_dev_maint"], ["zh_CN"])

    def _tracking(self, ticket, field):
        return ticket.sudo().message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == field)

    def test_sla_job_tracks_state_changes_in_the_owners_language(self):
        self.maint1.lang = "zh_CN"
        ticket = self.open_ticket()
        # The job runs without a language of its own (a cron's context).
        job = self.env["helpdesk.ticket"].with_context(lang=None, tracking_disable=False)
        job._update_sla(now=AT_RISK)
        self.assertEqual(ticket.response_state, "at_risk")
        tracked = self._tracking(ticket, "response_state")
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.field_desc, "响应时限状态")
        self.assertEqual(tracked.new_value_char, "即将超时")

    def test_sla_job_tracks_in_english_for_an_english_owner(self):
        self.maint1.lang = "en_US"
        ticket = self.open_ticket()
        job = self.env["helpdesk.ticket"].with_context(lang="zh_CN", tracking_disable=False)
        job._update_sla(now=AT_RISK)
        tracked = self._tracking(ticket, "response_state")
        self.assertEqual(tracked.field_desc, "Response State")
        self.assertEqual(tracked.new_value_char, "At Risk")
