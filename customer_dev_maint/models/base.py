from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from .cdm_confidential_mixin import SENSITIVE_GROUPS
from .cdm_document_guard import check_pointed_records
from .cdm_sensitive_mixin import sensitive_path_fields


class Base(models.AbstractModel):
    """What holds for every model, whatever joins next year:

    - a many2one to a confidential model may only be set to a record the
      user may read (C3), so a record one makes never shows the name of a
      record one may not see;
    - every domain the ORM compiles (search, name_search, read_group, the
      customers' own name_search in SQL) is checked for sensitive fields
      along its paths (C4): a user outside the departments cannot ask
      whether a value matches, through any model (``res.users`` searched
      through ``partner_id.private_mobile``) nor any method."""

    _inherit = "base"

    @api.model
    def create(self, vals):
        check_pointed_records(self.browse(), vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        check_pointed_records(self, vals)
        return super().write(vals)

    @api.model
    def _where_calc(self, domain, active_test=True):
        if domain and self.env.uid != SUPERUSER_ID:
            for field in sensitive_path_fields(self, domain):
                if not self.user_has_groups(SENSITIVE_GROUPS):
                    raise AccessError(_(
                        "You may not search, group or sort by \"%s\": only the development and "
                        "maintenance departments may read it.") % field.string)
        return super()._where_calc(domain, active_test=active_test)
