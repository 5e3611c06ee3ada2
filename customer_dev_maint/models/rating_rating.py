from odoo import api, models

from .cdm_ticket_satisfaction import RATING_SCORES


class RatingRating(models.Model):
    """A customer's rating of a resolved complaint or problem, given through
    the e-mailed link (OCA helpdesk_mgmt_rating), confirms its satisfaction (M8)."""

    _inherit = "rating.rating"

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if vals.get("consumed") or "feedback" in vals:
            self.filtered(lambda rec: rec.res_model == "helpdesk.ticket" and rec.consumed) \
                ._cdm_confirm_ticket_satisfaction()
        return result

    def _cdm_confirm_ticket_satisfaction(self):
        Satisfaction = self.env["cdm.ticket.satisfaction"].sudo()
        for rating in self.sudo():
            ticket = self.env["helpdesk.ticket"].sudo().browse(rating.res_id).exists()
            score = RATING_SCORES.get(int(rating.rating))
            if not ticket or not score or not ticket._is_complaint() or not ticket.resolution_date:
                continue
            existing = Satisfaction.search([("rating_id", "=", rating.id)], limit=1)
            if existing:
                if rating.feedback and existing.comment != rating.feedback:
                    existing.comment = rating.feedback
                continue
            Satisfaction.create({
                "ticket_id": ticket.id,
                "source": "customer",
                "rating_id": rating.id,
                "score": score,
                "contact_id": rating.partner_id.id,
                "comment": rating.feedback or False,
            })
