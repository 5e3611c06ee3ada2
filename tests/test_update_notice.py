"""M9: update notices to the customers of chosen tiers, logged on each
customer, skipping those who opted out, queued for sending."""
from unittest import mock

from odoo.exceptions import UserError

from .maintenance_common import MaintenanceCase


class TestUpdateNotice(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gold = cls.make_customer("Gold", tier=cls.tier_key, sync=False)
        cls.quiet = cls.make_customer("Quiet", tier=cls.tier_key, sync=False, opt_out=True)
        cls.mute = cls.make_customer("Mute", tier=cls.tier_key, sync=False, email=False)
        cls.plain = cls.make_customer("Plain", tier=cls.tier_standard, sync=False)

    def send(self, user, **values):
        wizard = self.env["cdm.update.notice.wizard"].sudo(user).create(values)
        wizard.action_send()
        return wizard

    def notices(self, partner):
        return partner.message_ids.filtered(lambda m: "latest updates" in (m.body or ""))

    def test_notice_reaches_the_tier_and_skips_opted_out_customers(self):
        mails_before = self.env["mail.mail"].search([])
        wizard = self.send(self.maint1, tier_ids=[(6, 0, [self.tier_key.id])])
        self.assertEqual(wizard.sent_count, 1)
        self.assertEqual(wizard.skipped_count, 2)
        self.assertIn("Quiet (opted out)", wizard.skipped_names)
        self.assertIn("Mute (no e-mail)", wizard.skipped_names)
        self.assertEqual(len(self.notices(self.gold)), 1, "logged on the customer's chatter")
        self.assertEqual(self.notices(self.gold).author_id, self.maint1.partner_id)
        self.assertFalse(self.notices(self.quiet))
        self.assertFalse(self.notices(self.plain), "another tier")
        queued = self.env["mail.mail"].search([]) - mails_before
        self.assertEqual(len(queued), 1)
        self.assertEqual(queued.state, "outgoing", "left to the mail queue")
        self.assertEqual(queued.recipient_ids, self.gold)
        notice = wizard.notice_id
        self.assertEqual((notice.state, notice.user_id), ("done", self.maint1))

    def test_notice_to_a_selection_of_customers(self):
        wizard = self.send(self.maint1, partner_ids=[(6, 0, (self.plain | self.quiet).ids)])
        self.assertEqual((wizard.sent_count, wizard.skipped_count), (1, 1))
        self.assertEqual(len(self.notices(self.plain)), 1)

    def test_large_notice_is_queued_and_sent_in_batches_by_the_job(self):
        module = "odoo.addons.customer_dev_maint"
        with mock.patch("%s.wizards.cdm_update_notice_wizard.SEND_NOW_LIMIT" % module, 2), \
                mock.patch("%s.models.cdm_update_notice.BATCH_SIZE" % module, 2):
            wizard = self.send(self.maint1, tier_ids=[(6, 0, [self.tier_key.id, self.tier_standard.id])])
            notice = wizard.notice_id
            self.assertEqual(notice.state, "queued")
            self.assertEqual(wizard.queued_count, 4)
            self.assertFalse(self.notices(self.gold), "nothing sent during the request")
            self.env["cdm.update.notice"]._cron_send_update_notices(commit=False)
        self.assertEqual(notice.state, "done")
        self.assertEqual((notice.sent_count, notice.skipped_count), (2, 2))
        self.assertFalse(notice.pending_partner_ids)
        self.assertEqual(len(self.notices(self.gold)), 1)
        self.assertEqual(len(self.notices(self.plain)), 1)
        self.assertFalse(self.notices(self.quiet))

    def test_without_tiers_or_customers_nothing_is_sent(self):
        with self.assertRaisesRegex(UserError, "tiers or the customers"):
            self.send(self.maint1)
        self.assertFalse(self.env["cdm.update.notice"].search([]))

    def test_development_user_cannot_send_and_auditor_only_reads(self):
        self.send(self.maint1, partner_ids=[(6, 0, self.gold.ids)])
        notice = self.env["cdm.update.notice"].search([])
        self.assertTrue(notice.sudo(self.auditor).read(["sent_count"]))
        from odoo.exceptions import AccessError
        with self.assertRaises(AccessError):
            self.send(self.dev1, partner_ids=[(6, 0, self.gold.ids)])
