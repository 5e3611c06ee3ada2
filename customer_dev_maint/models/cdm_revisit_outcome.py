
from odoo import _, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from ..roles import is_manager
from ..server_only import with_server


class CdmRevisit(models.Model):
    """The outcome of a revisit (M4): completing it with the customer's
    feedback, cancelling it (a manager skips the cycle), and turning what
    was found into an opportunity or a ticket."""

    _inherit = "cdm.revisit"

    @api.multi
    def action_complete(self):
        """Complete the revisit with its outcome, close its activity on the
        customer and schedule the next revisit (M4)."""
        today = self.env["cdm.policy"].today()
        for revisit in self:
            if revisit.state != "planned":
                raise UserError(_("Only a planned revisit can be completed."))
            revisit.write({"state": "done", "date_done": revisit.date_done or today})
            revisit._close_activity()
            revisit._close_escalation()
        self._schedule_partners(self.mapped("partner_id"))
        return True

    def _in_language_of(self, user):
        """This revisit as read by ``user``: texts stored for them to read are
        written in their language, dates in its format."""
        return self.with_context(lang=user.lang or self.env.user.lang or "en_US")

    def _close_activity(self):
        """Mark the customer's Revisit activity done with the outcome as feedback."""
        self.ensure_one()
        activity = self.activity_id
        if not activity.exists():
            return
        feedback = self._in_language_of(activity.user_id)._completion_text()
        with_server(activity, cdm_revisit_completing=True).action_feedback(feedback=feedback)

    def _completion_text(self):
        """The outcome in one sentence, in the language of the context."""
        channel = dict(self._fields["channel"]._description_selection(self.env)).get(self.channel, "")
        text = _("Revisit done on %(date)s by %(channel)s, satisfaction %(rating)s/5.") % {
            "date": format_date(self.env, self.date_done), "channel": channel,
            "rating": self.satisfaction}
        if self.feedback:
            text += " " + self.feedback
        return text

    def _cancel_text(self):
        return _("Revisit cancelled by %s.") % self.env.user.name

    @api.multi
    def action_cancel(self):
        """A manager's cancel skips this cycle: the next revisit is planned at
        once, one tier interval after the cancelled revisit's due date."""
        if not is_manager(self.env):
            raise UserError(_("Only a Customer Relations manager can cancel a revisit."))
        planned = self.filtered(lambda r: r.state == "planned")
        for revisit in planned:
            revisit.write({"state": "cancelled", "cycle_skipped": True})
            if revisit.activity_id.exists():
                revisit.activity_id.unlink()
            revisit._close_escalation()
        self._schedule_partners(planned.mapped("partner_id"))
        return True

    @api.multi
    def action_create_opportunity(self):
        """Turn the needs found into an opportunity for the development owner."""
        self.ensure_one()
        if not self.lead_id:
            if self.state != "done":
                raise UserError(_("Complete the revisit before turning its needs into an opportunity."))
            if not (self.needs or "").strip():
                raise UserError(_("Describe the needs found before creating an opportunity."))
            customer = self.partner_id
            user = customer.user_id or self.user_id
            # The need is handed to the development owner: the opportunity is
            # theirs, which the maintenance user may not be allowed to create.
            lead = self.env["crm.lead"].sudo().create({
                "type": "opportunity",
                "name": "%s: %s" % (customer.name, self.needs.strip().splitlines()[0][:80]),
                "description": self.needs,
                "partner_id": customer.id,
                "user_id": user.id,
                "team_id": (customer.team_id or user.sale_team_id).id,
                "revisit_id": self.id,
            })
            self.lead_id = lead
            self.message_post(body=_("Opportunity %s created from the needs found.") % lead.name)
            lead.message_post(body=_("Created from the revisit of %(customer)s by %(user)s.") % {
                "customer": customer.name, "user": self.env.user.name})
        try:
            self.lead_id.sudo(self.env.uid).check_access_rule("read")
        except AccessError:
            return True
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.multi
    def action_create_ticket(self):
        """Turn the problem reported into a helpdesk ticket for the owner."""
        self.ensure_one()
        if not self.ticket_id:
            if self.state != "done":
                raise UserError(_("Complete the revisit before turning its problem into a ticket."))
            if not (self.problem or "").strip():
                raise UserError(_("Describe the problem reported before creating a ticket."))
            ticket = self.env["helpdesk.ticket"].create({
                "name": "%s: %s" % (self.partner_id.name, self.problem.strip().splitlines()[0][:80]),
                "description": self.problem,
                "partner_id": self.partner_id.id,
                "user_id": self.user_id.id,
                "revisit_id": self.id,
            })
            self.ticket_id = ticket
            self.message_post(body=_("Ticket %s created from the problem reported.") % ticket.number)
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
