import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

from ..server_only import as_server
from .helpdesk_ticket import COMPLAINT_KINDS

_logger = logging.getLogger(__name__)


class HelpdeskTicket(models.Model):
    """The closed loop of complaints and problems (M8): closed only once the
    customer's satisfaction is confirmed; a low score reopens the ticket and
    alerts the manager; closing brings the customer's next revisit forward."""

    _inherit = "helpdesk.ticket"

    satisfaction_ids = fields.One2many(
        "cdm.ticket.satisfaction", "ticket_id", string="Satisfaction Confirmations", readonly=True)
    satisfaction_score = fields.Integer(
        compute="_compute_satisfaction", store=True, group_operator="avg",
        help="Latest confirmed satisfaction, 1 (very dissatisfied) to 5 (very satisfied).")
    satisfaction_state = fields.Selection(
        [("awaiting", "Awaiting Satisfaction"), ("confirmed", "Satisfaction Confirmed")],
        compute="_compute_satisfaction", store=True, index=True,
        help="Complaints and problems are closed once the customer's satisfaction is confirmed.")
    low_score_reopened = fields.Boolean(
        string="Reopened After Low Score", readonly=True, server_owned=True, copy=False, index=True,
        help="The customer gave a low satisfaction score; counted in the owner's appraisal.")
    low_score_count = fields.Integer(string="Low Scores", readonly=True, server_owned=True, copy=False)
    follow_up_date = fields.Date(
        string="Follow-up Revisit", readonly=True, server_owned=True, copy=False,
        help="Date the customer's revisit was brought forward to when the ticket was closed.")

    @api.depends("kind", "satisfaction_ids.score", "satisfaction_ids.is_low", "satisfaction_ids.date")
    def _compute_satisfaction(self):
        for ticket in self:
            latest = ticket.satisfaction_ids.sorted(lambda rec: (rec.date or "", rec.id))[-1:]
            ticket.satisfaction_score = latest.score
            if ticket.kind not in COMPLAINT_KINDS:
                ticket.satisfaction_state = False
            elif latest and not latest.is_low:
                ticket.satisfaction_state = "confirmed"
            else:
                ticket.satisfaction_state = "awaiting"

    @api.constrains("stage_id")
    def _check_satisfaction_before_closing(self):
        for ticket in self:
            stage = ticket.stage_id
            if stage.closed and stage.satisfaction_required and ticket._is_complaint() \
                    and ticket.satisfaction_state != "confirmed":
                raise ValidationError(_(
                    "Ticket %s cannot be closed before the customer's satisfaction is confirmed: "
                    "by the customer's rating, or logged by staff (Log Satisfaction)."
                ) % ticket.number)

    @api.multi
    def write(self, vals):
        before = {ticket.id: ticket.stage_id for ticket in self} if "stage_id" in vals else {}
        result = super().write(vals)
        for ticket in self.filtered(lambda rec: rec.id in before):
            stage = ticket.stage_id
            if stage != before[ticket.id] and stage.closed and stage.satisfaction_required \
                    and ticket._is_complaint() and not ticket.follow_up_date:
                ticket._schedule_follow_up(ticket._sla_now())
        return result

    @api.multi
    def action_log_satisfaction(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Log Satisfaction"),
            "res_model": "cdm.ticket.satisfaction",
            "view_mode": "form",
            "views": [(self.env.ref("customer_dev_maint.cdm_ticket_satisfaction_view_form_log").id, "form")],
            "target": "new",
            "context": {"default_ticket_id": self.id, "cdm_customer_id": self.commercial_partner_id.id},
        }

    def _satisfaction_confirmed(self, confirmation, now):
        """A confirmation came in: a low score reopens the ticket and alerts
        the manager; otherwise the ticket may be closed."""
        self.ensure_one()
        policy = self._sla_policy()
        if confirmation.score > policy.low_satisfaction_score:
            self.message_post(body=_("Satisfaction confirmed: %(score)s/5 (%(source)s).") % {
                "score": confirmation.score,
                "source": dict(confirmation._fields["source"]._description_selection(self.env))[
                    confirmation.source]})
            return
        confirmation.sudo().is_low = True
        reopen = self._reopen_stage()
        ticket = as_server(self.sudo())
        ticket.write({"low_score_reopened": True, "low_score_count": self.low_score_count + 1,
                      "stage_id": reopen.id})
        manager = self._sla_manager()
        if manager:
            self.env["mail.activity"].sudo().create({
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
                "activity_type_id": self.env.ref("customer_dev_maint.mail_activity_type_sla").id,
                "user_id": manager.id,
                "summary": self.with_context(lang=manager.lang)._low_score_summary(confirmation),
                "date_deadline": self.env["cdm.policy"].today(company=self.company_id, now=now),
            })
        self.message_post(body=_("Low satisfaction (%s/5): the ticket is reopened.") % confirmation.score)

    def _low_score_summary(self, confirmation):
        return _("%(ticket)s: low satisfaction %(score)s/5 from %(customer)s, ticket reopened") % {
            "ticket": self.number, "score": confirmation.score,
            "customer": self.commercial_partner_id.name or ""}

    @api.model
    def _reopen_stage(self):
        """Where a reopened ticket goes: helpdesk_mgmt's In Progress stage, or
        the first open stage that neither pauses nor resolves."""
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress", raise_if_not_found=False)
        if stage and stage.active:
            return stage
        return self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", False), ("sla_pause", "=", False), ("sla_resolved", "=", False)], limit=1)

    def _schedule_follow_up(self, now):
        """Bring the customer's planned revisit forward to the follow-up date
        (closing + the policy's days) when it is due later; once per ticket."""
        self.ensure_one()
        policy = self._sla_policy()
        today = fields.Date.from_string(self.env["cdm.policy"].today(company=self.company_id, now=now))
        due = fields.Date.to_string(today + timedelta(days=policy.follow_up_revisit_days))
        customer = self.commercial_partner_id
        revisit = self.env["cdm.revisit"].sudo().search(
            [("partner_id", "=", customer.id), ("state", "=", "planned")], limit=1)
        as_server(self.sudo()).follow_up_date = due
        if not revisit:
            self._follow_up_without_revisit(due)
            return
        if revisit.date_due > due:
            reason = self.with_context(lang=revisit.user_id.lang or self.env.user.lang)._follow_up_reason()
            revisit._reschedule(due, reason)
        self.message_post(body=_("Follow-up revisit of %(customer)s on %(date)s.") % {
            "customer": customer.name, "date": format_date(self.env, min(due, revisit.date_due))})

    def _follow_up_without_revisit(self, due):
        """The customer has no planned revisit (e.g. a tier but no maintenance
        owner, whom the revisit job needs): the follow-up goes to its
        maintenance owner, else the department's leader, else the policy's
        escalation manager, as a To-Do on the customer, and the ticket says so."""
        customer = self.commercial_partner_id
        user = customer.maintenance_user_id or customer.maintenance_team_id.user_id \
            or self.maintenance_team_id.user_id or self._sla_policy().revisit_escalation_user_id
        if not user:
            _logger.warning("Follow-up revisit of customer %s (ticket %s) has nobody to go to.",
                            customer.id, self.id)
            self.message_post(body=_(
                "Follow-up revisit of %(customer)s on %(date)s: nobody to give it to (no maintenance "
                "owner, department leader or escalation manager).") % {
                    "customer": customer.name, "date": format_date(self.env, due)})
            return
        self.env["mail.activity"].sudo().create({
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": customer.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "user_id": user.id,
            "date_deadline": due,
            "summary": self.with_context(lang=user.lang)._follow_up_summary(due),
        })
        self.message_post(body=_("Follow-up revisit of %(customer)s on %(date)s given to %(user)s.") % {
            "customer": customer.name, "date": format_date(self.env, due), "user": user.name})

    def _follow_up_summary(self, due):
        return _("Follow-up revisit of %(customer)s by %(date)s after ticket %(ticket)s "
                 "(no revisit planned)") % {
            "customer": self.commercial_partner_id.name, "date": format_date(self.env, due),
            "ticket": self.number}

    def _follow_up_reason(self):
        return _("Follow-up of ticket %(ticket)s (%(title)s)") % {"ticket": self.number, "title": self.name}
