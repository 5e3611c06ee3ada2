from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from .cdm_confidential_mixin import SENSITIVE_GROUPS


def _leaf_fields(domain):
    return [leaf[0].split(".")[0] for leaf in domain or []
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str)]


def _spec_fields(specs):
    """Field names of an ``order`` string or of read_group's field and
    groupby specs ("amount:sum", "date:month", "name desc")."""
    if isinstance(specs, str):
        specs = specs.split(",")
    return [spec.strip().split(" ")[0].split(":")[0].strip('"') for spec in specs or [] if spec]


def is_sensitive(field):
    """Whether ``field`` is a sensitive field, or a field carried from one
    (``_inherits``: a user's own partner fields)."""
    while field is not None:
        if field.groups == SENSITIVE_GROUPS:
            return True
        field = field.related_field if field.inherited else None
    return False


def sensitive_path_fields(model, domain):
    """Sensitive fields reached by the leaves of ``domain`` on ``model``,
    along the whole path (``partner_id.private_mobile``)."""
    for leaf in domain or []:
        if not (isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str)):
            continue
        current = model
        for part in leaf[0].split("."):
            field = current._fields.get(part)
            if field is None:
                break
            if is_sensitive(field):
                yield field
            if not field.relational:
                break
            current = model.env[field.comodel_name]


class CdmSensitiveMixin(models.AbstractModel):
    """Sensitive fields (C4) are declared with ``groups=SENSITIVE_GROUPS``.
    Odoo 11 applies a field's groups to forms, fields_get, read, write and
    export, but not to a search, a grouping or a sort: a user outside the
    groups could find a contract amount by searching for it or read its
    sums in a pivot. A model carrying such fields inherits this mixin and
    those routes are refused as well (a related path is checked on the
    model that holds the field, when the ORM searches it)."""

    _name = "cdm.sensitive.mixin"
    _description = "Sensitive Fields"

    def _check_sensitive_fields_use(self, names, fields=None):
        if self.env.uid == SUPERUSER_ID or self.user_has_groups(SENSITIVE_GROUPS):
            return
        for field in fields or [self._fields.get(name) for name in names]:
            if field is not None and is_sensitive(field):
                raise AccessError(_(
                    "You may not search, group or sort by \"%s\": only the development and "
                    "maintenance departments may read it.") % field.string)

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        self._check_sensitive_fields_use(_leaf_fields(args) + _spec_fields(order))
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)

    @api.model
    def _where_calc(self, domain, active_test=True):
        # Every domain compiled on the model (search, read_group, the
        # customers' own name_search in SQL), along its whole path: the
        # users' delegation to partners joins without a search of partners.
        if domain and self.env.uid != SUPERUSER_ID:
            for field in sensitive_path_fields(self, domain):
                self._check_sensitive_fields_use([field.name], fields=[field])
        return super()._where_calc(domain, active_test=active_test)

    @api.multi
    def write(self, vals):
        # A client's write of a sensitive field is refused here, before the
        # server's own recomputation below writes the figures derived from it.
        if self.env.uid != SUPERUSER_ID:
            self.check_field_access_rights("write", list(vals))
        return super().write(vals)

    @api.multi
    def _write(self, vals):
        """Stored figures computed from a sensitive field (declared
        sensitive too) are recomputed by the server whoever changed what
        they depend on: a user outside the departments editing a contact
        does not trip over them."""
        derived = {name for name in vals if self._is_derived_sensitive(name)}
        if derived and self.env.uid != SUPERUSER_ID and not self.user_has_groups(SENSITIVE_GROUPS):
            super(CdmSensitiveMixin, self.sudo())._write({name: vals[name] for name in derived})
            vals = {name: value for name, value in vals.items() if name not in derived}
            if not vals:
                return True
        return super()._write(vals)

    def _is_derived_sensitive(self, name):
        field = self._fields.get(name)
        return field is not None and field.store and field.compute and not field.inverse \
            and field.groups == SENSITIVE_GROUPS

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        groupby_list = [groupby] if isinstance(groupby, str) else groupby
        self._check_sensitive_fields_use(
            _leaf_fields(domain) + _spec_fields(fields) + _spec_fields(groupby_list)
            + _spec_fields(orderby or ""))
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)

