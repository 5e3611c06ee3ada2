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

    def _check_sensitive_fields_use(self, names):
        if self.env.uid == SUPERUSER_ID or self.user_has_groups(SENSITIVE_GROUPS):
            return
        for name in names:
            field = self._fields.get(name)
            if field is not None and field.groups == SENSITIVE_GROUPS:
                raise AccessError(_(
                    "You may not search, group or sort by \"%s\": only the development and "
                    "maintenance departments may read it.") % field.string)

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        self._check_sensitive_fields_use(_leaf_fields(args) + _spec_fields(order))
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        groupby_list = [groupby] if isinstance(groupby, str) else groupby
        self._check_sensitive_fields_use(
            _leaf_fields(domain) + _spec_fields(fields) + _spec_fields(groupby_list)
            + _spec_fields(orderby or ""))
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)
