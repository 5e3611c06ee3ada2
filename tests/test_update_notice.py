"""M9: update notices to the customers of chosen tiers, logged on each
customer, skipping those who opted out, queued for sending."""
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
        mails_before = self.env["mail.mail"].search_count([])
        wizard = self.send(self.maint1, tier_ids=[(6, 0, [self.tier_key.id])])
        self.assertEqual(wizard.sent_count, 1)
        self.assertEqual(wizard.skipped_count, 2)
        self.assertIn("Quiet (opted out)", wizard.skipped_names)
        self.assertIn("Mute (no e-mail)", wizard.skipped_names)
        self.assertEqual(len(self.notices(self.gold)), 1, "logged on the customer's chatter")
        self.assertFalse(self.notices(self.quiet))
        self.assertFalse(self.notices(self.plain), "another tier")
        queued = self.env["mail.mail"].search([("state", "=", "outgoing")])
        self.assertEqual(self.env["mail.mail"].search_count([]) - mails_before, 1)
        self.assertIn(self.gold.partner_share and self.gold or self.gold, queued.mapped("recipient_ids"))

    def test_notice_to_a_selection_of_customers(self):
        wizard = self.send(self.maint1, partner_ids=[(6, 0, (self.plain | self.quiet).ids)])
        self.assertEqual((wizard.sent_count, wizard.skipped_count), (1, 1))
        self.assertEqual(len(self.notices(self.plain)), 1)

    def test_without_tiers_or_customers_nothing_is_sent(self):
        from odoo.exceptions import UserError
        with self.assertRaisesRegex(UserError, "tiers or the customers"):
            self.send(self.maint1)
