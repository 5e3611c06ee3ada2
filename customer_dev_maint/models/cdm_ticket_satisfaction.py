from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import ValidationError

from .cdm_revisit import CHANNELS

# The rating link's smileys (rating module: 10 satisfied, 5 not satisfied,
# 1 highly dissatisfied) on the policy's 1-5 satisfaction scale.
RATING_SCORES = {10: 5, 5: 2, 1: 1}


class CdmTicketSatisfaction(models.Model):
    """A confirmation of the customer's satisfaction after a complaint or
    problem was resolved (M8): the customer's own rating through the e-mailed
    link, or what staff logged from a call, visit or message. Written once:
    who logged it and when come from the server."""

    _name = "cdm.ticket.satisfaction"
    _description = "Ticket Satisfaction Confirmation"
    _inherit = ["cdm.confidential.mixin"]
    _order = "date desc, id desc"
    _rec_name = "ticket_id"
    # Confirmations share their ticket's confidentiality (C1); read as lines
    # of the ticket's form, they are not logged on their own.
    _cdm_owner_paths = ("ticket_id.user_id",)
    _cdm_parent_field = "ticket_id"
    _cdm_log_reads = False

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade", readonly=True,
        states={"draft": [("readonly", False)]},
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Logged")], default="draft", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", related="ticket_id.commercial_partner_id",
        store=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Ticket Owner", readonly=True, index=True,
        help="Owner of the ticket when the satisfaction was confirmed.")
    team_id = fields.Many2one(
        "crm.team", string="Maintenance Department", readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    source = fields.Selection(
        [("customer", "Customer Rating"), ("staff", "Logged by Staff")],
        required=True, default="staff", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True, states={"draft": [("readonly", False)]})
    contact_id = fields.Many2one(
        "res.partner", string="Contact Person", readonly=True,
        states={"draft": [("readonly", False)]},
        help="Who at the customer confirmed the satisfaction.")
    score = fields.Integer(
        required=True, group_operator="avg", readonly=True, states={"draft": [("readonly", False)]},
        help="Customer satisfaction from 1 (very dissatisfied) to 5 (very satisfied).")
    comment = fields.Text(readonly=True, states={"draft": [("readonly", False)]})
    logged_by_id = fields.Many2one("res.users", readonly=True)
    date = fields.Datetime(readonly=True, index=True)
    rating_id = fields.Many2one("rating.rating", readonly=True, ondelete="set null", index=True)
    is_low = fields.Boolean(
        string="Low Score", readonly=True,
        help="At or below the policy's low satisfaction score: the ticket was reopened.")

    _sql_constraints = [
        ("rating_uniq", "unique(rating_id)", "A customer rating is recorded once."),
    ]

    @api.constrains("score", "channel", "contact_id", "source")
    def _check_confirmation(self):
        for record in self:
            if not 1 <= record.score <= 5:
                raise ValidationError(_(
                    "Satisfaction is scored from 1 (very dissatisfied) to 5 (very satisfied); "
                    "%s is not a valid score.") % record.score)
            if record.source == "staff" and not (record.channel and record.contact_id):
                raise ValidationError(_(
                    "Say how (channel) and with whom (contact person) the satisfaction was confirmed."))
            if record.contact_id and \
                    record.contact_id.commercial_partner_id != record.ticket_id.commercial_partner_id:
                raise ValidationError(_("The contact person must belong to the customer %s.")
                                      % record.ticket_id.commercial_partner_id.display_name)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        ticket = self.env["helpdesk.ticket"].browse(values.get("ticket_id"))
        if ticket and "contact_id" in fields_list and not values.get("contact_id"):
            values["contact_id"] = ticket.partner_id.id
        return values

    @api.model
    def create(self, vals):
        """Who logged it and when are the server's facts, whatever the form sent.
        The ticket is the one the dialog was opened on (its default) unless
        the form sent one; either way one the user may work on."""
        ticket_id = vals.get("ticket_id") or self._context.get("default_ticket_id")
        if not isinstance(ticket_id, int) or isinstance(ticket_id, bool):
            ticket_id = []
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        if len(ticket.exists()) != 1:
            raise ValidationError(_("Log the satisfaction from the ticket it confirms."))
        ticket.check_access_rights("write")
        ticket.check_access_rule("write")
        vals = dict(vals, ticket_id=ticket.id)
        if not ticket._is_complaint():
            raise ValidationError(_("Satisfaction is confirmed on complaints and problems only."))
        if not ticket.resolution_date:
            raise ValidationError(_(
                "Ticket %s is not resolved yet: satisfaction is confirmed after the resolution."
            ) % ticket.number)
        if self.env.uid != SUPERUSER_ID or vals.get("source") != "customer" or not vals.get("rating_id"):
            # Only the rating link (run as superuser) records a customer rating.
            vals = dict(vals, source="staff", rating_id=False, logged_by_id=self.env.uid)
        else:
            vals = dict(vals, logged_by_id=False)
        now = ticket._sla_now()
        vals.update({
            "state": "done",
            "is_low": False,
            "date": fields.Datetime.to_string(now),
            "user_id": ticket.user_id.id,
            "team_id": ticket.maintenance_team_id.id,
            "company_id": ticket.company_id.id,
        })
        record = super().create(vals)
        ticket._satisfaction_confirmed(record, now)
        return record

    @api.multi
    def action_log(self):
        """The dialog's save button: the record is already logged by then."""
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _scores_by(self, date_from, date_to, groupby="user_id", company=None):
        """{key: (count, average, low count)} of the confirmations logged
        between the two dates (days of the policy's time zone of ``company``,
        default the user's), by a ticket field; the average in full
        precision; record rules of the caller apply."""
        self.check_access_rights("read")
        field = {"user_id": "user_id", "maintenance_team_id": "team_id"}.get(groupby)
        start, end = self.env["cdm.policy"].day_bounds(date_from, date_to, company)
        query = self._where_calc([("date", ">=", start), ("date", "<", end)])
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        if field:
            key = '"cdm_ticket_satisfaction".%s' % field
            join = ""
        else:
            key = "ticket.%s" % groupby
            join = 'JOIN helpdesk_ticket ticket ON ticket.id = "cdm_ticket_satisfaction".ticket_id'
        self.env.cr.execute("""
            SELECT {key}, COUNT(*), AVG(score), COUNT(*) FILTER (WHERE is_low)
              FROM {from_clause} {join}
             WHERE {where}
             GROUP BY 1
        """.format(key=key, from_clause=from_clause, join=join, where=where_clause), params)
        return {row[0]: (row[1], float(row[2]), row[3]) for row in self.env.cr.fetchall()}
