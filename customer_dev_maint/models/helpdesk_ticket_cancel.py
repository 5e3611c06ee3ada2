from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..roles import is_manager
from ..server_only import as_server

CANCEL_CAUSES = [
    ("duplicate", "Duplicate"),
    ("withdrawn", "Withdrawn by the Customer"),
    ("not_a_complaint", "Not a Complaint or Problem"),
    ("other", "Other"),
]


class HelpdeskTicket(models.Model):
    """Cancelling a complaint or problem is not closing it (M6, M8): a closed
    stage that does not need the customer's confirmed satisfaction cancels
    the ticket. It takes a cause and a reason (and the ticket it duplicates),
    only the ticket's owner or a manager does it, the manager is told when
    the owner does, and its SLA targets count in no compliance figure as met."""

    _inherit = "helpdesk.ticket"

    cancel_cause = fields.Selection(
        CANCEL_CAUSES, string="Cancellation Cause", track_visibility="onchange", copy=False,
        help="Why the complaint is cancelled rather than resolved; needed to cancel it.")
    cancel_reason = fields.Text(
        string="Cancellation Reason", track_visibility="onchange", copy=False,
        help="What makes the cancellation right; the manager reads it.")
    duplicate_of_id = fields.Many2one(
        "helpdesk.ticket", ondelete="set null", copy=False,
        track_visibility="onchange",
        help="The ticket of the same customer this one duplicates, where it is a duplicate.")
    # Recorded by the server when a complaint is cancelled.
    cancelled_by_id = fields.Many2one("res.users", readonly=True, server_owned=True, copy=False)
    cancel_date = fields.Datetime(string="Cancelled On", readonly=True, server_owned=True, copy=False)

    @api.depends("kind", "satisfaction_ids.score", "satisfaction_ids.is_low", "satisfaction_ids.date")
    def _compute_satisfaction(self):
        """A cancelled complaint awaits no satisfaction (no banner, no Log
        Satisfaction button). Cancelling and reopening recompute it
        (``_refresh_satisfaction``): a dependency on the stage would make the
        form's stage change recompute it, and the web client send the
        confirmations back with the save."""
        result = super()._compute_satisfaction()
        for ticket in self:
            if ticket._is_cancelled():
                ticket.satisfaction_state = False
        return result

    @api.constrains("stage_id", "cancel_cause", "cancel_reason", "duplicate_of_id")
    def _check_cancellation(self):
        for ticket in self:
            if ticket.duplicate_of_id:
                if ticket.duplicate_of_id == ticket:
                    raise ValidationError(_("Ticket %s cannot duplicate itself.") % ticket.number)
                if ticket.duplicate_of_id.commercial_partner_id != ticket.commercial_partner_id:
                    raise ValidationError(_(
                        "Ticket %(ticket)s duplicates a ticket of its own customer, not %(other)s."
                    ) % {"ticket": ticket.number, "other": ticket.duplicate_of_id.number})
            if not ticket._is_cancelled():
                continue
            if not ticket.cancel_cause or not (ticket.cancel_reason or "").strip():
                raise ValidationError(_(
                    "Ticket %s is a complaint or problem: give the cause and the reason before "
                    "cancelling it.") % ticket.number)
            if ticket.cancel_cause == "duplicate" and not ticket.duplicate_of_id:
                raise ValidationError(_(
                    "Ticket %s is cancelled as a duplicate: name the ticket it duplicates.")
                    % ticket.number)

    @api.model
    def create(self, vals):
        ticket = super().create(vals)
        if ticket._is_cancelled():
            ticket._check_may_cancel()
            ticket._cancelled()
        return ticket

    @api.multi
    def write(self, vals):
        before = {}
        if "stage_id" in vals:
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            before = {ticket.id: ticket._is_cancelled() for ticket in self}
            if stage._cancels_complaints():
                self.filtered(lambda rec: rec._is_complaint() and not before[rec.id]
                              )._check_may_cancel()
        result = super().write(vals)
        for ticket in self.filtered(lambda rec: rec.id in before):
            cancelled = ticket._is_cancelled()
            if cancelled and not before[ticket.id]:
                ticket._cancelled()
            elif before[ticket.id] and not cancelled:
                ticket._uncancelled()
        return result

    def _is_cancelled(self):
        """A complaint or problem in a closed stage that does not need the
        customer's confirmed satisfaction: cancelled, not resolved."""
        self.ensure_one()
        return self._is_complaint() and self.stage_id._cancels_complaints()

    def _check_may_cancel(self):
        """A manager cancels any complaint; its owner cancels their own (with
        the reason the manager is told)."""
        user = self.env.user
        if is_manager(self.env):
            return
        for ticket in self:
            if ticket.user_id != user:
                raise AccessError(_(
                    "Only the owner of ticket %s or a Customer Relations manager may cancel it.")
                    % ticket.number)

    def _cancelled(self):
        """Stamp the cancellation, note it, and tell the manager when the
        owner cancelled."""
        self.ensure_one()
        now = self._sla_now()
        as_server(self.sudo()).write({"cancelled_by_id": self.env.uid,
                                      "cancel_date": fields.Datetime.to_string(now)})
        self._refresh_satisfaction()
        self.message_post(body=self._cancel_summary())
        manager = self._sla_manager()
        if manager and manager != self.env.user \
                and not is_manager(self.env):
            self.env["mail.activity"].sudo().create({
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
                "activity_type_id": self.env.ref("customer_dev_maint.mail_activity_type_sla").id,
                "user_id": manager.id,
                "summary": self.with_context(lang=manager.lang)._cancel_summary(),
                "date_deadline": self.env["cdm.policy"].today(company=self.company_id, now=now),
            })

    def _cancel_summary(self):
        causes = dict(self._fields["cancel_cause"]._description_selection(self.env))
        summary = _("%(ticket)s cancelled by %(user)s (%(cause)s): %(reason)s") % {
            "ticket": self.number, "user": self.env.user.name,
            "cause": causes.get(self.cancel_cause, ""), "reason": (self.cancel_reason or "").strip()}
        if self.duplicate_of_id:
            summary += " " + _("Duplicate of %s.") % self.duplicate_of_id.sudo().number
        return summary

    def _uncancelled(self):
        """Reopened after a cancellation: the stamp goes, the cause and reason
        stay in the chatter's tracking."""
        self.ensure_one()
        as_server(self.sudo()).write({"cancelled_by_id": False, "cancel_date": False})
        self._refresh_satisfaction()

    def _refresh_satisfaction(self):
        """The satisfaction state after the ticket was cancelled or reopened."""
        names = ["satisfaction_state", "satisfaction_score"]
        self.invalidate_cache(names, self.ids)
        for name in names:
            self.env.add_todo(self._fields[name], self)
        self.recompute()

    # SLA ------------------------------------------------------------------

    def _sla_stage_changed(self, old_stage, now):
        """A cancelled complaint's targets that are not breached become
        Cancelled: counted in no compliance figure (a missed target stays
        missed). Reopened, they run again."""
        cancelled_before = self._is_complaint() and old_stage._cancels_complaints()
        if cancelled_before and self.stage_id != old_stage and not self._is_cancelled():
            self._sla_restore_targets()
        result = super()._sla_stage_changed(old_stage, now)
        if self.sla_start and self.stage_id != old_stage and self._is_cancelled():
            values = {"%s_state" % target: "cancelled" for target in ("response", "resolution")
                      if self["%s_state" % target] and self["%s_state" % target] != "breached"}
            if values:
                as_server(self.sudo()).write(values)
        return result

    def _sla_restore_targets(self):
        """The states of a cancelled complaint's targets before it was cancelled."""
        self.ensure_one()
        values = {}
        for target in ("response", "resolution"):
            if self["%s_state" % target] != "cancelled":
                continue
            if self._sla_target_done(target):
                values["%s_state" % target] = "met" if self["%s_work_hours" % target] \
                    <= self["%s_target_hours" % target] + 1e-6 else "breached"
            else:
                values["%s_state" % target] = "on_track"
        if values:
            as_server(self.sudo()).write(values)


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    def _cancels_complaints(self):
        """Closed without the customer's confirmed satisfaction: for a
        complaint or problem, this stage cancels it."""
        return bool(self) and self.closed and not self.satisfaction_required
