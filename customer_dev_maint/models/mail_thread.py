from lxml import etree

from odoo import api, models
from odoo.tools.safe_eval import safe_eval

# Actions of the Action menu that post on the document.
POSTING_ACTION_MODELS = ("sms.send_sms", "mail.compose.message")


class MailThread(models.AbstractModel):
    """A reader who may not post on a document (the compliance auditor on
    customers, cases and revisits) is not offered Send message, Log note,
    Schedule activity or Send SMS: each would end in a refusal. The chatter
    still shows the history."""

    _inherit = "mail.thread"

    @api.model
    def fields_view_get(self, view_id=None, view_type="form", toolbar=False, submenu=False):
        result = super().fields_view_get(
            view_id=view_id, view_type=view_type, toolbar=toolbar, submenu=submenu)
        if self._may_post_messages():
            return result
        if view_type == "form":
            doc = etree.fromstring(result["arch"])
            nodes = doc.xpath("//field[@widget='mail_thread']")
            for node in nodes:
                options = safe_eval(node.get("options") or "{}")
                options.update({"display_log_button": False, "cdm_read_only": True})
                node.set("options", repr(options))
            if nodes:
                result["arch"] = etree.tostring(doc, encoding="unicode")
        if toolbar and result.get("toolbar"):
            result["toolbar"]["action"] = [
                action for action in result["toolbar"].get("action", [])
                if action.get("res_model") not in POSTING_ACTION_MODELS]
        return result

    @api.model
    def _may_post_messages(self):
        """Whether the user's rights allow posting on this kind of document
        (Odoo asks the model's ``_mail_post_access`` right, write by default)."""
        if self.env.user._is_superuser():
            return True
        return self.check_access_rights(getattr(self, "_mail_post_access", "write"), raise_exception=False)
