from odoo import models


class CdmTicketCoordination(models.Model):
    """Coordination tasks share their ticket's confidentiality (C1): the
    ticket's customer and level, raised with the ticket."""

    _name = "cdm.ticket.coordination"
    _inherit = ["cdm.ticket.coordination", "cdm.confidential.mixin"]
    _cdm_owner_paths = ("user_id", "ticket_id.user_id")
    _cdm_parent_field = "ticket_id"
