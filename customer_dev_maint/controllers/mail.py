from odoo import http
from odoo.addons.mail.controllers.main import MailController
from odoo.http import request


class CdmMailController(MailController):
    """The chatter's controllers read followers and avatars as the
    superuser: they answer only about rows the user may see (C3)."""

    @http.route()
    def read_followers(self, follower_ids, res_model):
        # The client names the model: only followers of that model the user
        # may see (the shared-table guard) are read, whatever ids are sent.
        visible = request.env["mail.followers"].search(
            [("id", "in", list(follower_ids or [])), ("res_model", "=", res_model)])
        return super().read_followers([fid for fid in follower_ids if fid in visible.ids], res_model)

    @http.route()
    def avatar(self, res_model, res_id, partner_id):
        # The avatar of a contact the user may not read is the blank one.
        if not request.env["res.partner"].search([("id", "=", partner_id)]):
            partner_id = 0
        return super().avatar(res_model, res_id, partner_id)
