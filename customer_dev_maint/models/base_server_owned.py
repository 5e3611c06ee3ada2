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


class Base(models.AbstractModel):
    """Server-owned fields (computed, stamped, derived from facts) are
    written by the server only, for every model at once: a client's create,
    write or import (form, RPC, ``load``) that would change one is refused
    with one message naming the field. A value equal to the stored one (the
    form sends every field it carries) passes and is not written. Server
    code writes them through ``server_only.as_server``, which no client can
    reach, and so do the modules' data files; computes write them as Odoo
    does."""

    _inherit = "base"

    def _cdm_server_owned_in(self, vals):
        """The server-owned field names among ``vals``."""
        fields_ = self._fields
        return [name for name in vals if name in fields_ and is_server_owned(fields_[name])]

    def _cdm_same_value(self, name, value):
        """Whether ``value`` (as a client writes it) is this record's stored
        value of ``name``."""
        field = self._fields[name]
        record = self.sudo()
        new = field.convert_to_record(field.convert_to_cache(value, record, validate=False), record)
        if field.type in ("one2many", "many2many"):
            return set(new._ids) == set(record[name]._ids)
        new = field.convert_to_write(new, record)
        old = field.convert_to_write(record[name], record)
        return (new or False) == (old or False)

    def _cdm_refuse_server_owned(self, names):
        field = self._fields[names[0]]
        raise AccessError(_(
            "%(field)s (%(model)s) is set by the server and cannot be written: "
            "leave it out of the form, the import or the call.") % {
                "field": field.get_description(self.env)["string"],
                "model": self._description or self._name})

    @api.model
    def create(self, vals):
        owned = self._cdm_server_owned_in(vals) if vals else []
        if not owned or _server_writes(self.env):
            return super().create(vals)
        record = super().create({key: value for key, value in vals.items() if key not in owned})
        changed = [name for name in owned if not record._cdm_same_value(name, vals[name])]
        if changed:
            record._cdm_refuse_server_owned(changed)
        return record

    @api.multi
    def write(self, vals):
        owned = self._cdm_server_owned_in(vals) if vals else []
        if not owned or _server_writes(self.env):
            return super().write(vals)
        changed = [name for name in owned
                   if any(not record._cdm_same_value(name, vals[name]) for record in self)]
        if changed:
            self._cdm_refuse_server_owned(changed)
        return super().write({key: value for key, value in vals.items() if key not in owned})
