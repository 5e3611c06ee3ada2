from odoo import models


class CdmTicketSatisfaction(models.Model):
    """Satisfaction confirmations share their ticket's confidentiality (C1);
    read as lines of the ticket's form, they are not logged on their own."""

    _name = "cdm.ticket.satisfaction"
    _inherit = ["cdm.ticket.satisfaction", "cdm.confidential.mixin"]
    _cdm_owner_paths = ("ticket_id.user_id",)
    _cdm_parent_field = "ticket_id"
    _cdm_log_reads = False
