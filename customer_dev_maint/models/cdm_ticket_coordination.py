from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

# Written by the task's actions only (M7).
SERVER_FIELDS = {"date_done", "activity_id"}


class CdmTicketCoordination(models.Model):
    """What an internal department owes to a complaint or problem (M7, §3.2
    "coordinate internal departments"): an owner, a deadline and a state,
    shown on the ticket and as an activity for the owner. Departments are the
    company's crm.team records, the module's one department list."""

    _name = "cdm.ticket.coordination"
    _description = "Ticket Coordination Task"
    _inherit = ["mail.thread", "mail.activity.mixin", "cdm.confidential.mixin"]
    _order = "state, date_deadline, id"
    # Coordination tasks share their ticket's confidentiality (C1): the
    # ticket's customer and level, raised with the ticket.
    _cdm_owner_paths = ("user_id", "ticket_id.user_id")
    _cdm_parent_field = "ticket_id"

    name = fields.Char(
        string="What Is Needed", required=True, track_visibility="onchange",
        help="What the department must do or deliver for the ticket.")
    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade")
    team_id = fields.Many2one(
        "crm.team", string="Department", required=True, index=True, track_visibility="onchange")
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, index=True, track_visibility="onchange",
        domain=[("share", "=", False)])
    date_deadline = fields.Date(string="Deadline", required=True, track_visibility="onchange")
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="open", required=True, index=True, track_visibility="onchange", copy=False)
    result = fields.Text(help="What the department did or answered.")
    date_done = fields.Date(readonly=True, copy=False)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", related="ticket_id.commercial_partner_id",
        store=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", related="ticket_id.company_id", store=True, readonly=True, index=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null", copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = self.env["cdm.policy"].today()
        for task in self:
            # A task being typed in the form has no deadline yet.
            task.is_overdue = bool(task.state == "open" and task.date_deadline
                                   and task.date_deadline < today)

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.team_id and self.team_id.user_id and not self.user_id:
            self.user_id = self.team_id.user_id

    @api.constrains("user_id", "team_id")
    def _check_owner(self):
        """The owner is internal staff of the task's department: its leader or
        one of its members (the form's domain is only the form's)."""
        for task in self:
            user = task.user_id
            staff = task.team_id.member_ids | task.team_id.user_id
            if user.share or user not in staff:
                raise ValidationError(_(
                    "%(user)s cannot own a task of %(team)s: the owner is internal staff of the "
                    "task's department (its leader or a member).") % {
                        "user": user.name, "team": task.team_id.name})

    @api.constrains("ticket_id", "state")
    def _check_ticket_open(self):
        for task in self.filtered(lambda rec: rec.state == "open"):
            if task.ticket_id.stage_id.closed:
                raise ValidationError(_("Ticket %s is closed: it takes no new coordination task.")
                                      % task.ticket_id.number)

    @api.model
    def create(self, vals):
        self._check_server_fields(vals)
        if vals.get("state", "open") != "open":
            raise UserError(_("A coordination task starts open; mark it done or cancel it "
                              "with its buttons."))
        if vals.get("date_deadline") and vals["date_deadline"] < self._today_of_ticket(
                vals.get("ticket_id")):
            raise ValidationError(_("The deadline of a coordination task cannot be in the past."))
        task = super().create(vals)
        task._sync_activity()
        return task

    @api.multi
    def write(self, vals):
        self._check_server_fields(vals)
        if "ticket_id" in vals and any(task.ticket_id.id != vals["ticket_id"] for task in self):
            raise UserError(_("A coordination task stays on its ticket."))
        if vals.get("date_deadline"):
            for task in self:
                if vals["date_deadline"] != task.date_deadline \
                        and vals["date_deadline"] < task._today_of_ticket(task.ticket_id.id):
                    raise ValidationError(_(
                        "The deadline of a coordination task cannot be moved into the past."))
        vals = dict(vals)
        state = vals.pop("state", None)
        result = super().write(vals) if vals else True
        if {"user_id", "date_deadline", "name", "team_id"} & set(vals):
            for task in self.filtered(lambda rec: rec.state == "open"):
                task._sync_activity()
        if state:
            self._write_state(state)
        return result

    def _check_server_fields(self, vals):
        if SERVER_FIELDS & set(vals) and self.env.uid != SUPERUSER_ID:
            raise UserError(_("The done date and the activity of a coordination task are "
                              "recorded by the server (%s).") % ", ".join(sorted(SERVER_FIELDS & set(vals))))

    def _write_state(self, state):
        """A state written directly (form, RPC, import) goes through the
        task's own actions: done and cancelled do what their buttons do; a
        finished task is not reopened."""
        for task in self:
            if state == task.state:
                continue
            if task.state != "open":
                raise UserError(_("A coordination task that is done or cancelled stays so: "
                                  "add a new task."))
            if state == "done":
                task.action_done()
            elif state == "cancelled":
                task.action_cancel()
            else:
                raise UserError(_("Unknown state of a coordination task: %s.") % state)

    def _today_of_ticket(self, ticket_id):
        ticket = self.env["helpdesk.ticket"].sudo().browse(ticket_id or [])
        return self.env["cdm.policy"].today(company=ticket.company_id or None)

    def _set_state(self, vals):
        """The actions' own write of the state and the done date: the write
        below this model's, which sends a state to the actions."""
        return super(CdmTicketCoordination, self).write(vals)  # pylint: disable=super-method-mismatch

    @api.multi
    def unlink(self):
        self.mapped("activity_id").exists().sudo().unlink()
        return super().unlink()

    @api.multi
    def action_done(self):
        for task in self:
            if task.state != "open":
                raise UserError(_("Only an open coordination task can be marked done."))
            task._set_state({"state": "done", "date_done": self.env["cdm.policy"].today()})
            task._close_activity(task.result or _("Done."))
            body = _("%(team)s delivered: %(what)s") % {"team": task.team_id.name, "what": task.name}
            # Logged on the ticket for the owner, who may not work tickets.
            task.ticket_id.sudo().message_post(author_id=self.env.user.partner_id.id, body=body)
        return True

    @api.multi
    def action_cancel(self):
        for task in self.filtered(lambda rec: rec.state == "open"):
            task._set_state({"state": "cancelled"})
            if task.activity_id.exists():
                task.activity_id.sudo().unlink()
        return True

    def _sync_activity(self):
        """The owner's Coordination activity on the task (the owner may be in a
        department that does not work tickets)."""
        self.ensure_one()
        values = {
            "activity_type_id": self.env.ref("customer_dev_maint.mail_activity_type_coordination").id,
            "user_id": self.user_id.id,
            "date_deadline": self.date_deadline,
            "summary": self.with_context(lang=self.user_id.lang)._activity_summary(),
        }
        activity = self.activity_id.exists()
        if activity:
            activity.sudo().write(values)
        else:
            values.update({"res_model_id": self.env["ir.model"]._get_id(self._name), "res_id": self.id})
            self.sudo().activity_id = self.env["mail.activity"].sudo().create(values)

    def _activity_summary(self):
        return _("%(ticket)s for %(team)s: %(what)s (by %(date)s)") % {
            "ticket": self.ticket_id.number, "team": self.team_id.name, "what": self.name,
            "date": format_date(self.env, self.date_deadline)}

    def _close_activity(self, feedback):
        activity = self.activity_id.exists()
        if activity:
            activity.sudo().action_feedback(feedback=feedback)
