from odoo import api, models
from odoo.exceptions import AccessError

from ..server_only import server_value, with_server
from .cdm_confidentiality_gate import is_gated
from .cdm_document_guard import POSTING


def is_logged_model(model):
    """Customers and every model behind the confidentiality gate: the
    records the access log watches (``confidential_models``, for one model)."""
    return is_gated(model)


def _logged_call(self, origin, denied, allowed, *args, **kwargs):
    """Call ``origin`` on ``self``; log a refusal as ``denied`` and, when
    given, the allowed call as ``allowed``. The call runs with the log of
    nested reads switched off by a server-only flag: one call, one row."""
    if not _log_route(self):
        return origin(self, *args, **kwargs)
    log = self.env["cdm.access.log"]
    try:
        result = origin(with_server(self, cdm_no_access_log=True), *args, **kwargs)
    except AccessError:
        log._log_denied(self, denied)
        raise
    if allowed:
        log._log_access(self, allowed)
    if isinstance(result, models.BaseModel):
        result = result.with_env(self.env)
    return result


# One wrapper per model (``_patch_method`` keeps the model's original method
# on it), with the signature of Odoo's method: RPC (``call_kw``) finds the
# context argument by position.
def _make_write():
    @api.multi
    def write(self, vals):
        return _logged_call(self, write.origin, "write_denied", "write", vals)
    return write


def _make_copy():
    @api.multi
    @api.returns("self", lambda value: value.id)
    def copy(self, default=None):
        return _logged_call(self, copy.origin, "copy_denied", "copy", default=default)
    return copy


def _make_name_get():
    @api.multi
    def name_get(self):
        return _logged_call(self, name_get.origin, "name_denied", None)
    return name_get


def _make_message_post():
    @api.multi
    @api.returns("self", lambda value: value.id)
    def message_post(self, body="", subject=None, message_type="notification", subtype=None,
                     parent_id=False, attachments=None, content_subtype="html", **kwargs):
        """A message or note by a person is logged; the chatter's own
        tracking notes (``notification``) belong to the change that made them.
        The chatter's own searches and reads of the messages while it posts
        (the parent, the new message, its notifications) are the server's:
        the shared-table guard lets them through (``POSTING``); the message's
        creation, its links and its access are checked as always, and the
        message is returned in the caller's environment."""
        def post(records, **kwargs):
            result = message_post.origin(with_server(records, **{POSTING: True}), **kwargs)
            return result.with_env(records.env)

        return _logged_call(
            self, post, "message_denied",
            "message" if message_type == "comment" else None,
            body=body, subject=subject, message_type=message_type, subtype=subtype,
            parent_id=parent_id, attachments=attachments, content_subtype=content_subtype,
            **kwargs)
    return message_post


# Installed on the models' own classes, above every override (the model's
# own reads before Odoo's, as ``crm.lead.copy``'s, are inside the call).
LOGGED_ROUTES = {
    "write": _make_write,
    "copy": _make_copy,
    "name_get": _make_name_get,
    "message_post": _make_message_post,
}


def _log_route(records):
    """Whether this call is one to log: records of a watched model, by a
    person (not the server as superuser), not inside a call already logged."""
    return bool(records.ids) and not server_value(records.env, "cdm_no_access_log") \
        and records.env["cdm.access.log"]._acting_user_logged()


class CdmAccessLog(models.Model):
    """Every route to a confidential or secret record leaves one row in the
    access log (C5), refused or allowed: a change, a duplicate, a message or
    note and, refused, the name (form reads, exports and prints are logged
    by the confidential mixin). The refusal is logged in a cursor of its
    own, so it survives the rollback of the refused request. What the server
    does as superuser is not logged. The routes are wrapped on each watched
    model's class when the registry of a database with the module is ready,
    so a model joins by being watched (``is_logged_model``)."""

    _inherit = "cdm.access.log"

    def _register_hook(self):
        result = super()._register_hook()
        for model in self.env.registry.values():
            if model._abstract or getattr(model, "_cdm_routes_logged", False) \
                    or not is_logged_model(model):
                continue
            for name, make in LOGGED_ROUTES.items():
                if hasattr(model, name):
                    model._patch_method(name, make())
            model._cdm_routes_logged = True
        return result


class IrHttp(models.AbstractModel):
    """``/web/image`` and ``/web/content`` answer a record the user may not
    read as they answer one that does not exist (404, not 403), so an id
    tells nothing; the refusal of a confidential record is logged."""

    _inherit = "ir.http"

    @classmethod
    def binary_content(cls, xmlid=None, model="ir.attachment", id=None, field="datas",
                       unique=False, filename=None, filename_field="datas_fname", download=False,
                       mimetype=None, default_mimetype="application/octet-stream",
                       access_token=None, env=None):
        status, headers, content = super().binary_content(
            xmlid=xmlid, model=model, id=id, field=field, unique=unique, filename=filename,
            filename_field=filename_field, download=download, mimetype=mimetype,
            default_mimetype=default_mimetype, access_token=access_token, env=env)
        if status != 403:
            return status, headers, content
        from odoo.http import request
        env = env or request.env
        record = None
        if xmlid:
            record = env.ref(xmlid, False)
        elif id and model in env.registry:
            record = env[model].browse(int(id))
        if record is not None and record and is_logged_model(record):
            env["cdm.access.log"]._log_denied(record, "image_denied")
        return 404, [], None
