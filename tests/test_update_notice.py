"""M9: update notices to the customers of chosen tiers, logged on each
customer, skipping those who opted out, queued for sending."""
from unittest import mock

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError

from .frozen_today import freeze_today
from .maintenance_common import MaintenanceCase
from .view_buttons import form_arch


class TestUpdateNotice(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gold = cls.make_customer("Gold", tier=cls.tier_key, sync=False)
        cls.quiet = cls.make_customer("Quiet", tier=cls.tier_key, sync=False, opt_out=True)
        cls.mute = cls.make_customer("Mute", tier=cls.tier_key, sync=False, email=False)
        cls.plain = cls.make_customer("Plain", tier=cls.tier_standard, sync=False)

    def setUp(self):
        super().setUp()
        frozen = freeze_today(self.env, "2026-06-01")
        frozen.start()
        self.addCleanup(frozen.stop)

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

    def test_the_notice_reads_with_its_subject_filled_in(self):
        """The list and the form of a notice show the subject as read, not the
        template's placeholders."""
        notice = self.send(self.maint1, tier_ids=[(6, 0, [self.tier_key.id])]).notice_id
        self.assertIn("${", notice.name, "the subject written is kept as written")
        company = self.maint1.company_id.name
        as_read = notice.sudo(self.maint1)
        self.assertEqual(as_read.subject_display, "Product and service updates from %s" % company)
        self.assertEqual(as_read.name_get()[0][1], as_read.subject_display)

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
        with self.assertRaises(AccessError):
            self.send(self.dev1, partner_ids=[(6, 0, self.gold.ids)])

    def test_only_the_customer_is_emailed_not_its_followers(self):
        followers = (self.maint1 | self.maint2 | self.dev1).mapped("partner_id")
        self.gold.message_subscribe(partner_ids=followers.ids)
        self.assertEqual(len(self.gold.message_follower_ids), 3)
        mails_before = self.env["mail.mail"].search([])
        self.send(self.maint2, partner_ids=[(6, 0, self.gold.ids)])
        mails = self.env["mail.mail"].search([]) - mails_before
        self.assertEqual(mails.mapped("recipient_ids"), self.gold)
        message = self.notices(self.gold)
        self.assertEqual(message.needaction_partner_ids, self.gold,
                         "no follower is notified, in Odoo or by e-mail")
        mails.send()
        self.assertFalse(mails.exists(), "sent and deleted by the mail queue")
        self.assertTrue(message.exists(), "the customer's chatter keeps the sent text")
        self.assertEqual(message.notification_ids.email_status, "sent")

    def test_staff_write_the_text_and_preview_it_and_the_sent_text_is_kept(self):
        wizard = self.env["cdm.update.notice.wizard"].sudo(self.maint1).create(
            {"partner_ids": [(6, 0, (self.gold | self.plain).ids)]})
        self.assertIn("${object.name}", wizard.body_html, "prefilled from the template")
        wizard.write({"subject": "Release 5 for ${object.name}",
                      "body_html": "<p>Hello ${object.name}, release 5 brings offline mode.</p>"})
        self.assertEqual(wizard.recipient_count, 2)
        self.assertEqual(wizard.preview_partner_id, self.gold)
        self.assertEqual(wizard.preview_subject, "Release 5 for Gold")
        self.assertIn("Hello Gold, release 5 brings offline mode.", wizard.preview_html)
        wizard.action_send()
        notice = wizard.notice_id
        self.assertEqual(notice.name, "Release 5 for ${object.name}")
        self.assertIn("release 5 brings offline mode", notice.body_html)
        for partner in (self.gold, self.plain):
            message = partner.message_ids.filtered(lambda m: "offline mode" in (m.body or ""))
            self.assertEqual(message.subject, "Release 5 for %s" % partner.name)
            self.assertIn("Hello %s," % partner.name, message.body)

    def test_the_notice_cannot_be_rewritten_by_its_sender(self):
        wizard = self.send(self.maint1, partner_ids=[(6, 0, self.gold.ids)])
        for user in (self.maint1, self.maint2, self.manager):
            notice = wizard.notice_id.sudo(user)
            for values in ({"sent_count": 50}, {"body_html": "<p>Other text</p>"},
                           {"user_id": self.maint2.id}):
                with self.assertRaises(AccessError):
                    notice.write(values)
        self.assertEqual(wizard.notice_id.sent_count, 1)
        forged = self.env["cdm.update.notice"].sudo(self.maint1).create({
            "name": "Forged", "user_id": self.maint2.id, "sent_count": 9, "state": "done"})
        self.assertEqual((forged.user_id, forged.sent_count, forged.state), (self.maint1, 0, "queued"))

    def test_the_tier_cadence_says_who_is_due_and_when_the_next_notice_is(self):
        self.gold.sudo().write({"last_update_notice_date": "2026-05-20"})   # Key: every 60 days
        self.plain.sudo().write({"last_update_notice_date": "2026-01-10"})  # Standard: every 90 days
        with freeze_today(self.env, "2026-06-01"):
            self.assertEqual(self.gold.next_update_notice_date, "2026-07-19")
            self.assertEqual(self.plain.next_update_notice_date, "2026-04-10")
            self.assertFalse(self.gold.update_notice_due)
            self.assertTrue(self.plain.update_notice_due)
            self.assertEqual(self.quiet.next_update_notice_date, "2026-06-01", "never sent: due now")
            wizard = self.send(self.maint1, tier_ids=[(6, 0, (self.tier_key | self.tier_standard).ids)])
            self.assertFalse(self.notices(self.gold), "not due yet")
            self.assertEqual(len(self.notices(self.plain)), 1)
            self.assertEqual((wizard.sent_count, wizard.skipped_count), (1, 2), "Quiet and Mute skipped")
            self.assertEqual(self.plain.last_update_notice_date, "2026-06-01")
            self.assertEqual(self.plain.next_update_notice_date, "2026-08-30")
            with self.assertRaisesRegex(UserError, "due"):
                self.send(self.maint1, tier_ids=[(6, 0, self.tier_standard.ids)])
            wizard = self.send(self.maint1, tier_ids=[(6, 0, self.tier_key.ids)], due_only=False)
            self.assertEqual(len(self.notices(self.gold)), 1, "sent when staff want it, due or not")

    def test_the_customer_field_offers_no_create(self):
        doc = form_arch(self.env["cdm.update.notice.wizard"], self.maint1)
        for name in ("partner_ids", "tier_ids", "template_id"):
            node = doc.xpath("//field[@name='%s']" % name)[0]
            self.assertIn("'no_create': True", node.get("options", ""), name)


class TestUpdateNoticeJobLock(MaintenanceCase):
    """Two runs of the queued-notice job at once: the second skips the notice
    the first holds."""

    def setUp(self):
        super().setUp()
        frozen = freeze_today(self.env, "2026-06-01")
        frozen.start()
        self.addCleanup(frozen.stop)

    def test_a_notice_held_by_another_run_is_skipped(self):
        registry = self.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            partner = env["res.partner"].create({"name": "Locked Co", "is_company": True,
                                                 "email": "locked@example.com"})
            notice = env["cdm.update.notice"].create({
                "name": "Held", "body_html": "<p>Held notice</p>",
                "pending_partner_ids": [(6, 0, partner.ids)]})
            ids = (partner.id, notice.id)
        self.addCleanup(self._cleanup, *ids)
        with registry.cursor() as holder:
            holder.execute("SELECT id FROM cdm_update_notice WHERE id = %s FOR UPDATE", (ids[1],))
            self.assertEqual(self._run_job(ids), (0, "queued", 0), "held by the other run: skipped")
        self.assertEqual(self._run_job(ids), (1, "done", 1), "sent once the other run let go")

    def _run_job(self, ids):
        """Run the job in a cursor of its own (as a second worker would), then
        roll it back: (batches sent, the notice's state, notices on the customer)."""
        with self.registry.cursor() as cr:
            # An unguarded job would wait for the other run's lock: fail instead.
            cr.execute("SET LOCAL lock_timeout = '3s'")
            env = api.Environment(cr, SUPERUSER_ID, {})
            batches = env["cdm.update.notice"]._cron_send_update_notices(commit=False)
            state = env["cdm.update.notice"].browse(ids[1]).state
            posted = len(env["res.partner"].browse(ids[0]).message_ids.filtered(
                lambda m: "Held notice" in (m.body or "")))
            again = env["cdm.update.notice"]._cron_send_update_notices(commit=False)
            self.assertEqual(again, 0, "a second run sends nothing again")
            cr.rollback()
        return batches, state, posted

    def _cleanup(self, partner_id, notice_id):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["cdm.update.notice"].browse(notice_id).unlink()
            env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", partner_id)]).unlink()
            env["res.partner"].browse(partner_id).unlink()


class TestUpdateNoticeLanguage(MaintenanceCase):
    """Texts the notice keeps for its sender are in the sender's language,
    also when the queued-notice job sends it."""

    def setUp(self):
        super().setUp()
        frozen = freeze_today(self.env, "2026-06-01")
        frozen.start()
        self.addCleanup(frozen.stop)

    def test_skipped_customers_are_named_in_the_senders_language(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_dev_maint"], ["zh_CN"])
        self.maint1.lang = "zh_CN"
        quiet = self.make_customer("Quiet", sync=False, opt_out=True)
        notice = self.env["cdm.update.notice"].sudo(self.maint1).create({
            "name": "Release 5", "body_html": "<p>Release 5</p>",
            "pending_partner_ids": [(6, 0, quiet.ids)]})
        self.env["cdm.update.notice"].with_context(lang="en_US")._cron_send_update_notices(commit=False)
        self.assertEqual(notice.skipped_names, "Quiet（已退订）")
