from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CdmUpdateNoticeWizard(models.TransientModel):
    """Send a product or service update notice to customers (§3.2, M9): the
    customers of chosen tiers or a selection, from an e-mail template, logged
    on each customer's chatter. Customers who opted out, or have no e-mail
    address, are skipped. E-mails go through the mail queue."""

    _name = "cdm.update.notice.wizard"
    _description = "Send Update Notice"

    def _default_template_id(self):
        return self.env.ref("customer_dev_maint.mail_template_update_notice", raise_if_not_found=False)

    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            return [(6, 0, self.env.context.get("active_ids") or [])]
        return []

    template_id = fields.Many2one(
        "mail.template", required=True, default=lambda self: self._default_template_id(),
        domain=[("model", "=", "res.partner")])
    tier_ids = fields.Many2many(
        "cdm.service.tier", string="Tiers",
        help="Send to every maintained customer of these tiers.")
    partner_ids = fields.Many2many(
        "res.partner", string="Customers", default=lambda self: self._default_partner_ids(),
        help="Or send to these customers only.")
    state = fields.Selection([("draft", "Draft"), ("done", "Sent")], default="draft")
    sent_count = fields.Integer(readonly=True)
    skipped_count = fields.Integer(readonly=True)
    skipped_names = fields.Text(string="Skipped Customers", readonly=True)

    def _recipients(self):
        if self.partner_ids:
            return self.partner_ids.mapped("commercial_partner_id")
        if not self.tier_ids:
            raise UserError(_("Choose the tiers or the customers to send the update notice to."))
        return self.env["res.partner"].search([
            ("service_tier_id", "in", self.tier_ids.ids), ("parent_id", "=", False),
            ("maintenance_user_id", "!=", False)])

    @api.multi
    def action_send(self):
        self.ensure_one()
        recipients = self._recipients()
        skipped = recipients.filtered(lambda p: p.opt_out or not p.email)
        to_send = recipients - skipped
        for partner in to_send.with_context(mail_notify_force_send=False, mail_create_nosubscribe=True):
            partner.message_post_with_template(
                self.template_id.id, composition_mode="comment",
                subtype_id=self.env.ref("mail.mt_comment").id)
        self.write({
            "state": "done",
            "sent_count": len(to_send),
            "skipped_count": len(skipped),
            "skipped_names": "\n".join(
                _("%s (opted out)") % p.display_name if p.opt_out else _("%s (no e-mail)") % p.display_name
                for p in skipped),
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
