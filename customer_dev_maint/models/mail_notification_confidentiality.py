from odoo import models


class MailNotification(models.Model):
    """Notifications of a message on a record the user may not read, or of a
    recipient they may not read, are left out (C3)."""

    _name = "mail.notification"
    _inherit = ["mail.notification", "cdm.document.guard"]

    _cdm_document_fields = []
