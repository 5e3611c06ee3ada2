from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..roles import is_manager
from ..server_only import as_server

KINDS = [
    ("failure_of_duty", "Failure of Duty"),
    ("customer_interest", "Ignoring Customer Interest"),
    ("confidential_leak", "Leaking Confidential Information"),
    ("other", "Other"),
]
SEVERITIES = [
    ("minor", "Minor"),
    ("serious", "Serious"),
    ("grave", "Grave"),
]
# The policy's ladder of measures (§4), mildest first.
MEASURES = [
    ("verbal_warning", "Verbal Warning"),
    ("written_warning", "Written Warning"),
    ("demotion", "Demotion"),
    ("dismissal", "Dismissal"),
]
LADDER = [key for key, _label in MEASURES]
STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("acknowledged", "Acknowledged"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# A case counts as the employee's history once a manager confirmed it.
CONFIRMED_STATES = ("confirmed", "acknowledged", "closed")
# Fields other code may pass to _open_draft as evidence.
EVIDENCE_FIELDS = ("lead_id", "ticket_id", "partner_id")
# What the case says: fixed once a manager confirmed it.
CONTENT_FIELDS = {"employee_id", "kind", "date", "description", "severity", "measure",
                  "company_id"} | set(EVIDENCE_FIELDS)


class CdmMisconductCase(models.Model):
    """A case of the misconduct register (A6): what an employee did, the
    evidence, and the measure of the policy's ladder a manager confirms and
    the employee acknowledges. Confirmed cases deduct appraisal points."""

    _name = "cdm.misconduct.case"
    _description = "Misconduct Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="restrict",
        track_visibility="onchange", readonly=True, states={"draft": [("readonly", False)]})
    user_id = fields.Many2one(
        "res.users", string="Employee's User", related="employee_id.user_id", store=True,
        readonly=True, index=True)
    department_id = fields.Many2one(
        "hr.department", related="employee_id.department_id", store=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True,
        default=lambda self: self.env.user.company_id)
    kind = fields.Selection(
        KINDS, required=True, default="failure_of_duty", track_visibility="onchange",
        readonly=True, states={"draft": [("readonly", False)]})
    date = fields.Date(
        required=True, index=True, track_visibility="onchange",
        default=lambda self: self.env["cdm.policy"].today(),
        readonly=True, states={"draft": [("readonly", False)]},
        help="When the misconduct happened: the case counts in the appraisal of that period.")
    description = fields.Text(
        required=True, readonly=True, states={"draft": [("readonly", False)]},
        help="What happened, as the evidence shows it.")
    lead_id = fields.Many2one(
        "crm.lead", string="Lead / Opportunity", ondelete="set null",
        readonly=True, states={"draft": [("readonly", False)]})
    ticket_id = fields.Many2one(
        "helpdesk.ticket", ondelete="set null",
        readonly=True, states={"draft": [("readonly", False)]})
    partner_id = fields.Many2one(
        "res.partner", string="Customer", ondelete="set null",
        readonly=True, states={"draft": [("readonly", False)]})
    # A case opened from a leak signal links it: the signal's access log rows
    # are the case's evidence (C7).
    leak_signal_id = fields.Many2one(
        "cdm.leak.signal", readonly=True, ondelete="set null", index=True,
        help="Leak signal whose access log rows are the evidence of this case.")
    severity = fields.Selection(
        SEVERITIES, required=True, default="minor", track_visibility="onchange",
        readonly=True, states={"draft": [("readonly", False)]})
    suggested_measure = fields.Selection(
        MEASURES, compute="_compute_suggested_measure",
        help="Next step of the ladder after the most severe measure confirmed for this "
             "employee in the policy's history window (verbal warning when there is none).")
    history_count = fields.Integer(
        string="Confirmed Cases in Window", compute="_compute_suggested_measure")
    measure = fields.Selection(
        MEASURES, track_visibility="onchange",
        readonly=True, states={"draft": [("readonly", False)]},
        help="Measure the manager confirms; the suggested one unless chosen otherwise.")
    state = fields.Selection(
        STATES, required=True, default="draft", readonly=True, server_owned=True, copy=False,
        track_visibility="onchange")
    confirmed_by_id = fields.Many2one("res.users", readonly=True, server_owned=True, copy=False)
    confirmed_date = fields.Date(readonly=True, server_owned=True, copy=False)
    acknowledged_date = fields.Date(readonly=True, server_owned=True, copy=False)
    employee_comment = fields.Text(
        readonly=True, server_owned=True, copy=False,
        help="What the employee said when acknowledging the case.")
    closed_date = fields.Date(readonly=True, server_owned=True, copy=False)
    cancel_reason = fields.Text(readonly=True, server_owned=True, copy=False, track_visibility="onchange")
    opened_by_system = fields.Boolean(
        readonly=True, server_owned=True, copy=False,
        help="Opened as a draft by a signal of the system (e.g. a leak signal), not by a person.")
    is_own_case = fields.Boolean(
        compute="_compute_is_own_case",
        help="The case is about the reader: only they acknowledge it.")

    @api.depends("user_id")
    def _compute_is_own_case(self):
        for case in self:
            case.is_own_case = case.user_id == self.env.user

    @api.depends("employee_id", "date")
    def _compute_suggested_measure(self):
        months = self.env["cdm.policy"].for_company().misconduct_history_months
        for case in self:
            history = case._history(months)
            case.history_count = len(history)
            case.suggested_measure = case._next_measure(history.mapped("measure"))

    def _history(self, months):
        """Confirmed cases of the same employee in the ``months`` before this
        case's date (this case excluded)."""
        self.ensure_one()
        if not self.employee_id or not self.date:
            return self.browse()
        start = fields.Date.from_string(self.date) - relativedelta(months=months)
        return self.sudo().search([
            ("employee_id", "=", self.employee_id.id),
            ("state", "in", CONFIRMED_STATES),
            ("date", ">", fields.Date.to_string(start)),
            ("date", "<=", self.date),
            ("id", "!=", self._own_id()),
        ])

    def _own_id(self):
        """This case's database id, also while its form is being edited."""
        if isinstance(self.id, int):
            return self.id
        return getattr(self, "_origin", self.browse()).id or 0

    @api.model
    def _next_measure(self, measures):
        """One step above the most severe of ``measures`` on the ladder,
        dismissal at most; a verbal warning when there is none."""
        steps = [LADDER.index(measure) for measure in measures if measure]
        if not steps:
            return LADDER[0]
        return LADDER[min(max(steps) + 1, len(LADDER) - 1)]

    @api.constrains("employee_id")
    def _check_employee_user(self):
        for case in self:
            if not case.employee_id.user_id:
                raise ValidationError(_(
                    "%s is not linked to a user: a misconduct case is acknowledged by the "
                    "employee's user, so link the employee first.") % case.employee_id.name)

    @api.constrains("description")
    def _check_description(self):
        for case in self:
            if not (case.description or "").strip():
                raise ValidationError(_(
                    "A misconduct case needs a description of what happened."))

    @api.onchange("employee_id", "date")
    def _onchange_suggest_measure(self):
        if self.state == "draft":
            self.measure = self.suggested_measure

    @api.model
    def create(self, vals):
        if vals.get("name", "/") == "/":
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code("cdm.misconduct.case") or "/"
        case = super().create(vals)
        if not case.measure:
            case.measure = case.suggested_measure
        return case

    def write(self, vals):
        if not self.env.user._is_superuser():
            if set(vals) & CONTENT_FIELDS and any(case.state != "draft" for case in self):
                raise UserError(_(
                    "A confirmed misconduct case cannot be changed; cancel it with a reason "
                    "and open a new one."))
        return super().write(vals)

    def unlink(self):
        if any(case.state != "draft" for case in self):
            raise UserError(_(
                "Only draft misconduct cases can be deleted; cancel a confirmed case with a "
                "reason instead."))
        return super().unlink()

    # Workflow ---------------------------------------------------------------

    def _check_manager(self):
        if not is_manager(self.env):
            raise AccessError(_("Only a Customer Relations Manager may do this."))

    def _check_state(self, allowed, action):
        for case in self:
            if case.state not in allowed:
                raise UserError(_("%(case)s is %(state)s: it cannot be %(action)s.") % {
                    "case": case.name,
                    "state": dict(self._fields["state"]._description_selection(self.env))[case.state],
                    "action": action,
                })

    def _set_state(self, vals):
        """State changes are written by the server (server-owned fields: the
        employee cannot write them directly) and tracked in the chatter in
        the name of the user who acted, not of the superuser."""
        cases = self.sudo().with_context(lang=self.env.user.lang)
        tracked = cases._get_tracked_fields(list(vals))
        initial = {case.id: {name: case[name] for name in tracked} for case in cases}
        as_server(cases.with_context(mail_notrack=True)).write(vals)
        if not tracked:
            # Always logged: a context key a client sends (tracking_disable)
            # does not silence a case's history.
            return
        tracking = cases._message_track_get_changes(tracked, initial)
        for case in cases:
            changes, tracking_value_ids = tracking[case.id]
            if changes:
                subtype = case._track_subtype({name: initial[case.id][name] for name in changes})
                case.message_post(subtype=subtype or None, tracking_value_ids=tracking_value_ids,
                                  author_id=self.env.user.partner_id.id)

    def action_confirm(self):
        self._check_manager()
        self._check_state(("draft",), _("confirmed"))
        for case in self:
            if case.user_id == self.env.user:
                raise AccessError(_("A manager cannot confirm a misconduct case about themselves."))
            if not case.measure:
                raise UserError(_("Choose the measure of %s before confirming it.") % case.name)
            if not (case.description or "").strip():
                raise UserError(_(
                    "Describe what happened in %s before confirming it.") % case.name)
        self._set_state({"state": "confirmed", "confirmed_by_id": self.env.uid,
                         "confirmed_date": self.env["cdm.policy"].today()})
        return True

    def action_acknowledge(self):
        """Acknowledge without a comment (a button's method takes no
        parameter: the web client passes its context after the ids)."""
        return self._acknowledge()

    def _acknowledge(self, comment=None):
        """The employee acknowledges the confirmed case, with a comment."""
        if not self:
            raise UserError(_(
                "There is no misconduct case here for you to acknowledge: it is about someone "
                "else, or it was removed."))
        self._check_state(("confirmed",), _("acknowledged"))
        for case in self:
            if case.user_id != self.env.user:
                raise AccessError(_("Only %s may acknowledge this case.") % case.employee_id.name)
        vals = {"state": "acknowledged", "acknowledged_date": self.env["cdm.policy"].today()}
        if comment:
            vals["employee_comment"] = comment
        self._set_state(vals)
        return True

    def action_close(self):
        self._check_manager()
        self._check_state(("acknowledged",), _("closed"))
        self._set_state({"state": "closed", "closed_date": self.env["cdm.policy"].today()})
        return True

    def action_cancel(self):
        """Cancelling needs a reason: the wizard's (action_open_cancel_wizard)."""
        return self._cancel()

    def _cancel(self, reason=None):
        self._check_manager()
        self._check_state(("draft", "confirmed", "acknowledged"), _("cancelled"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for cancelling the misconduct case."))
        self._set_state({"state": "cancelled", "cancel_reason": reason})
        return True

    def action_open_cancel_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel Misconduct Case"),
            "res_model": "cdm.misconduct.case.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"active_ids": self.ids, "active_model": self._name},
        }

    def action_open_acknowledge_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Acknowledge Misconduct Case"),
            "res_model": "cdm.misconduct.case.acknowledge",
            "view_mode": "form",
            "target": "new",
            "context": {"active_ids": self.ids, "active_model": self._name},
        }

    # Entry point for other code ---------------------------------------------

    @api.model
    def _open_draft(self, user, kind, description, date=None, severity="minor", **evidence):
        """Open a draft case about ``user`` (their employee, created if
        missing) for a manager to review: what the system's signals call
        (e.g. the confidentiality's leak signals). ``evidence`` holds record
        links, e.g. ``lead_id``, ``ticket_id``, ``partner_id`` (ids or
        records) and the fields extensions add. Returns the case."""
        if kind not in dict(KINDS):
            raise UserError(_("Unknown kind of misconduct: %s.") % kind)
        description = (description or "").strip()
        if not description:
            raise UserError(_("A misconduct case needs a description of what happened."))
        vals = {
            "employee_id": self.env["hr.employee"]._for_user(user).id,
            "company_id": user.company_id.id,
            "kind": kind,
            "severity": severity,
            "description": description,
            "opened_by_system": True,
        }
        if date:
            vals["date"] = date
        for field_name, value in evidence.items():
            field = self._fields.get(field_name)
            if not field or field.type not in ("many2one", "many2many"):
                raise UserError(_("%s is not evidence a misconduct case can link.") % field_name)
            if isinstance(value, models.BaseModel):
                value = value.ids if field.type == "many2many" else value.id
            vals[field_name] = [(6, 0, value)] if field.type == "many2many" else value
        return as_server(self.sudo()).create(vals)
