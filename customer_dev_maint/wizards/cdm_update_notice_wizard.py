from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.cdm_update_notice import SEND_NOW_LIMIT


class CdmUpdateNoticeWizard(models.TransientModel):
    """Send a product or service update notice to customers (§3.2, M9): the
    customers of chosen tiers or a selection, from an e-mail template. Small
    sends go out at once; large ones are queued for the scheduled job."""

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
    notice_id = fields.Many2one("cdm.update.notice", readonly=True)
    state = fields.Selection(related="notice_id.state", readonly=True)
    sent_count = fields.Integer(related="notice_id.sent_count", readonly=True)
    skipped_count = fields.Integer(related="notice_id.skipped_count", readonly=True)
    skipped_names = fields.Text(related="notice_id.skipped_names", readonly=True)
    queued_count = fields.Integer(readonly=True)

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
        if not recipients:
            raise UserError(_("No maintained customer matches the chosen tiers."))
        notice = self.env["cdm.update.notice"].create({
            "name": self.template_id.name,
            "template_id": self.template_id.id,
            "tier_ids": [(6, 0, self.tier_ids.ids)],
            "pending_partner_ids": [(6, 0, recipients.ids)],
        })
        if len(recipients) <= SEND_NOW_LIMIT:
            notice._send_batch(limit=SEND_NOW_LIMIT)
        self.write({"notice_id": notice.id, "queued_count": len(notice.pending_partner_ids)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
