from odoo import models


class MailFollowers(models.Model):
    """Followers of a record the user may not read, and follower rows of a
    contact they may not read, are left out; a user may not follow a record
    they may not read (C3)."""

    _name = "mail.followers"
    _inherit = ["mail.followers", "cdm.document.guard"]
