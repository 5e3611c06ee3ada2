from odoo import models


class CalendarAttendee(models.Model):
    """Attendees of a meeting the user may not see, or who are contacts they
    may not read, are left out (C3)."""

    _name = "calendar.attendee"
    _inherit = ["calendar.attendee", "cdm.document.guard"]

    _cdm_document_fields = []
