from odoo import fields, models


class CdmPolicyChange(models.Model):
    """One row per setting changed on the policy (G1): who, when, which
    setting, the old and the new value, and the settings version the change
    made. Written by the server when the policy is saved; nobody edits it."""

    _name = "cdm.policy.change"
    _description = "Policy Settings Change"
    _order = "date desc, id desc"
    _rec_name = "field_description"

    policy_id = fields.Many2one("cdm.policy", required=True, readonly=True,
                                ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date = fields.Datetime(string="Changed On", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Changed By", required=True, readonly=True,
                              ondelete="restrict")
    field_name = fields.Char(string="Technical Name", required=True, readonly=True)
    field_description = fields.Char(string="Setting", required=True, readonly=True)
    old_value = fields.Text(readonly=True)
    new_value = fields.Text(readonly=True)
    version = fields.Integer(string="Settings Version", required=True, readonly=True, index=True,
                             help="The settings version this change made.")
