
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..roles import is_manager
from .cdm_confidential_mixin import LEVELS, SENSITIVE_GROUPS, check_level_change
from .cdm_sensitive_mixin import is_sensitive


class ResPartner(models.Model):
    """Confidentiality of a customer (C1): its level, which every record of
    the customer inherits, and the users authorised on it besides its owners.
    Both are commercial fields: the company's contacts share them."""

    _name = "res.partner"
    _inherit = ["res.partner", "cdm.confidentiality.gate"]

    # The gate (cdm.confidentiality.gate): a contact follows its company;
    # whoever created a contact keeps it.
    _cdm_owner_paths = ("create_uid",)
    _cdm_customer_path = "commercial_partner_id"
    _cdm_team_path = "commercial_partner_id.team_id"
    _cdm_log_all_exports = False

    confidentiality_level = fields.Selection(
        LEVELS, default="normal", required=True, index=True, track_visibility="onchange",
        help="Normal: the departments see the customer by their roles. Confidential: only "
             "its owners, authorised users, their department's team leads, auditors and "
             "managers. Secret: only its owners, authorised users and managers.")
    cdm_authorized_user_ids = fields.Many2many(
        "res.users", "cdm_partner_authorized_user_rel", "partner_id", "user_id",
        string="Authorised Users",
        help="Users who may see this customer's confidential and secret records besides "
             "its development and maintenance owners.")

    cdm_access_user_ids = fields.Many2many(
        "res.users", string="Owners and Authorised Users",
        compute="_compute_cdm_access_user_ids", search="_search_cdm_access_user_ids",
        help="Development owner, maintenance owner and authorised users: who sees the "
             "customer's confidential records besides managers (and its team leads, "
             "auditors for confidential ones).")

    # The sum of contract amounts (C4): for the departments that read them;
    # so are the figures computed from it (the revenue factor is the won
    # revenue over the strategic threshold, the suggested tier its bracket).
    revenue_in_window = fields.Float(groups=SENSITIVE_GROUPS)
    suggested_tier_id = fields.Many2one(groups=SENSITIVE_GROUPS)
    health_revenue = fields.Float(groups=SENSITIVE_GROUPS)

    @api.depends("user_id", "maintenance_user_id", "cdm_authorized_user_ids")
    def _compute_cdm_access_user_ids(self):
        for partner in self:
            partner.cdm_access_user_ids = (partner.user_id | partner.maintenance_user_id
                                           | partner.cdm_authorized_user_ids)

    def _search_cdm_access_user_ids(self, operator, value):
        """One condition for the record rules: a record rule reaching the
        customer through ``cdm_customer_id`` then costs one search of the
        customers, not one per kind of owner."""
        if operator not in ("=", "in"):
            raise UserError(_("Owners and Authorised Users can only be searched for given users."))
        users = [value] if operator == "=" else value
        return ["|", "|", ("user_id", "in", users), ("maintenance_user_id", "in", users),
                ("cdm_authorized_user_ids", "in", users)]

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["confidentiality_level", "cdm_authorized_user_ids"]

    # Won revenue on the form follows the reader's rules (the stored health
    # score keeps the full figure).
    @api.depends("potential_score")
    def _compute_revenue_in_window(self):
        revenue = self._revenue_visible_by_customer()
        for partner in self:
            partner.revenue_in_window = revenue.get(partner.id, 0.0)
            partner.suggested_tier_id = self._suggest_tier(
                partner.revenue_in_window, partner.potential_score)

    def _revenue_visible_by_customer(self, today=None):
        """Won revenue in the policy's window per commercial partner, over the
        deals the current user may read: one query behind their record rules."""
        if not self.ids:
            return {}
        return self.env["crm.lead"]._won_revenue(
            "customer", self._won_deals_in_window(today), rules=True, customers=self.ids)

    # CRUD ------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        if "confidentiality_level" not in vals and vals.get("customer") and not vals.get("parent_id"):
            vals = dict(vals, confidentiality_level=self.env["cdm.policy"].for_company(
                self.env.user.company_id).confidentiality_default_level or "normal")
        if vals.get("confidentiality_level") == "secret" and not vals.get("parent_id"):
            check_level_change(self.env, "normal", "secret", vals.get("name") or _("a customer"))
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if "confidentiality_level" in vals:
            for partner in self:
                commercial = partner.commercial_partner_id
                if commercial != partner and vals["confidentiality_level"] == \
                        commercial.confidentiality_level:
                    continue  # a contact following its company
                check_level_change(self.env, partner.confidentiality_level,
                                   vals["confidentiality_level"], partner.display_name)
        old_authorized = {}
        if "cdm_authorized_user_ids" in vals:
            old_authorized = {p.id: p.cdm_authorized_user_ids
                              for p in self if p.is_company or not p.parent_id}
        result = super().write(vals)
        for partner in self.filtered(lambda p: p.id in old_authorized):
            old = old_authorized[partner.id]
            new = partner.cdm_authorized_user_ids
            if old != new:
                partner._track_authorized_users(new - old, old - new)
        return result

    def _track_authorized_users(self, added, removed):
        """Many2many fields are not tracked in Odoo 11: a chatter note says who
        was authorised or removed."""
        lines = []
        if added:
            lines.append(_("Authorised: %s") % ", ".join(added.mapped("name")))
        if removed:
            lines.append(_("No longer authorised: %s") % ", ".join(removed.mapped("name")))
        self.sudo().message_post(body="<br/>".join(lines), author_id=self.env.user.partner_id.id,
                                 subtype="mail.mt_note")

    @api.model
    def _notify_prepare_template_context(self, message):
        """The e-mail a follower receives leaves out tracked changes of
        sensitive fields (C4): an e-mail leaves the rules behind, so contract
        amounts are read in the chatter, by those who may."""
        values = super()._notify_prepare_template_context(message)
        Model = self.env.get(message.model) if message.model else None
        if Model is not None and values.get("tracking"):
            hidden = {field.string for field in Model._fields.values() if field.groups == SENSITIVE_GROUPS}
            if hidden:
                tracked = self.env["mail.tracking.value"].sudo().search(
                    [("mail_message_id", "=", message.id)])
                keep = {value.field_desc for value in tracked
                        if not is_sensitive(Model._fields.get(value.field))}
                values["tracking"] = [line for line in values["tracking"] if line[0] in keep]
        return values

    @api.model
    def _cdm_may_manage_levels(self):
        return is_manager(self.env)
