from odoo import models


class MailActivity(models.Model):
    """Activities of a record the user may not read are not found, read,
    grouped nor counted (C3): Odoo 11 checks the document only on create,
    write and unlink. The rows are left out in SQL, so a page of results
    is a full page."""

    _name = "mail.activity"
    _inherit = ["mail.activity", "cdm.document.guard"]
