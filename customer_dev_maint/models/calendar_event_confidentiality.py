from odoo import models


class CalendarEvent(models.Model):
    """Meetings of a record (a deal) the user may not read are left out (C3)."""

    _name = "calendar.event"
    _inherit = ["calendar.event", "cdm.document.guard"]
