from odoo import models


class HelpdeskTicket(models.Model):
    """Tickets share their customer's confidentiality (C1)."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "cdm.confidential.mixin"]
    _cdm_owner_paths = ("user_id",)

