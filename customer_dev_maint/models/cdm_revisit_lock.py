
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from ..roles import is_manager
from ..server_only import server_value, with_server

# What a completed or cancelled revisit keeps, whoever writes (item 7), and
# the part of it a manager may correct, with a reason.
LOCKED_FIELDS = frozenset((
    "partner_id", "user_id", "team_id", "tier_id", "company_id", "date_due", "date_target", "date_done",
    "state", "channel", "contact_id", "satisfaction", "feedback", "suggestions", "needs",
    "problem", "escalation_date", "escalation_activity_id", "due_rescheduled", "user_reassigned",
    "reschedule_reason", "cycle_skipped", "correction_reason",
))
CORRECTABLE_FIELDS = frozenset((
    "date_done", "channel", "contact_id", "satisfaction", "feedback", "suggestions", "needs",
    "problem", "correction_reason",
))


class CdmRevisit(models.Model):
    """What may change on a revisit, and how (items 7, 11): a completed or
    cancelled revisit is locked, a manager corrects its outcome with a
    reason; a due date or owner changed by hand is a reschedule, with a
    reason and a right to it, which the scheduling job then keeps."""

    _inherit = "cdm.revisit"

    @api.multi
    def write(self, vals):
        closed = self.filtered(lambda rec: rec.state != "planned")
        if closed and LOCKED_FIELDS.intersection(vals):
            closed._check_correction(vals)
            result = super().write(vals)
            closed._log_correction(vals)
            return result
        if server_value(self.env, "cdm_revisit_job"):
            return super().write(vals)
        vals = self._prepare_manual_change(vals)
        result = super().write(vals)
        if vals.get("due_rescheduled") or vals.get("user_reassigned"):
            for revisit in self.filtered(lambda rec: rec.state == "planned"):
                revisit._sync_activity()
        if vals.get("due_rescheduled"):
            # A new due date answers the escalation; late again, it escalates again.
            escalated = self.filtered("escalation_date")
            escalated._close_escalation()
            with_server(escalated, cdm_revisit_job=True).write(
                {"escalation_date": False, "escalation_activity_id": False})
        return result

    def _prepare_manual_change(self, vals):
        """A due date or owner written outside the scheduling job (the
        Reschedule dialog, RPC, other code) is a reschedule by hand: it needs
        a reason and a right to it, and the job keeps it (item 11)."""
        planned = self.filtered(lambda rec: rec.state == "planned")
        changes = {}
        if planned and "date_due" in vals:
            changes["due_rescheduled"] = True
        if planned and "user_id" in vals:
            changes["user_reassigned"] = True
        if not changes:
            return vals
        reason = (vals.get("reschedule_reason") or "").strip()
        if not reason:
            raise UserError(_(
                "Give the reason for rescheduling the revisit of %s: a due date or owner changed "
                "by hand stands, and the reason is kept on the revisit.")
                % ", ".join(planned.mapped("partner_id.display_name")))
        planned._check_may_reschedule()
        if "date_due" in vals:
            if not vals["date_due"]:
                raise UserError(_("A planned revisit needs a due date."))
            date_due = fields.Date.to_string(fields.Date.from_string(vals["date_due"]))
            today = self.env["cdm.policy"].today()
            if date_due < today:
                raise UserError(_(
                    "The revisit of %(customer)s cannot be rescheduled to %(date)s, a day that has "
                    "passed.") % {"customer": ", ".join(planned.mapped("partner_id.display_name")),
                                  "date": format_date(self.env, date_due)})
            changes["date_due"] = date_due
        return dict(vals, reschedule_reason=reason, **changes)

    def _check_correction(self, vals):
        """A completed revisit is the record compliance is measured on: it is
        locked for everyone. A manager may correct its outcome (not its due
        date, owner or state) with a reason, on someone else's revisit."""
        user = self.env.user
        names = ", ".join(self.mapped("partner_id.display_name"))
        if not is_manager(self.env) or self.filtered(lambda rec: rec.state != "done"):
            raise UserError(_(
                "The revisit of %s is closed: its plan and outcome can no longer be changed. "
                "A manager can correct a completed revisit's outcome, with a reason.") % names)
        fixed = set(vals) & LOCKED_FIELDS - CORRECTABLE_FIELDS
        if fixed:
            labels = ", ".join(sorted(self._fields[name].get_description(self.env)["string"]
                                      for name in fixed))
            raise UserError(_(
                "A completed revisit keeps its plan and status (%(fields)s): only its outcome can "
                "be corrected (revisit of %(customer)s).") % {"fields": labels, "customer": names})
        if not (vals.get("correction_reason") or "").strip():
            raise UserError(_(
                "Give the reason for correcting the outcome of the completed revisit of %s: "
                "it is kept on the revisit.") % names)
        if self.filtered(lambda rec: rec.user_id == user):
            raise UserError(_(
                "The revisit of %s is yours: another manager corrects its outcome.") % names)

    def _log_correction(self, vals):
        labels = ", ".join(sorted(
            self._fields[name].get_description(self.env)["string"]
            for name in set(vals) & CORRECTABLE_FIELDS - {"correction_reason"}))
        for revisit in self:
            revisit.message_post(body=_("Outcome corrected by %(user)s (%(fields)s): %(reason)s") % {
                "user": self.env.user.name, "fields": labels, "reason": vals["correction_reason"]})

    def _check_may_reschedule(self):
        """The revisit's owner, the customer's maintenance owner and managers
        reschedule a revisit; code acting for the company runs as superuser."""
        user = self.env.user
        if is_manager(self.env):
            return
        for revisit in self:
            if user not in (revisit.user_id | revisit.partner_id.maintenance_user_id):
                raise AccessError(_(
                    "Only the owner of the revisit of %s, the customer's maintenance owner or a "
                    "Customer Relations manager can reschedule it.") % revisit.partner_id.display_name)

    @api.multi
    def action_open_reschedule(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Reschedule Revisit"),
            "res_model": "cdm.revisit.reschedule.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_revisit_id": self.id},
        }

    @api.multi
    def _reschedule(self, date_due, reason, user=None):
        """Move these planned revisits to ``date_due`` (and to ``user``) for
        ``reason``. The Reschedule dialog and other code (a complaint's
        follow-up revisit) use it; the scheduling job then keeps the date and
        owner until the revisit is completed or cancelled."""
        if not self or self.filtered(lambda r: r.state != "planned"):
            raise UserError(_("Only a planned revisit can be rescheduled."))
        vals = {"date_due": date_due, "reschedule_reason": reason}
        if user is not None:
            vals["user_id"] = user.id
        self.write(vals)
        return True

    def _reschedule_text(self):
        return _("Revisit rescheduled to %(date)s by %(user)s: %(reason)s") % {
            "date": format_date(self.env, self.date_due), "user": self.env.user.name,
            "reason": self.reschedule_reason}
