from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..roles import is_manager
from ..server_only import as_server

DEPARTMENTS = [
    ("development", "Customer Development"),
    ("maintenance", "Customer Maintenance"),
    ("both", "Both Departments"),
]
STATES = [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")]
OPEN_MISCONDUCT_STATES = ("draft", "confirmed", "acknowledged")
WON_PROBABILITY = 100
# How many records each list of the pack shows at most (its total is shown too).
PACK_LIMIT = 20


class CdmReviewMeeting(models.Model):
    """A policy review meeting (I1, policy §5): a calendar event of the
    "Policy Review" kind (attendees, invitations and the calendar stay
    Odoo's, through ``_inherits``) for a period and one or both departments.
    Its agenda pack is built from the records of that period and department
    in the reader's environment (their record rules apply) until the meeting
    is marked held; then the pack is frozen as it was presented.

    A held meeting records the version of the policy settings in force when
    it was held (G1); its agenda cites entries of the best-practice library
    (I2), each shown only to readers who may read the entry."""

    _name = "cdm.review.meeting"
    _description = "Policy Review Meeting"
    _inherits = {"calendar.event": "event_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"

    event_id = fields.Many2one(
        "calendar.event", string="Calendar Event", required=True, ondelete="cascade",
        auto_join=True, index=True)
    date_from = fields.Date(string="Period From", required=True, track_visibility="onchange",
                            states={"held": [("readonly", True)], "cancelled": [("readonly", True)]})
    date_to = fields.Date(string="Period To", required=True, track_visibility="onchange",
                          states={"held": [("readonly", True)], "cancelled": [("readonly", True)]})
    department = fields.Selection(
        DEPARTMENTS, required=True, default="both", index=True, track_visibility="onchange",
        states={"held": [("readonly", True)], "cancelled": [("readonly", True)]},
        help="The department(s) whose records the agenda pack reviews.")
    manager_id = fields.Many2one(
        "res.users", string="Responsible Manager", required=True, index=True,
        default=lambda self: self.env.user, track_visibility="onchange")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.user.company_id)
    state = fields.Selection(
        STATES, required=True, default="planned", readonly=True, server_owned=True, copy=False,
        index=True, track_visibility="onchange")
    minutes = fields.Html(help="What was discussed and decided.")
    action_ids = fields.One2many(
        "cdm.review.action", "meeting_id", string="Follow-up Actions", copy=False)
    leader_ids = fields.Many2many(
        "res.users", "cdm_review_meeting_leader_rel", "meeting_id", "user_id",
        string="Department Leaders", readonly=True, server_owned=True, copy=False,
        help="Leaders of the reviewed departments' teams: they read the meeting.")
    held_on = fields.Date(readonly=True, server_owned=True, copy=False)
    held_by_id = fields.Many2one("res.users", readonly=True, server_owned=True, copy=False)
    policy_version = fields.Integer(
        string="Settings Version", readonly=True, server_owned=True, copy=False,
        help="Version of the policy settings in force when the meeting was marked held.")
    pack_snapshot = fields.Html(
        string="Frozen Agenda Pack", readonly=True, server_owned=True, copy=False, sanitize=False,
        help="The agenda pack as it was when the meeting was marked held.")
    pack_misconduct_snapshot = fields.Html(
        string="Frozen Misconduct Cases", readonly=True, server_owned=True, copy=False,
        sanitize=False, groups="customer_dev_maint.group_manager")
    pack_html = fields.Html(
        string="Agenda Pack", compute="_compute_pack_html", sanitize=False,
        help="Built from the records of the period and department you may read; frozen once "
             "the meeting is held.")
    best_practice_ids = fields.Many2many(
        "cdm.best.practice", string="Cited Best Practices",
        help="Entries of the best-practice library the agenda cites; a reader sees in the pack "
             "only the entries they may read.")
    previous_meeting_id = fields.Many2one(
        "cdm.review.meeting", string="Previous Review", compute="_compute_previous_meeting_id",
        help="The last held review of the same department before this one.")

    @api.depends("state", "date_from", "date_to", "department", "company_id",
                 "best_practice_ids")
    def _compute_pack_html(self):
        for meeting in self:
            if meeting.state == "held":
                html = meeting.pack_snapshot or ""
                if self.env.user.has_group("customer_dev_maint.group_manager"):
                    html += meeting.sudo().pack_misconduct_snapshot or ""
                meeting.pack_html = html
            elif meeting.date_from and meeting.date_to and meeting.department:
                data = meeting._pack_data()
                meeting.pack_html = meeting._render_pack(data) + meeting._render_pack(
                    data, "misconduct")
            else:
                meeting.pack_html = False

    def _compute_previous_meeting_id(self):
        for meeting in self:
            meeting.previous_meeting_id = meeting._previous_meeting()

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for meeting in self:
            if meeting.date_from > meeting.date_to:
                raise ValidationError(_("The period of the review %s ends before it begins.")
                                      % meeting.name)

    # CRUD -----------------------------------------------------------------------

    @api.model
    def create(self, vals):
        self._check_manager()
        vals = dict(vals)
        review_type = self.env.ref("customer_dev_maint.calendar_event_type_policy_review",
                                   raise_if_not_found=False)
        if review_type and "categ_ids" not in vals:
            vals["categ_ids"] = [(4, review_type.id)]
        if "stop" not in vals and vals.get("start"):
            start = fields.Datetime.from_string(vals["start"])
            vals["stop"] = fields.Datetime.to_string(start + timedelta(hours=1))
        meeting = super().create(vals)
        # The calendar event points back at its meeting: a reader of the event
        # must be able to read the meeting (the event guard leaves it out otherwise).
        meeting.event_id.sudo().write({
            "res_model": self._name, "res_id": meeting.id,
            "res_model_id": self.env["ir.model"]._get(self._name).id})
        meeting._refresh_leaders()
        return meeting

    def write(self, vals):
        self._check_manager()
        frozen = {"date_from", "date_to", "department", "company_id", "pack_snapshot",
                  "pack_misconduct_snapshot", "best_practice_ids"}
        if frozen & set(vals) and self.filtered(lambda m: m.state == "held"):
            raise UserError(_("A held review is frozen: its period, departments and agenda "
                              "pack no longer change."))
        result = super().write(vals)
        if "department" in vals or "company_id" in vals:
            self._refresh_leaders()
        return result

    def unlink(self):
        self._check_manager()
        if self.filtered(lambda m: m.state == "held"):
            raise UserError(_("A held review is kept: cancel it only before it is held."))
        events = self.mapped("event_id")
        result = super().unlink()
        events.sudo().unlink()
        return result

    def _check_manager(self):
        if not is_manager(self.env):
            raise AccessError(_("Only a Customer Relations Manager plans and records review "
                                "meetings."))

    def _department_roles(self):
        self.ensure_one()
        if self.department == "both":
            return ["development", "maintenance"]
        return [self.department]

    def _refresh_leaders(self):
        """Leaders of the teams of the reviewed departments, kept by the server."""
        Team = self.env["crm.team"].sudo()
        for meeting in self:
            teams = Team.search([("department_role", "in", meeting._department_roles())])
            as_server(meeting.sudo()).write(
                {"leader_ids": [(6, 0, teams.mapped("user_id").ids)]})

    @api.model
    def _refresh_all_leaders(self):
        self.sudo().search([("state", "!=", "cancelled")])._refresh_leaders()

    # Workflow -------------------------------------------------------------------

    def action_refresh_pack(self):
        """Rebuild the agenda pack from today's records (planned meetings)."""
        self._check_manager()
        for meeting in self:
            if meeting.state != "planned":
                raise UserError(_("The agenda pack of %s is frozen: it is no longer "
                                  "regenerated.") % meeting.name)
        self.invalidate_cache(["pack_html"])
        return True

    def action_mark_held(self):
        """The meeting took place: its agenda pack is frozen as built now,
        under the manager's record rules."""
        self._check_manager()
        for meeting in self:
            if meeting.state != "planned":
                raise UserError(_("Only a planned review can be marked held."))
            data = meeting._pack_data()
            as_server(meeting.sudo()).write({
                "pack_snapshot": meeting._render_pack(data),
                "pack_misconduct_snapshot": meeting._render_pack(data, "misconduct"),
                "state": "held",
                "held_on": self.env["cdm.policy"].today(meeting.company_id),
                "held_by_id": self.env.uid,
                "policy_version": self.env["cdm.policy"].for_company(
                    meeting.company_id).sudo().settings_version,
            })
            meeting.message_post(body=_("Held: the agenda pack is frozen."))
        return True

    def action_cancel(self):
        self._check_manager()
        for meeting in self:
            if meeting.state != "planned":
                raise UserError(_("Only a planned review can be cancelled."))
            as_server(meeting.sudo()).write({"state": "cancelled"})
        return True

    def action_print_pack(self):
        return self.env.ref("customer_dev_maint.action_report_cdm_review_meeting").report_action(
            self)

    def _report_file_name(self):
        self.ensure_one()
        return _("Agenda Pack - %s") % self.name

    # Agenda pack ----------------------------------------------------------------

    def _previous_meeting(self):
        self.ensure_one()
        if not self.date_from:
            return self.browse()
        roles = self._department_roles() if self.department else []
        departments = ["both"] + roles if len(roles) == 1 else [d for d, _l in DEPARTMENTS]
        domain = [("state", "=", "held"), ("company_id", "=", self.company_id.id),
                  ("department", "in", departments), ("date_from", "<", self.date_from)]
        if isinstance(self.id, int):
            domain.append(("id", "!=", self.id))
        return self.search(domain, order="date_from desc, id desc", limit=1)

    def _pack_data(self, today=None):
        """Every figure and list of the agenda pack, read in the current
        user's environment: what their record rules hide is neither listed
        nor counted. Misconduct cases only for managers."""
        self.ensure_one()
        today = today or self.env["cdm.policy"].today(self.company_id)
        roles = self._department_roles()
        data = {"today": today, "roles": roles, "kpis": self._pack_kpis(roles, today)}
        if "maintenance" in roles:
            data["overdue_revisits"] = self._pack_overdue_revisits(today)
            data["low_satisfaction"] = self._pack_low_satisfaction()
            data["sla_breaches"] = self._pack_sla_breaches()
        if "development" in roles:
            data["stalled_deals"] = self._pack_stalled_deals()
        previous = self._previous_meeting()
        data["previous"] = previous
        data["previous_actions"] = previous.action_ids if previous else self.env[
            "cdm.review.action"]
        # Read in the reader's environment: a cited entry they may not read is left out.
        data["best_practices"] = self.env["cdm.best.practice"].search(
            [("id", "in", self.sudo().best_practice_ids.ids)], order="name")
        if self.env.user.has_group("customer_dev_maint.group_manager"):
            data["misconduct"] = self._pack_misconduct(roles)
        return data

    def _period_users(self, roles):
        return self.env["res.users"].sudo().search([
            ("sale_team_id.department_role", "in", roles),
            ("company_id", "=", self.company_id.id)], order="name")

    def _pack_kpis(self, roles, today):
        """One row per person of the departments: won deals and their
        expected revenue, revisit and SLA compliance, satisfaction. The same
        rate methods as the appraisal KPIs, in the reader's environment."""
        users = self._period_users(roles)
        if not users:
            return []
        won = {}
        if "development" in roles:
            groups = self.env["crm.lead"].read_group(
                [("type", "=", "opportunity"), ("probability", ">=", WON_PROBABILITY),
                 ("company_id", "=", self.company_id.id), ("user_id", "in", users.ids),
                 ("date_closed", ">=", self.env["cdm.policy"].day_bounds(
                     self.date_from, self.date_to, self.company_id)[0]),
                 ("date_closed", "<", self.env["cdm.policy"].day_bounds(
                     self.date_from, self.date_to, self.company_id)[1])],
                ["user_id", "planned_revenue"], ["user_id"])
            won = {g["user_id"][0]: (g["user_id_count"], g["planned_revenue"] or 0.0)
                   for g in groups if g["user_id"]}
        revisits, sla, satisfaction = {}, {}, {}
        if "maintenance" in roles:
            revisits = self.env["cdm.revisit"].compliance_rates(
                self.date_from, self.date_to, groupby="user_id", today=today)
            sla = self.env["helpdesk.ticket"].sla_compliance(
                self.date_from, self.date_to, groupby="user_id", company=self.company_id)
            satisfaction = self._satisfaction_by_user(users)
        role_labels = dict(self.env["crm.team"]._fields["department_role"]._description_selection(
            self.env))
        rows = []
        for user in users:
            role = user.sale_team_id.department_role
            row = {"user": user, "role": role, "role_label": role_labels.get(role, ""),
                   "won_count": 0, "won_amount": 0.0, "revisit_due": 0, "revisit_rate": None,
                   "sla_due": 0, "sla_rate": None, "satisfaction": None}
            if user.id in won:
                row["won_count"], row["won_amount"] = won[user.id]
            if revisits.get(user.id):
                row["revisit_due"] = revisits[user.id]["due"]
                row["revisit_rate"] = revisits[user.id]["rate"]
            if sla.get(user.id) and sla[user.id]["due"]:
                row["sla_due"] = sla[user.id]["due"]
                row["sla_rate"] = sla[user.id]["rate"]
            if user.id in satisfaction:
                row["satisfaction"] = round(satisfaction[user.id], 2)
            rows.append(row)
        return rows

    def _satisfaction_by_user(self, users):
        """Average (1-5) of the revisit scores and confirmed ticket
        satisfaction of the period, per user, over what the reader may read."""
        totals = {}
        groups = self.env["cdm.revisit"].read_group(
            [("state", "=", "done"), ("satisfaction", ">", 0), ("user_id", "in", users.ids),
             ("date_done", ">=", self.date_from), ("date_done", "<=", self.date_to)],
            ["user_id", "satisfaction"], ["user_id"])
        for group in groups:
            if group["user_id"]:
                count = group["user_id_count"]
                totals[group["user_id"][0]] = [group["satisfaction"] * count, count]
        scores = self.env["cdm.ticket.satisfaction"]._scores_by(
            self.date_from, self.date_to, "user_id", company=self.company_id)
        for user_id, (count, average, _low) in scores.items():
            total = totals.setdefault(user_id, [0.0, 0])
            total[0] += average * count
            total[1] += count
        return {user_id: total / count for user_id, (total, count) in totals.items() if count}

    def _pack_overdue_revisits(self, today):
        domain = [("state", "=", "planned"), ("date_due", "<", today),
                  ("date_due", ">=", self.date_from), ("date_due", "<=", self.date_to),
                  ("company_id", "=", self.company_id.id)]
        Revisit = self.env["cdm.revisit"]
        return {"count": Revisit.search_count(domain),
                "records": Revisit.search(domain, order="date_due, id", limit=PACK_LIMIT)}

    def _pack_low_satisfaction(self):
        """The lowest satisfaction scores of the period: revisits and
        complaints, lowest first."""
        revisits = self.env["cdm.revisit"].search(
            [("state", "=", "done"), ("satisfaction", ">", 0),
             ("date_done", ">=", self.date_from), ("date_done", "<=", self.date_to),
             ("company_id", "=", self.company_id.id)],
            order="satisfaction, date_done, id", limit=PACK_LIMIT)
        start, end = self.env["cdm.policy"].day_bounds(self.date_from, self.date_to,
                                                       self.company_id)
        ratings = self.env["cdm.ticket.satisfaction"].search(
            [("date", ">=", start), ("date", "<", end)], order="score, date, id",
            limit=PACK_LIMIT)
        rows = [{"score": r.satisfaction, "date": r.date_done, "partner": r.partner_id,
                 "user": r.user_id, "source": _("Revisit"), "record": r.name}
                for r in revisits]
        rows += [{"score": s.score, "date": fields.Date.to_string(
                      fields.Datetime.from_string(s.date)) if s.date else False,
                  "partner": s.ticket_id.partner_id, "user": s.user_id,
                  "source": _("Complaint"), "record": s.ticket_id.display_name}
                 for s in ratings]
        rows.sort(key=lambda row: (row["score"], row["date"] or ""))
        return rows[:PACK_LIMIT]

    def _pack_sla_breaches(self):
        start, end = self.env["cdm.policy"].day_bounds(self.date_from, self.date_to,
                                                       self.company_id)
        domain = ["|",
                  "&", "&", ("response_state", "=", "breached"),
                  ("response_deadline", ">=", start), ("response_deadline", "<", end),
                  "&", "&", ("resolution_state", "=", "breached"),
                  ("resolution_deadline", ">=", start), ("resolution_deadline", "<", end)]
        Ticket = self.env["helpdesk.ticket"]
        return {"count": Ticket.search_count(domain),
                "records": Ticket.search(domain, limit=PACK_LIMIT)}

    def _stalled_domain(self):
        """Open opportunities past a gate (in a stage that requires one, or a
        later stage) with no next activity."""
        gated = self.env["crm.stage"].search(
            ["|", "|", "|", ("gate_qualified", "=", True), ("gate_needs", "=", True),
             ("gate_solution", "=", True), ("gate_contract", "=", True)],
            order="sequence", limit=1)
        domain = [("no_next_activity", "=", True), ("company_id", "=", self.company_id.id)]
        if gated:
            domain.append(("stage_id.sequence", ">=", gated.sequence))
        return domain

    def _pack_stalled_deals(self):
        Lead = self.env["crm.lead"]
        domain = self._stalled_domain()
        return {"count": Lead.search_count(domain),
                "records": Lead.search(domain, order="date_last_stage_update, id",
                                       limit=PACK_LIMIT)}

    def _pack_misconduct(self, roles):
        users = self._period_users(roles)
        domain = [("state", "in", OPEN_MISCONDUCT_STATES), ("user_id", "in", users.ids),
                  ("company_id", "=", self.company_id.id)]
        Case = self.env["cdm.misconduct.case"]
        states = dict(Case._fields["state"]._description_selection(self.env))
        return {"count": Case.search_count(domain), "records": Case.search(domain),
                "states": states}

    def _render_pack(self, data, part="main"):
        """The pack (or its misconduct part, managers only) as HTML."""
        self.ensure_one()
        if part == "misconduct" and "misconduct" not in data:
            return ""
        template = ("customer_dev_maint.cdm_review_meeting_pack_misconduct" if part == "misconduct"
                    else "customer_dev_maint.cdm_review_meeting_pack_body")
        html = self.env["ir.qweb"].render(template, {"meeting": self, "pack": data})
        return html.decode() if isinstance(html, bytes) else html
