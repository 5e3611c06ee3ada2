from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    """What a stage means for the complaint clock and the closed loop (M6, M8)."""

    _inherit = "helpdesk.ticket.stage"

    sla_pause = fields.Boolean(
        string="Pauses the SLA Clock",
        help="Time spent in this stage (e.g. waiting for the customer) does not count "
             "against the response and resolution targets.",
    )
    sla_resolved = fields.Boolean(
        string="Resolved",
        help="Reaching this stage stops the resolution clock (closed stages always do), "
             "e.g. a stage where the solution waits for the customer's satisfaction.",
    )
    satisfaction_required = fields.Boolean(
        string="Needs Confirmed Satisfaction",
        help="For a closed stage: complaints and problems reach it only once the customer's "
             "satisfaction is confirmed, and reaching it schedules a follow-up revisit.",
    )
