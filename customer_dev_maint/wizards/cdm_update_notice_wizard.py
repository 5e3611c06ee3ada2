from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.cdm_update_notice import SEND_NOW_LIMIT


class CdmUpdateNoticeWizard(models.TransientModel):
    """Send a product or service update notice to customers (§3.2, M9): the
    customers of chosen tiers (by default those due by their tier's cadence)
    or a selection. Staff write the subject and body, prefilled from a
    template, and see them rendered for the first customer before sending.
    Small sends go out at once; large ones are queued for the scheduled job."""

    _name = "cdm.update.notice.wizard"
    _description = "Send Update Notice"

    def _default_template_id(self):
        return self.env.ref("customer_dev_maint.mail_template_update_notice", raise_if_not_found=False)

    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            return [(6, 0, self.env.context.get("active_ids") or [])]
        return []

    template_id = fields.Many2one(
        "mail.template", default=lambda self: self._default_template_id(),
        domain=[("model", "=", "res.partner")],
        help="Fills the subject and body; change them as you need.")
    subject = fields.Char(
        help="Placeholders such as ${object.name} are filled in for each customer.")
    body_html = fields.Html(string="Body", sanitize_style=True)
    tier_ids = fields.Many2many(
        "cdm.service.tier", string="Tiers",
        help="Send to the maintained customers of these tiers.")
    due_only = fields.Boolean(
        string="Only Customers Due", default=True,
        help="Of the tiers' customers, only those whose last update notice is older than "
             "their tier's cadence (or who never had one).")
    partner_ids = fields.Many2many(
        "res.partner", string="Chosen Customers", default=lambda self: self._default_partner_ids(),
        help="Or send to these customers only.")
    recipient_count = fields.Integer(
        string="Customers Reached", compute="_compute_preview",
        help="How many customers the notice goes to, before those skipped for opting out of "
             "mailings or having no e-mail address.")
    preview_partner_id = fields.Many2one(
        "res.partner", string="Preview For", compute="_compute_preview")
    preview_subject = fields.Char(compute="_compute_preview")
    preview_html = fields.Html(string="Preview", compute="_compute_preview", sanitize=False)
    notice_id = fields.Many2one("cdm.update.notice", readonly=True)
    state = fields.Selection(related="notice_id.state", readonly=True)
    sent_count = fields.Integer(related="notice_id.sent_count", readonly=True)
    skipped_count = fields.Integer(related="notice_id.skipped_count", readonly=True)
    skipped_names = fields.Text(related="notice_id.skipped_names", readonly=True)
    queued_count = fields.Integer(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        template = self.env["mail.template"].browse(values.get("template_id"))
        if template:
            values.setdefault("subject", template.subject)
            values.setdefault("body_html", template.body_html)
        return values

    @api.onchange("template_id")
    def _onchange_template_id(self):
        if self.template_id:
            self.subject = self.template_id.subject
            self.body_html = self.template_id.body_html

    def _recipients(self):
        """The customers the notice goes to (none when nothing is chosen)."""
        if self.partner_ids:
            return self.partner_ids.mapped("commercial_partner_id")
        if not self.tier_ids:
            return self.env["res.partner"]
        domain = [("service_tier_id", "in", self.tier_ids.ids), ("parent_id", "=", False),
                  ("maintenance_user_id", "!=", False)]
        if self.due_only:
            domain.append(("update_notice_due", "=", True))
        return self.env["res.partner"].search(domain)

    @api.depends("partner_ids", "tier_ids", "due_only", "subject", "body_html")
    def _compute_preview(self):
        Notice = self.env["cdm.update.notice"]
        for wizard in self:
            recipients = wizard._recipients()
            first = recipients[:1]
            wizard.recipient_count = len(recipients)
            wizard.preview_partner_id = first
            if first:
                wizard.preview_subject = Notice._render(wizard.subject, first, self.env.user)[first.id]
                wizard.preview_html = Notice._render(
                    wizard.body_html, first, self.env.user, post_process=True)[first.id]

    @api.multi
    def action_send(self):
        self.ensure_one()
        if not (self.subject or "").strip():
            raise UserError(_("Write the subject of the update notice."))
        if not self.partner_ids and not self.tier_ids:
            raise UserError(_("Choose the tiers or the customers to send the update notice to."))
        recipients = self._recipients()
        if not recipients:
            raise UserError(_("No maintained customer of the chosen tiers is due for an update "
                              "notice.") if self.due_only else
                            _("No maintained customer matches the chosen tiers."))
        notice = self.env["cdm.update.notice"].create({
            "name": self.subject,
            "body_html": self.body_html,
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
