from odoo import _, api, fields, models

from ..jobs import commit_batch

# Notices to at most this many customers are sent at once; larger ones are
# queued and sent by the scheduled job in batches.
SEND_NOW_LIMIT = 100
BATCH_SIZE = 200


class CdmUpdateNotice(models.Model):
    """A product or service update notice sent to customers (§3.2, M9): the
    record of who sent what to whom, and the queue of a large send. Each
    notice is posted on the customer's chatter; the e-mails go through the
    mail queue. Customers who opted out or have no e-mail are skipped."""

    _name = "cdm.update.notice"
    _description = "Update Notice"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(string="Subject", required=True, readonly=True)
    template_id = fields.Many2one("mail.template", required=True, readonly=True, ondelete="restrict")
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

    @api.multi
    def _send_batch(self, limit=BATCH_SIZE):
        """Post the notice to up to ``limit`` pending customers, as its sender."""
        comment = self.env.ref("mail.mt_comment")
        for notice in self:
            partners = notice.pending_partner_ids[:limit]
            skipped = partners.filtered(lambda p: p.opt_out or not p.email)
            to_send = (partners - skipped).sudo(notice.user_id.id).with_context(
                mail_notify_force_send=False, mail_create_nosubscribe=True)
            for partner in to_send:
                partner.message_post_with_template(
                    notice.template_id.id, composition_mode="comment", subtype_id=comment.id)
            names = [_("%s (opted out)") % p.display_name if p.opt_out
                     else _("%s (no e-mail)") % p.display_name for p in skipped]
            values = {
                "sent_count": notice.sent_count + len(to_send),
                "skipped_count": notice.skipped_count + len(skipped),
                "skipped_names": "\n".join(filter(None, [notice.skipped_names] + names)) or False,
                "pending_partner_ids": [(3, partner.id) for partner in partners],
            }
            if len(notice.pending_partner_ids) <= len(partners):
                values.update({"state": "done", "date_done": fields.Datetime.now()})
            notice.write(values)
        return True

    @api.model
    def _cron_send_update_notices(self, commit=True):
        """Scheduled job: send the queued notices, one committed batch at a time."""
        for notice in self.search([("state", "=", "queued")]):
            while notice.state == "queued":
                notice._send_batch()
                commit_batch(self.env, commit)
