import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import format_date

from ..jobs import commit_batch
from ..roles import is_manager
from ..server_only import ServerValue, server_value, with_server

_logger = logging.getLogger(__name__)

# Customers scheduled between two recomputations of their stored fields.
RECOMPUTE_CHUNK = 50

# Satisfaction as stars (the priority widget): the first value means no star.
SATISFACTION_STARS = [
    ("0", "Not Rated"),
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]

# Calendar colours by state (CSS colours the calendar view takes as they are).
CALENDAR_COLORS = {
    "overdue": "#D9534F",
    "this_week": "#F0AD4E",
    "planned": "#5BC0DE",
    "done": "#5CB85C",
    "cancelled": "#BBBBBB",
}
# The calendar's legend: its side panel lists the colours with these labels.
CALENDAR_LEGEND = [
    (CALENDAR_COLORS["overdue"], "Overdue"),
    (CALENDAR_COLORS["this_week"], "Due This Week"),
    (CALENDAR_COLORS["planned"], "Planned"),
    (CALENDAR_COLORS["done"], "Done"),
    (CALENDAR_COLORS["cancelled"], "Cancelled"),
]

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

CHANNELS = [
    ("visit", "Visit"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("video", "Video Call"),
    ("event", "Event"),
]


class CdmRevisit(models.Model):
    """A periodic revisit of a maintained customer (回访, §3.2, M3-M5).

    A scheduled job keeps exactly one planned revisit per maintained customer,
    due at the last completed revisit (or the handover date) plus the
    interval of the customer's tier, shown as a "Revisit" activity on the
    customer. Completing it records the outcome and schedules the next one."""

    _name = "cdm.revisit"
    _description = "Customer Revisit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due desc, id desc"

    name = fields.Char(string="Reference", compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade",
        domain=[("parent_id", "=", False)], readonly=True,
        states={"planned": [("readonly", False)]},
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", index=True, track_visibility="onchange",
        help="Maintenance owner of the customer, who makes the revisit.",
    )
    team_id = fields.Many2one(
        "crm.team", string="Maintenance Department", index=True,
        domain=[("department_role", "=", "maintenance")],
    )
    tier_id = fields.Many2one(
        "cdm.service.tier", index=True, ondelete="set null",
        help="Service tier of the customer when the revisit was scheduled.",
    )
    company_id = fields.Many2one(
        "res.company", index=True, default=lambda self: self.env.user.company_id,
    )
    date_due = fields.Date(
        string="Due Date", required=True, index=True, track_visibility="onchange",
    )
    date_target = fields.Date(
        string="Latest Due Date", readonly=True, copy=False,
        help="The last revisit (or the handover) plus the tier's interval: the latest day the "
             "policy allows. The due date is this day or, to spread the owner's revisits, an "
             "earlier working day.",
    )
    date_done = fields.Date(string="Done On", index=True, track_visibility="onchange", copy=False)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned", required=True, index=True, track_visibility="onchange", copy=False,
    )
    activity_id = fields.Many2one(
        "mail.activity", string="Customer Activity", ondelete="set null", copy=False,
        help="The Revisit activity on the customer that stands for this revisit.",
    )
    # Outcome (M4)
    channel = fields.Selection(CHANNELS, track_visibility="onchange")
    contact_id = fields.Many2one(
        "res.partner", string="Contact Person",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )
    satisfaction = fields.Integer(
        track_visibility="onchange", group_operator="avg",
        help="Customer satisfaction from 1 (very dissatisfied) to 5 (very satisfied).",
    )
    satisfaction_stars = fields.Selection(
        SATISFACTION_STARS, string="Satisfaction Rating", compute="_compute_satisfaction_stars",
        inverse="_inverse_satisfaction_stars",
        help="Customer satisfaction as one to five stars; no star until the customer rates.",
    )
    feedback = fields.Text(help="What the customer said about the products and services.")
    suggestions = fields.Text(help="Improvements the customer suggested.")
    needs = fields.Text(
        string="Needs Found",
        help="New needs found during the revisit; one click turns them into an opportunity.",
    )
    problem = fields.Text(
        string="Problem Reported",
        help="A problem the customer raised; one click turns it into a helpdesk ticket.",
    )
    lead_id = fields.Many2one("crm.lead", string="Opportunity", ondelete="set null", copy=False)
    ticket_id = fields.Many2one("helpdesk.ticket", ondelete="set null", copy=False)
    # Compliance (M5)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_overdue", search="_search_is_overdue",
    )
    days_overdue = fields.Integer(compute="_compute_overdue")
    is_due_this_week = fields.Boolean(
        string="Due This Week", compute="_compute_overdue", search="_search_is_due_this_week",
        help="Planned and due from Monday to Sunday of the policy's current week.",
    )
    calendar_color = fields.Selection(
        CALENDAR_LEGEND, string="Calendar Status",
        compute="_compute_overdue",
        help="Colour of the revisit in the calendar: overdue, due this week, planned, done, cancelled.",
    )
    # The one definition of a revisit done on time: compliance, its analysis
    # and the appraisal read this column.
    on_time = fields.Boolean(
        compute="_compute_on_time", store=True,
        help="Done on or before its due date.",
    )
    escalation_date = fields.Date(
        copy=False, readonly=True,
        help="When the overdue revisit was escalated to the manager (once).",
    )
    escalation_activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False,
        ondelete="set null",
        help="The manager's To-Do for the overdue revisit, closed when the revisit is.",
    )
    # Rescheduling by hand: what the scheduling job keeps
    due_rescheduled = fields.Boolean(
        string="Due Date Set by Hand", readonly=True, copy=False,
        help="The due date was rescheduled by hand: the scheduling job keeps it.",
    )
    user_reassigned = fields.Boolean(
        string="Owner Set by Hand", readonly=True, copy=False,
        help="The revisit was reassigned by hand: the scheduling job keeps its owner until the "
             "customer's maintenance owner changes.",
    )
    reschedule_reason = fields.Text(
        readonly=True, copy=False, track_visibility="onchange",
        help="Why the due date or the owner was last changed by hand.",
    )
    correction_reason = fields.Text(
        readonly=True, copy=False, track_visibility="onchange",
        help="Why a manager last corrected the outcome of the completed revisit.",
    )
    cycle_skipped = fields.Boolean(
        readonly=True, copy=False,
        help="Cancelled by a manager: this cycle is skipped, and the next revisit is due one "
             "tier interval after this revisit's due date.",
    )

    _sql_constraints = [
        ("done_has_date", "CHECK(state != 'done' OR date_done IS NOT NULL)",
         "A completed revisit needs the date it was made."),
        # One open revisit per customer, whatever the number of workers (M3).
        # Written as PostgreSQL prints it back, so updates leave it in place.
        ("single_planned",
         "EXCLUDE USING btree (partner_id WITH =) WHERE (((state)::text = 'planned'::text))",
         "A customer has one planned revisit at a time: complete, reschedule or cancel the "
         "planned one instead of adding another."),
    ]

    @api.model_cr
    def init(self):
        # The partial unique index of earlier versions, now the constraint above.
        self.env.cr.execute("DROP INDEX IF EXISTS cdm_revisit_one_planned_per_partner")
        # Revisits planned before load spreading: their due date was the latest one.
        self.env.cr.execute("UPDATE cdm_revisit SET date_target = date_due "
                            "WHERE date_target IS NULL AND state = 'planned'")

    @api.depends("partner_id.name", "date_due")
    def _compute_name(self):
        for revisit in self:
            revisit.name = "%s - %s" % (revisit.partner_id.name or "", revisit.date_due or "")

    @api.depends("state", "date_due")
    def _compute_overdue(self):
        today = fields.Date.from_string(self.env["cdm.policy"].today())
        week_start, week_end = self._week_of(today)
        for revisit in self:
            late, this_week = 0, False
            if revisit.state == "planned" and revisit.date_due:
                due = fields.Date.from_string(revisit.date_due)
                late = (today - due).days
                this_week = week_start <= due <= week_end
            revisit.days_overdue = max(late, 0)
            revisit.is_overdue = late > 0
            revisit.is_due_this_week = this_week
            if revisit.state != "planned":
                revisit.calendar_color = CALENDAR_COLORS[revisit.state]
            else:
                revisit.calendar_color = CALENDAR_COLORS[
                    "overdue" if late > 0 else "this_week" if this_week else "planned"]

    @api.depends("satisfaction")
    def _compute_satisfaction_stars(self):
        for revisit in self:
            rating = revisit.satisfaction
            revisit.satisfaction_stars = str(rating) if 1 <= rating <= 5 else False

    def _inverse_satisfaction_stars(self):
        for revisit in self:
            revisit.satisfaction = int(revisit.satisfaction_stars or 0)

    @api.model
    def _week_of(self, day):
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)

    def _search_is_due_this_week(self, operator, value):
        today = fields.Date.from_string(self.env["cdm.policy"].today())
        start, end = (fields.Date.to_string(day) for day in self._week_of(today))
        this_week = ["&", ("state", "=", "planned"), "&", ("date_due", ">=", start), ("date_due", "<=", end)]
        if (operator == "=") == bool(value):
            return this_week
        return ["|", ("state", "!=", "planned"), "|", ("date_due", "<", start), ("date_due", ">", end)]

    def _search_is_overdue(self, operator, value):
        today = self.env["cdm.policy"].today()
        overdue = ["&", ("state", "=", "planned"), ("date_due", "<", today)]
        if (operator == "=") == bool(value):
            return overdue
        return ["|", ("state", "!=", "planned"), ("date_due", ">=", today)]

    @api.depends("state", "date_done", "date_due")
    def _compute_on_time(self):
        for revisit in self:
            revisit.on_time = bool(
                revisit.state == "done" and revisit.date_done and revisit.date_done <= revisit.date_due)

    @api.constrains("satisfaction", "state", "channel")
    def _check_outcome(self):
        for revisit in self:
            if revisit.satisfaction and not 1 <= revisit.satisfaction <= 5:
                raise ValidationError(_(
                    "Satisfaction is rated from 1 (very dissatisfied) to 5 (very satisfied); "
                    "%s is not a valid rating.") % revisit.satisfaction)
            if revisit.state == "done":
                if not 1 <= revisit.satisfaction <= 5:
                    raise ValidationError(_(
                        "Record the customer's satisfaction (1 to 5) to complete the revisit of %s."
                    ) % revisit.partner_id.display_name)
                if not revisit.channel:
                    raise ValidationError(_(
                        "Record how the revisit of %s was made (visit, phone, e-mail, video or event)."
                    ) % revisit.partner_id.display_name)

    @api.constrains("date_done")
    def _check_date_done(self):
        """A revisit is done on a day that has come: refused as soon as the
        date is saved, not only when the revisit is completed."""
        today = self.env["cdm.policy"].today()
        for revisit in self.filtered(lambda rec: rec.date_done and rec.date_done > today):
            raise ValidationError(_(
                "The revisit of %(customer)s cannot be done on %(date)s, a date still to come."
            ) % {"customer": revisit.partner_id.display_name,
                 "date": format_date(self.env, revisit.date_done)})

    @api.constrains("partner_id", "contact_id")
    def _check_contact(self):
        for revisit in self.filtered("contact_id"):
            if revisit.contact_id.commercial_partner_id != revisit.partner_id.commercial_partner_id:
                raise ValidationError(_("The contact person must belong to the customer %s.")
                                      % revisit.partner_id.display_name)

    # CRUD -----------------------------------------------------------------------

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

    # Outcome ------------------------------------------------------------------

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

    def _close_escalation(self):
        """Close the manager's To-Do of an escalated revisit, done or cancelled."""
        for revisit in self:
            activity = revisit.escalation_activity_id.exists()
            if not activity:
                continue
            reader = revisit._in_language_of(activity.user_id)
            if revisit.state == "done":
                feedback = reader._completion_text()
            elif revisit.state == "planned":
                feedback = reader._reschedule_text()
            else:
                feedback = reader._cancel_text()
            activity.sudo().action_feedback(feedback=feedback)

    def _reschedule_text(self):
        return _("Revisit rescheduled to %(date)s by %(user)s: %(reason)s") % {
            "date": format_date(self.env, self.date_due), "user": self.env.user.name,
            "reason": self.reschedule_reason}

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

    # Scheduling (M3) ------------------------------------------------------------

    @api.model
    def _cron_schedule_revisits(self):
        """Scheduled job: one planned revisit per maintained customer, then
        escalation of long-overdue revisits (M3, M5)."""
        self._schedule_revisits(commit=True)
        self._escalate_overdue(commit=True)

    @api.model
    def _schedule_revisits(self, partner_ids=None, batch_size=None, commit=False, today=None):
        """Bring every customer's planned revisit in line with its tier, owner
        and history, ``batch_size`` customers per transaction.

        Customers are taken with ``FOR UPDATE SKIP LOCKED``: a second worker
        running at the same time skips those the first one holds. A customer
        that fails is logged and skipped. Returns the number of customers
        whose revisit was created, moved or cancelled."""
        if batch_size is None:
            batch_size = self.env["cdm.policy"].for_company().revisit_batch_size or 500
        cr = self.env.cr
        last_id, changed = 0, 0
        while True:
            query = """
                SELECT p.id FROM res_partner p
                 WHERE p.id > %(last_id)s
                   AND ((p.active AND p.parent_id IS NULL
                         AND p.maintenance_user_id IS NOT NULL AND p.service_tier_id IS NOT NULL)
                        OR EXISTS (SELECT 1 FROM cdm_revisit r
                                    WHERE r.partner_id = p.id AND r.state = 'planned'))
            """
            params = {"last_id": last_id, "limit": batch_size}
            if partner_ids is not None:
                query += " AND p.id IN %(partner_ids)s"
                params["partner_ids"] = tuple(partner_ids) or (0,)
            query += " ORDER BY p.id LIMIT %(limit)s FOR UPDATE OF p SKIP LOCKED"
            cr.execute(query, params)
            ids = [row[0] for row in cr.fetchall()]
            if not ids:
                break
            last_id = ids[-1]
            partners = self.env["res.partner"].browse(ids)
            changed += self._schedule_partners(partners, today=today)
            # Health moves with time too (overdue revisits, revenue window).
            partners.with_context(tracking_disable=True)._refresh_customer_health()
            if commit_batch(self.env, commit):
                self.env.clear()
        return changed

    @api.model
    def _schedule_partners(self, partners, today=None):
        """Create, move or cancel the planned revisit of each of ``partners``.

        One query reads, for the whole set, what each customer's revisit
        should be and what it is; only the customers out of line go through
        the ORM, so a run with nothing to change costs one query per batch."""
        if not partners:
            return 0
        self = self.with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
                                 cdm_revisit_job=ServerValue())
        self.env.cr.execute("""
            SELECT p.id AS partner_id, p.active, p.parent_id, p.company_id,
                   p.maintenance_user_id AS user_id, p.maintenance_team_id AS team_id,
                   p.service_tier_id AS tier_id, t.revisit_interval_days AS interval,
                   p.handover_date, p.create_date::date AS create_day,
                   (SELECT GREATEST(MAX(d.date_done) FILTER (WHERE d.state = 'done'),
                                    MAX(d.date_due) FILTER (WHERE d.cycle_skipped))
                      FROM cdm_revisit d
                     WHERE d.partner_id = p.id AND d.state IN ('done', 'cancelled')) AS last_done,
                   r.id AS revisit_id, r.user_id AS revisit_user_id, r.team_id AS revisit_team_id,
                   r.tier_id AS revisit_tier_id, r.date_due AS revisit_date_due,
                   r.date_target AS revisit_date_target,
                   r.due_rescheduled AS revisit_due_rescheduled,
                   r.user_reassigned AS revisit_user_reassigned,
                   a.id AS activity_id
              FROM res_partner p
              LEFT JOIN cdm_service_tier t ON t.id = p.service_tier_id
              LEFT JOIN cdm_revisit r ON r.partner_id = p.id AND r.state = 'planned'
              LEFT JOIN mail_activity a ON a.id = r.activity_id
             WHERE p.id IN %s
             ORDER BY p.id
        """, (tuple(partners.ids),))
        rows, expected = [], {}
        for row in self.env.cr.dictfetchall():
            values = self._expected_revisit_values(row, today=today)
            if not self._in_line(row, values):
                rows.append(row)
                expected[row["partner_id"]] = values
        self._spread_due_dates(rows, expected, today=today)
        changed = 0
        for start in range(0, len(rows), RECOMPUTE_CHUNK):
            # Stored computes (the customers' next revisit and health) run once
            # per chunk of customers rather than after every revisit.
            with self.env.norecompute():
                for row in rows[start:start + RECOMPUTE_CHUNK]:
                    try:
                        with self.env.cr.savepoint():
                            self._schedule_partner(row, expected[row["partner_id"]])
                            changed += 1
                    except Exception:
                        _logger.exception("Revisit scheduling failed for customer id %s; skipped.",
                                          row["partner_id"])
                        self.invalidate_cache()
            self.recompute()
        return changed

    @api.model
    def _expected_revisit_values(self, row, today=None):
        """Values of the revisit the customer described by ``row`` should
        have planned, or None when it is not maintained. Dates are strings.

        The cycle counts from the last completed revisit, or the due date of
        the last one a manager cancelled (a skipped cycle), else the handover.
        A due date or owner rescheduled by hand stands."""
        if not (row["active"] and not row["parent_id"] and row["user_id"] and row["tier_id"]):
            return None
        base = row["last_done"] or row["handover_date"] or row["create_day"] \
            or today or self.env["cdm.policy"].today()
        target = fields.Date.to_string(fields.Date.from_string(base) + timedelta(days=row["interval"]))
        expected = {
            "partner_id": row["partner_id"],
            "user_id": row["user_id"],
            "team_id": row["team_id"] or False,
            "tier_id": row["tier_id"],
            "company_id": row["company_id"] or self.env.user.company_id.id,
            "date_target": target,
            "date_due": target,
        }
        if row.get("revisit_due_rescheduled") or (
                row.get("revisit_id") and row.get("revisit_date_target") == target):
            # A date set by hand stands; one already spread before its target stays.
            expected["date_due"] = row["revisit_date_due"]
        if row.get("revisit_user_reassigned"):
            expected.update(user_id=row["revisit_user_id"], team_id=row["revisit_team_id"] or False)
        return expected

    @api.model
    def _in_line(self, row, expected):
        """Whether the customer's planned revisit already is what it should be."""
        if expected is None:
            return not row["revisit_id"]
        return bool(
            row["revisit_id"] and row["activity_id"]
            and row["revisit_user_id"] == expected["user_id"]
            and (row["revisit_team_id"] or False) == expected["team_id"]
            and row["revisit_tier_id"] == expected["tier_id"]
            and row["revisit_date_target"] == expected["date_target"]
            and row["revisit_date_due"] == expected["date_due"])

    @api.model
    def _spread_due_dates(self, rows, expected, today=None):
        """Load spreading (M11): give each revisit to be (re)planned on its
        target day the working day, among the last ``revisit_spread_days``
        working days up to its target (never after it, never before today),
        on which its owner has the fewest planned revisits; ties go to the
        latest day. One query reads the owners' load for the whole set."""
        todo = [row for row in rows if expected[row["partner_id"]]
                and expected[row["partner_id"]]["date_due"] == expected[row["partner_id"]]["date_target"]
                and not row.get("revisit_due_rescheduled")]
        if not todo:
            return
        window = self.env["cdm.policy"].for_company().sudo().revisit_spread_days
        if window < 2:
            return
        today = fields.Date.from_string(today or self.env["cdm.policy"].today())
        days = {}
        for row in todo:
            target = fields.Date.from_string(expected[row["partner_id"]]["date_target"])
            days[row["partner_id"]] = self._working_days_before(target, window, today)
        first = min((day for choice in days.values() for day in choice), default=None)
        if first is None:
            return
        last = max(day for choice in days.values() for day in choice)
        self.env.cr.execute("""
            SELECT user_id, date_due, COUNT(*) FROM cdm_revisit
             WHERE state = 'planned' AND user_id IN %s AND date_due BETWEEN %s AND %s
               AND id NOT IN %s
             GROUP BY user_id, date_due
        """, (tuple({expected[row["partner_id"]]["user_id"] for row in todo}),
              fields.Date.to_string(first), fields.Date.to_string(last),
              tuple(row["revisit_id"] for row in todo if row["revisit_id"]) or (0,)))
        load = {(user_id, fields.Date.from_string(day)): count
                for user_id, day, count in self.env.cr.fetchall()}
        for row in todo:
            values = expected[row["partner_id"]]
            choice = days[row["partner_id"]]
            if not choice:
                continue
            # Fewest revisits first, then the latest day (closest to the target).
            day = min(choice, key=lambda day, user_id=values["user_id"]: (
                load.get((user_id, day), 0), -day.toordinal()))
            load[(values["user_id"], day)] = load.get((values["user_id"], day), 0) + 1
            values["date_due"] = fields.Date.to_string(day)

    @api.model
    def _working_days_before(self, target, count, today):
        """Up to ``count`` working days (Monday to Friday) ending on ``target``,
        none before ``today``; empty when the target itself has passed."""
        days, day = [], target
        while len(days) < count and day >= today:
            if day.weekday() < 5:
                days.append(day)
            day -= timedelta(days=1)
        return days

    @api.model
    def _schedule_partner(self, row, expected):
        """Bring one customer's planned revisit in line with ``expected``."""
        revisit = self.browse(row["revisit_id"] or [])
        if expected is None:
            revisit.write({"state": "cancelled"})
            if revisit.activity_id.exists():
                revisit.activity_id.unlink()
            revisit._close_escalation()
            return
        if not revisit:
            revisit = self.create(expected)
        else:
            changes = {key: value for key, value in expected.items()
                       if key not in ("partner_id", "company_id")
                       and (revisit[key].id if key.endswith("_id") else revisit[key]) != value}
            if changes:
                revisit.write(changes)
        revisit._sync_activity()

    def _sync_activity(self):
        """Create or update the Revisit activity on the customer."""
        self.ensure_one()
        activity_type = self.env.ref("customer_dev_maint.mail_activity_type_revisit")
        values = {
            "activity_type_id": activity_type.id,
            "user_id": self.user_id.id,
            "date_deadline": self.date_due,
            "summary": self._in_language_of(self.user_id)._activity_summary(),
        }
        activity = self.activity_id.exists()
        if activity:
            activity.sudo().write(values)
        else:
            values.update({
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.partner_id.id,
            })
            self.activity_id = self.env["mail.activity"].sudo().create(values)

    def _activity_summary(self):
        return _("Revisit %(customer)s (%(tier)s tier)") % {
            "customer": self.partner_id.name, "tier": self.tier_id.name}

    # Compliance (M5) ------------------------------------------------------------

    @api.model
    def _escalate_overdue(self, commit=False, today=None):
        """Give the department manager one activity per revisit overdue by at
        least the policy's delay (days). Returns the revisits escalated.

        A revisit whose department has no leader, in a company without an
        escalation manager, is left as it is: the next run escalates it once
        someone is named (the policy form says so meanwhile)."""
        today = fields.Date.from_string(today or self.env["cdm.policy"].today())
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        # Locked as taken: a second worker running at once skips them.
        self.env.cr.execute("""
            SELECT id FROM cdm_revisit
             WHERE state = 'planned' AND escalation_date IS NULL AND date_due < %s
             ORDER BY id FOR UPDATE SKIP LOCKED
        """, (fields.Date.to_string(today),))
        candidates = self.browse([row[0] for row in self.env.cr.fetchall()])
        policies = {}
        escalated = self.browse()
        for revisit in candidates:
            company = revisit.company_id or self.env.user.company_id
            if company not in policies:
                policies[company] = self.env["cdm.policy"].for_company(company).sudo()
            policy = policies[company]
            late = (today - fields.Date.from_string(revisit.date_due)).days
            if late < policy.revisit_escalation_days:
                continue
            manager = revisit.team_id.user_id or policy.revisit_escalation_user_id
            if not manager:
                _logger.warning("Overdue revisit %s has nobody to escalate to: no department "
                                "leader and no escalation manager.", revisit.id)
                continue
            activity = self.env["mail.activity"].sudo().create({
                "res_model_id": model_id,
                "res_id": revisit.id,
                "activity_type_id": todo_type.id,
                "user_id": manager.id,
                "date_deadline": fields.Date.to_string(today),
                "summary": revisit._in_language_of(manager)._escalation_summary(),
            })
            with_server(revisit, cdm_revisit_job=True).write({
                "escalation_date": fields.Date.to_string(today),
                "escalation_activity_id": activity.id,
            })
            escalated |= revisit
        commit_batch(self.env, commit)
        return escalated

    def _escalation_summary(self):
        return _("Overdue revisit: %(customer)s, due %(due)s, owner %(owner)s") % {
            "customer": self.partner_id.name, "due": format_date(self.env, self.date_due),
            "owner": self.user_id.name}

    @api.model
    def compliance_rates(self, date_from, date_to, groupby="user_id", today=None):
        """Revisits done on time / revisits due, per ``groupby`` (user_id,
        tier_id, team_id or partner_id), for revisits due between the two
        dates, over the revisits the caller may read (their record rules
        apply). A planned revisit counts as due once its due date has passed
        on the policy's day. One query."""
        if groupby not in ("user_id", "tier_id", "team_id", "partner_id"):
            raise UserError(_("Compliance is grouped by owner, tier, department or customer."))
        today = today or self.env["cdm.policy"].today()
        self.check_access_rights("read")
        query = self._where_calc([
            ("date_due", ">=", date_from), ("date_due", "<=", date_to),
            "|", ("state", "=", "done"), "&", ("state", "=", "planned"), ("date_due", "<", today),
        ])
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute("""
            SELECT "cdm_revisit".{field},
                   COUNT(*) AS due,
                   COUNT(*) FILTER (WHERE "cdm_revisit".on_time)
              FROM {from_clause} WHERE {where_clause}
             GROUP BY "cdm_revisit".{field}
        """.format(field=groupby, from_clause=from_clause, where_clause=where_clause), params)
        return {key: {"due": due, "on_time": on_time,
                      "rate": round(100.0 * on_time / due, 1) if due else 0.0}
                for key, due, on_time in self.env.cr.fetchall()}
