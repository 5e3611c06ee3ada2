from odoo import fields, models

from ..server_only import as_server

# Fields of the policy that are no setting: its bookkeeping, its chatter and
# the version stamps the server writes itself.
NOT_SETTINGS = {"id", "create_uid", "create_date", "write_uid", "write_date", "__last_update",
                "display_name", "settings_version", "effective_date", "company_id", "change_ids"}


def _display(record, name):
    """The value of ``name`` on ``record`` as a person reads it."""
    field = record._fields[name]
    value = record[name]
    if field.type == "many2one":
        return value.display_name or ""
    if field.type in ("one2many", "many2many"):
        return ", ".join(value.mapped("display_name"))
    if field.type == "selection":
        return dict(field._description_selection(record.env)).get(value, value or "")
    if field.type == "boolean":
        return "✓" if value else "✗"
    if value is False and field.type not in ("integer", "float", "monetary"):
        return ""
    return str(value)


class CdmPolicy(models.Model):
    """Settings governed (G1): each save that changes a setting raises the
    settings version by one, stamps the effective date, and writes one log
    row per changed setting. The version, the date and the log are the
    server's: no client writes them."""

    _inherit = "cdm.policy"  # pylint: disable=consider-merging-classes-inherited

    settings_version = fields.Integer(
        default=1, readonly=True, copy=False, server_owned=True,
        help="Raised by one each time a manager saves a change of the settings; appraisal "
             "runs record the version they were computed under.")

    change_ids = fields.One2many("cdm.policy.change", "policy_id", string="Change Log",
                                 readonly=True)
    change_count = fields.Integer(compute="_compute_change_count")

    def _compute_change_count(self):
        counts = dict((row["policy_id"][0], row["policy_id_count"]) for row in
                      self.env["cdm.policy.change"].read_group(
                          [("policy_id", "in", self.ids)], ["policy_id"], ["policy_id"]))
        for policy in self:
            policy.change_count = counts.get(policy.id, 0)

    def _governed_fields(self):
        """The settings whose changes are versioned and logged: every stored
        field of the policy but its bookkeeping and chatter."""
        return [name for name, field in self._fields.items()
                if field.store and name not in NOT_SETTINGS
                and not name.startswith(("message_", "activity_", "website_message"))]

    def write(self, vals):
        governed = [name for name in self._governed_fields() if name in vals]
        if not governed:
            return super().write(vals)
        before = {policy.id: {name: _display(policy.sudo(), name) for name in governed}
                  for policy in self}
        result = super().write(vals)
        Change = self.env["cdm.policy.change"].sudo()
        now = fields.Datetime.now()
        for policy in self:
            changed = [name for name in governed
                       if _display(policy.sudo(), name) != before[policy.id][name]]
            if not changed:
                continue
            version = policy.sudo().settings_version + 1
            for name in changed:
                Change.create({
                    "policy_id": policy.id, "company_id": policy.company_id.id, "date": now,
                    "user_id": self.env.uid, "field_name": name,
                    "field_description": self._fields[name].get_description(self.env)["string"],
                    "old_value": before[policy.id][name],
                    "new_value": _display(policy.sudo(), name), "version": version,
                })
            # The chatter already tracks the settings; the log has the version.
            as_server(policy.sudo()).with_context(tracking_disable=True).write({
                "settings_version": version,
                "effective_date": self.env["cdm.policy"].today(company=policy.company_id),
            })
        return result

    def action_view_changes(self):
        """The Change Log button: the policy's logged changes."""
        self.ensure_one()
        action = self.env.ref("customer_dev_maint.cdm_policy_change_action").read()[0]
        action["domain"] = [("policy_id", "=", self.id)]
        return action
