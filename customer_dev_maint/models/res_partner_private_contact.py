from odoo import fields, models

from .cdm_confidential_mixin import SENSITIVE_GROUPS


class ResPartner(models.Model):
    """Private contact data of a customer's people (C4): what staff learn to
    keep the relationship (§3.1) and must not leak (§4.2). Readable and
    exportable only by the policy's departments; for everyone else the
    fields do not exist (forms, fields_get, read, search, grouping, export).

    Odoo's own address, phone and e-mail fields stay as they are: mail,
    invoicing and every other app read them for any internal user, so they
    are protected with the whole record by the customer's level (C1, C2)."""

    _name = "res.partner"
    _inherit = ["res.partner", "cdm.sensitive.mixin"]

    private_mobile = fields.Char(
        groups=SENSITIVE_GROUPS, copy=False,
        help="The person's own mobile number, given in confidence.")
    private_email = fields.Char(
        groups=SENSITIVE_GROUPS, copy=False,
        help="The person's own e-mail address; never used for the company's mailings.")
    private_address = fields.Text(
        groups=SENSITIVE_GROUPS, copy=False, help="Home address.")
    birthday = fields.Date(groups=SENSITIVE_GROUPS, copy=False)
    personal_notes = fields.Text(
        groups=SENSITIVE_GROUPS, copy=False,
        help="Family, interests, preferences: what the relationship needs to know, "
             "kept inside the development and maintenance departments.")


class ResUsers(models.Model):
    """Users carry their partner's fields (delegation), private contact
    data included: the same protection."""

    _name = "res.users"
    _inherit = ["res.users", "cdm.sensitive.mixin"]
