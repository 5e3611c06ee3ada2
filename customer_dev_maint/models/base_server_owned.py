from odoo import _, api, models
from odoo.exceptions import AccessError

from ..server_only import is_server

MODULE = "customer_dev_maint"


def is_server_owned(field):
    """Whether the server alone writes ``field``: declared on the field
    (``server_owned=True``, or ``False`` to leave it to users), else every
    stored computed field of this module without an inverse (on its own
    models and on the fields it adds to Odoo's, from a mixin too)."""
    declared = getattr(field, "server_owned", None)
    if declared is not None:
        return bool(declared)
    return bool(field.store and field.compute and not field.inverse and not field.related
                and field._module == MODULE)


def _server_writes(env):
    """Whether the server writes: its own code (``as_server``), or the
    loading of a module's data files (install, update), during which no
    client request reaches the registry being loaded."""
    return is_server(env) or env.registry._init


def _server_owned_in(records, vals):
    """The server-owned field names among ``vals``."""
    fields_ = records._fields
    return [name for name in vals if name in fields_ and is_server_owned(fields_[name])]


def _same_value(record, name, value):
    """Whether ``value`` (as a client writes it) is ``record``'s stored value
    of ``name``."""
    field = record._fields[name]
    record = record.sudo()
    new = field.convert_to_record(field.convert_to_cache(value, record, validate=False), record)
    if field.type in ("one2many", "many2many"):
        return set(new._ids) == set(record[name]._ids)
    new = field.convert_to_write(new, record)
    old = field.convert_to_write(record[name], record)
    return (new or False) == (old or False)


def _refuse(records, names):
    field = records._fields[names[0]]
    raise AccessError(_(
        "%(field)s (%(model)s) is set by the server and cannot be written: "
        "leave it out of the form, the import or the call.") % {
            "field": field.get_description(records.env)["string"],
            "model": records._description or records._name})


# One wrapper per model (``_patch_method`` keeps the model's original method
# on it), with the signature of Odoo's method (RPC finds the context by
# position), installed above every override of the model.
def _make_create():
    @api.model
    @api.returns("self", lambda value: value.id)
    def create(self, vals):
        owned = _server_owned_in(self, vals) if vals else []
        if not owned or _server_writes(self.env):
            return create.origin(self, vals)
        record = create.origin(self, {key: value for key, value in vals.items() if key not in owned})
        changed = [name for name in owned if not _same_value(record, name, vals[name])]
        if changed:
            _refuse(record, changed)
        return record
    return create


def _make_write():
    @api.multi
    def write(self, vals):
        owned = _server_owned_in(self, vals) if vals else []
        if not owned or _server_writes(self.env):
            return write.origin(self, vals)
        changed = [name for name in owned
                   if any(not _same_value(record, name, vals[name]) for record in self)]
        if changed:
            _refuse(self, changed)
        return write.origin(self, {key: value for key, value in vals.items() if key not in owned})
    return write


class CdmPolicy(models.Model):
    """Server-owned fields (computed, stamped, derived from facts) are
    written by the server only, for every model at once: a client's create,
    write or import (form, RPC, ``load``) that would change one is refused
    with one message naming the field. A value equal to the stored one (the
    form sends every field it carries) passes and is not written. Server
    code writes them through ``server_only.as_server``, which no client can
    reach, and so do the modules' data files; computes write them as Odoo
    does. The rule is installed, when the registry of a database with the
    module is ready, on every model that has such a field (the policy model
    is the module's entry point in every such database)."""

    _inherit = "cdm.policy"

    def _register_hook(self):
        result = super()._register_hook()
        for model in self.env.registry.values():
            if model._abstract or getattr(model, "_cdm_server_owned_guarded", False) \
                    or not any(is_server_owned(field) for field in model._fields.values()):
                continue
            model._patch_method("create", _make_create())
            model._patch_method("write", _make_write())
            model._cdm_server_owned_guarded = True
        return result
