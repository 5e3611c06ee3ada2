from odoo import api, models

from ..server_only import with_server
from .cdm_document_guard import GUARD_PASSED


class MailMessage(models.Model):
    """Messages of a record the user may not read, or written by a contact
    they may not read, are left out by every route, grouping included (C3).

    Tracked changes of sensitive fields (C4) in the chatter: Odoo 11 shows
    every tracking value to whoever reads the message; a field the reader
    may not read (its ``groups``) keeps its change out of what they are
    shown. The values stay stored for those who may read them."""

    _name = "mail.message"
    _inherit = ["mail.message", "cdm.document.guard"]

    _cdm_document_fields = [("model", "res_id")]

    @api.model
    def message_fetch(self, domain, limit=20):
        """The chatter's page: the search leaves out the hidden messages, and
        the read of what it found is not guarded a second time."""
        messages = self.search(domain, limit=limit)
        return with_server(messages, **{GUARD_PASSED: (self._name, frozenset(messages.ids))}) \
            .message_format()

    @api.model
    def _message_read_dict_postprocess(self, messages, message_tree):
        result = super()._message_read_dict_postprocess(messages, message_tree)
        hidden = self._hidden_tracking_value_ids(list(message_tree.values()))
        if hidden:
            for message in messages:
                message["tracking_value_ids"] = [
                    value for value in message.get("tracking_value_ids", [])
                    if value["id"] not in hidden]
        return result

    @api.model
    def _hidden_tracking_value_ids(self, messages):
        """Ids of the tracking values of ``messages`` whose field the current
        user may not read."""
        hidden_fields = {}
        for model_name in {message.model for message in messages if message.model}:
            Model = self.env.get(model_name)
            if Model is None:
                continue
            hidden_fields[model_name] = [
                name for name, field in Model._fields.items()
                if field.groups and not self.user_has_groups(field.groups)]
        if not any(hidden_fields.values()):
            return set()
        values = self.env["mail.tracking.value"].sudo().search(
            [("mail_message_id", "in", [message.id for message in messages])])
        return {value.id for value in values
                if value.field in hidden_fields.get(value.mail_message_id.model, ())}
