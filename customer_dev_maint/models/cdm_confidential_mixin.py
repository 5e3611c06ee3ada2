from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..roles import is_manager

LEVELS = [("normal", "Normal"), ("confidential", "Confidential"), ("secret", "Secret")]
RANK = {"normal": 0, "confidential": 1, "secret": 2}
# Who may read sensitive fields (C4): the policy's departments (managers
# belong to both); others do not get them by any route.
SENSITIVE_GROUPS = "customer_dev_maint.group_development_user,customer_dev_maint.group_maintenance_user"


def highest_level(*levels):
    """The strictest of the given levels (False counts as normal)."""
    return max((level or "normal" for level in levels), key=RANK.get)


def check_level_change(env, old, new, what):
    """Refuse a level change only a manager may make: setting "secret" or
    lowering a level."""
    if is_manager(env) or (new or "normal") == (old or "normal"):
        return
    if new == "secret" or RANK[new or "normal"] < RANK[old or "normal"]:
        raise AccessError(_(
            "Only a Customer Relations manager can set %s to secret or lower its "
            "confidentiality level.") % what)


class CdmConfidentialMixin(models.AbstractModel):
    """A record that belongs to a customer and shares its confidentiality
    (C1), the level half of confidentiality: the customer and the level,
    stored on the record so the gate filters on its own columns. The level
    follows the customer's (kept in sync when it changes) and may be raised,
    not lowered, on the record itself; a parent record
    (``_cdm_parent_field``) passes its own raise on to its children.

    A model joins by inheriting the mixin: it sets ``_cdm_customer_field``
    when its customer is not ``partner_id``, and names its owners and
    department for the gate (``_cdm_owner_paths``, ``_cdm_team_path``, see
    ``cdm.confidentiality.gate``, the access half it brings: the gate, the
    access log and export control)."""

    _name = "cdm.confidential.mixin"
    _inherit = "cdm.confidentiality.gate"
    _description = "Confidential Customer Record"

    # The field holding the customer (any contact of it: the commercial
    # partner counts); a parent record whose raised level applies too.
    _cdm_customer_field = "partner_id"
    _cdm_parent_field = None

    cdm_customer_id = fields.Many2one(
        "res.partner", string="Confidentiality Customer", compute="_compute_cdm_customer_id",
        store=True, index=True, compute_sudo=True, readonly=True,
        help="Customer whose confidentiality level and owners apply to this record.")
    confidentiality_own_level = fields.Selection(
        LEVELS, string="Raised Level", track_visibility="onchange", copy=False,
        help="Level set on this record only; it can raise the customer's level, never lower it.")
    confidentiality_level = fields.Selection(
        LEVELS, compute="_compute_confidentiality_level", store=True, index=True,
        compute_sudo=True, readonly=True,
        help="Confidentiality of this record: the strictest of its customer's level "
             "and the level raised on the record.")

    @api.depends(lambda self: ["%s.commercial_partner_id" % self._cdm_customer_field])
    def _compute_cdm_customer_id(self):
        for record in self:
            record.cdm_customer_id = record[self._cdm_customer_field].commercial_partner_id

    @api.depends(lambda self: ["cdm_customer_id.confidentiality_level", "confidentiality_own_level"]
                 + (["%s.confidentiality_level" % self._cdm_parent_field]
                    if self._cdm_parent_field else []))
    def _compute_confidentiality_level(self):
        for record in self:
            parent = record[self._cdm_parent_field] if self._cdm_parent_field else None
            record.confidentiality_level = highest_level(
                record.cdm_customer_id.confidentiality_level,
                record.confidentiality_own_level,
                parent.confidentiality_level if parent else False)

    # CRUD ------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        if vals.get("confidentiality_own_level"):
            check_level_change(self.env, False, vals["confidentiality_own_level"],
                               self._description)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if "confidentiality_own_level" in vals:
            for record in self:
                check_level_change(self.env, record.confidentiality_own_level,
                                   vals["confidentiality_own_level"], record.display_name)
        return super().write(vals)
