import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..jobs import commit_batch

_logger = logging.getLogger(__name__)

# Notices to at most this many customers are sent at once; larger ones are
# queued and sent by the scheduled job in batches.
SEND_NOW_LIMIT = 100
BATCH_SIZE = 200
# What a notice keeps of its sending: written by the server only.
KEPT_FIELDS = {"name", "body_html", "template_id", "user_id", "company_id", "tier_ids",
               "pending_partner_ids", "state", "sent_count", "skipped_count", "skipped_names",
               "date_done"}


class CdmUpdateNotice(models.Model):
    """A product or service update notice sent to customers (§3.2, M9): the
    record of who sent what to whom, and the queue of a large send. The
    subject and body staff wrote are kept here; each customer's chatter keeps
    the text rendered for that customer, e-mailed to the customer only (the
    notice's own message subtype, which no follower receives). Customers who
    opted out or have no e-mail are skipped."""

    _name = "cdm.update.notice"
    _description = "Update Notice"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(string="Subject", required=True, readonly=True)
    body_html = fields.Html(string="Body", readonly=True, sanitize_style=True)
    template_id = fields.Many2one("mail.template", readonly=True, ondelete="set null")
    user_id = fields.Many2one("res.users", string="Sent By", required=True, readonly=True,
                              default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", readonly=True,
                                 default=lambda self: self.env.user.company_id)
    tier_ids = fields.Many2many("cdm.service.tier", string="Tiers", readonly=True)
    pending_partner_ids = fields.Many2many(
        "res.partner", "cdm_update_notice_pending_rel", "notice_id", "partner_id",
        string="Customers Still to Send To", readonly=True)
    state = fields.Selection([("queued", "Queued"), ("done", "Sent")], default="queued",
                             required=True, readonly=True, track_visibility="onchange")
    sent_count = fields.Integer(readonly=True)
    skipped_count = fields.Integer(readonly=True)
    skipped_names = fields.Text(string="Skipped Customers", readonly=True)
    date_done = fields.Datetime(string="Sent On", readonly=True)
    subject_display = fields.Char(
        string="Subject as Read", compute="_compute_subject_display",
        help="The subject with its placeholders filled in as for the sending company; each "
             "customer received it filled in for them.")

    @api.depends("name", "company_id", "user_id")
    def _compute_subject_display(self):
        for notice in self:
            partner = notice.company_id.partner_id
            text = notice.name or ""
            if "${" in text and partner and notice.user_id:
                try:
                    text = self._render(text, partner, notice.user_id).get(partner.id) or text
                except UserError:
                    # A subject that does not render reads as written.
                    _logger.info("Subject of update notice %s does not render", notice.id)
            notice.subject_display = text

    @api.multi
    def name_get(self):
        return [(notice.id, notice.subject_display) for notice in self]

    @api.model
    def create(self, vals):
        if self.env.uid != SUPERUSER_ID:
            # Sent by whoever creates it, nothing sent yet.
            vals = dict(vals, user_id=self.env.uid, state="queued", sent_count=0,
                        skipped_count=0, skipped_names=False, date_done=False)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if self.env.uid != SUPERUSER_ID and KEPT_FIELDS.intersection(vals):
            raise AccessError(_("An update notice keeps what was sent and to whom: "
                                "it cannot be changed."))
        return super().write(vals)

    @api.model
    def _render(self, template_txt, partners, sender, post_process=False):
        """``template_txt`` rendered for each of ``partners`` as ``sender``,
        in each customer's language: {partner id: text}."""
        Template = self.env["mail.template"].sudo(sender.id)
        rendered = {}
        by_lang = {}
        for partner in partners:
            by_lang.setdefault(partner.lang or sender.lang, []).append(partner.id)
        for lang, ids in by_lang.items():
            rendered.update(Template.with_context(lang=lang).render_template(
                template_txt or "", "res.partner", ids, post_process=post_process))
        return rendered

    def _post_to(self, partners):
        """Post the notice on each customer's chatter as its sender, e-mailed
        to the customer only: one message and one queued e-mail per customer,
        created together (no notification of followers, no notification
        layout rendered per message), the text rendered for the whole batch
        at once. The sender must be allowed to read the customers."""
        self.ensure_one()
        if not partners:
            return
        sender = self.user_id
        partners.sudo(sender.id).check_access_rule("read")
        subjects = self._render(self.name, partners, sender)
        bodies = self._render(self.body_html, partners, sender, post_process=True)
        senders = self._render(self.template_id.email_from, partners, sender) \
            if self.template_id.email_from else {}
        subtype = self.env.ref("customer_dev_maint.mt_update_notice")
        Mail = self.env["mail.mail"].sudo().with_context(
            mail_create_nosubscribe=True, tracking_disable=True)
        for partner in partners:
            Mail.create({
                "subject": subjects[partner.id],
                "body": bodies[partner.id],
                "body_html": bodies[partner.id],
                "model": "res.partner",
                "res_id": partner.id,
                "record_name": partner.display_name,
                "message_type": "comment",
                "subtype_id": subtype.id,
                "author_id": sender.partner_id.id,
                "email_from": senders.get(partner.id) or sender.email_formatted,
                "recipient_ids": [(4, partner.id)],
                "notification_ids": [(0, 0, {"res_partner_id": partner.id, "is_email": True,
                                             "email_status": "ready"})],
                # Keep the chatter message once the e-mail is sent and deleted.
                "notification": True,
                "auto_delete": True,
            })

    @api.multi
    def _send_batch(self, limit=BATCH_SIZE):
        """Post the notice to up to ``limit`` pending customers, as its sender."""
        today = self.env["cdm.policy"].today()
        for notice in self:
            partners = notice.pending_partner_ids[:limit]
            skipped = partners.filtered(lambda p: p.opt_out or not p.email)
            to_send = partners - skipped
            notice._post_to(to_send)
            to_send.sudo().with_context(tracking_disable=True).write(
                {"last_update_notice_date": today})
            # The skipped names are read by the sender: in the sender's language.
            names = notice.with_context(lang=notice.user_id.lang)._skipped_reasons(skipped)
            values = {
                "sent_count": notice.sent_count + len(to_send),
                "skipped_count": notice.skipped_count + len(skipped),
                "skipped_names": "\n".join(filter(None, [notice.skipped_names] + names)) or False,
                "pending_partner_ids": [(3, partner.id) for partner in partners],
            }
            if len(notice.pending_partner_ids) <= len(partners):
                values.update({"state": "done",
                               "date_done": fields.Datetime.to_string(self.env["cdm.policy"]._now())})
            notice.sudo().write(values)
        return True

    def _skipped_reasons(self, skipped):
        """Why each of ``skipped`` was left out, in the context's language (a
        plain loop: ``_()`` reads the language from this frame's ``self``)."""
        reasons = []
        for partner in skipped:
            if partner.opt_out:
                reasons.append(_("%s (opted out)") % partner.display_name)
            else:
                reasons.append(_("%s (no e-mail)") % partner.display_name)
        return reasons

    @api.model
    def _cron_send_update_notices(self, commit=True):
        """Scheduled job: send the queued notices, one committed batch at a
        time. Each batch locks its notice (``FOR NO KEY UPDATE SKIP LOCKED``): a
        second run at the same time skips it, and customers leave the queue
        in the transaction that posts to them, so no customer gets a notice
        twice. Returns the number of batches sent."""
        batches = 0
        while True:
            self.env.cr.execute("""
                SELECT id FROM cdm_update_notice WHERE state = 'queued'
                 ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED
            """)
            row = self.env.cr.fetchone()
            if not row:
                return batches
            self.browse(row[0])._send_batch()
            batches += 1
            if commit_batch(self.env, commit):
                self.env.clear()
