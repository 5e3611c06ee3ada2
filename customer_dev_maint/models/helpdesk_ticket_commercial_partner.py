from odoo import fields, models


class HelpdeskTicket(models.Model):
    """The customer of a ticket, also when a contact of it raised the
    ticket: the customer's open complaints and health count it."""

    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer Company", related="partner_id.commercial_partner_id",
        store=True, index=True, readonly=True)
