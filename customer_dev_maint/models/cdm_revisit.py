import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

_logger = logging.getLogger(__name__)

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
    customer. Completing it records the outcome and schedules the next one.

    This file holds the record (its fields, states, checks); one file per
    concern extends it: ``cdm_revisit_lock`` (the correction lock and
    reschedules by hand), ``cdm_revisit_outcome`` (complete, cancel, the
    opportunity or ticket of a finding), ``cdm_revisit_schedule`` (the
    scheduling and load-spreading job), ``cdm_revisit_escalation`` (overdue
    revisits to the manager) and ``report/cdm_revisit_compliance`` (the
    compliance rates of its analysis)."""

    _name = "cdm.revisit"
    _description = "Customer Revisit"
    _inherit = ["mail.thread", "mail.activity.mixin", "cdm.confidential.mixin"]
    _order = "date_due desc, id desc"
    # Revisits share their customer's confidentiality (C1).
    _cdm_owner_paths = ("user_id",)

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
