from odoo import api, models

STAFF_GROUPS = ("customer_dev_maint.group_development_user", "customer_dev_maint.group_maintenance_user")


class ResUsers(models.Model):
    """Staff of the policy departments start their day on My Work (M12), not
    on Discuss: their home action, unless one was chosen for them."""

    _inherit = "res.users"

    @api.model
    def create(self, vals):
        user = super().create(vals)
        user._set_my_work_home_action()
        return user

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if any(key == "groups_id" or key.startswith(("in_group_", "sel_groups_")) for key in vals):
            self._set_my_work_home_action()
        return result

    @api.model
    def _set_my_work_home_action_all(self):
        """On install and update: every staff user without a home action."""
        self.with_context(active_test=False).search([("action_id", "=", False), ("share", "=", False)]) \
            ._set_my_work_home_action()

    def _set_my_work_home_action(self):
        action = self.env.ref("customer_dev_maint.cdm_my_work_action", raise_if_not_found=False)
        groups = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in STAFF_GROUPS]
        groups = [group for group in groups if group]
        if not action or not groups:
            return
        staff = self.sudo().filtered(lambda user: not user.action_id and not user.share and any(
            group in user.groups_id for group in groups))
        if staff:
            staff.write({"action_id": action.id})
