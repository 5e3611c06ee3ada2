from odoo import models


class MailMail(models.Model):
    """Queued e-mails of a record the user may not read, or to a contact they may
    not read, are not theirs to see (C3): they point at it through their
    message."""

    _name = "mail.mail"
    _inherit = ["mail.mail", "cdm.document.guard"]

    _cdm_document_fields = []
