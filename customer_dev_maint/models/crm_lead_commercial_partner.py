from odoo import fields, models


class CrmLead(models.Model):
    """The customer of a deal, also when it was won with a contact of it:
    the customer's won revenue and health count it."""

    _inherit = "crm.lead"

    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer Company", related="partner_id.commercial_partner_id",
        store=True, index=True, readonly=True)
