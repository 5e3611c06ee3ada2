from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import plaintext2html
from odoo.tools.misc import format_date

from ..jobs import commit_batch
from ..roles import is_manager


class CrmLeadMilestone(models.Model):
    """A delivery milestone of a won or nearly won deal (§3.1 "set milestones
    and delivery dates and deliver on time", D6)."""

    _name = "crm.lead.milestone"
    _description = "Deal Milestone"
    _inherit = ["mail.thread", "cdm.confidential.mixin"]
    _order = "planned_date, id"
    # Milestones share their deal's confidentiality (C1).
    _cdm_owner_paths = ("user_id", "lead_id.user_id")
    _cdm_team_path = "lead_id.team_id"
    _cdm_parent_field = "lead_id"

    name = fields.Char(required=True, track_visibility="onchange")
    lead_id = fields.Many2one(
        "crm.lead", string="Deal", required=True, ondelete="cascade", index=True,
        domain=[("type", "=", "opportunity")],
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, index=True, track_visibility="onchange",
        default=lambda self: self.env.user,
    )
    planned_date = fields.Date(required=True, index=True, track_visibility="onchange")
    done_date = fields.Date(track_visibility="onchange")
    deliverable = fields.Text(help="What is handed to the customer at this milestone.")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True, default="planned", index=True, track_visibility="onchange",
    )
    delivery_status = fields.Selection(
        [("pending", "Pending"), ("on_time", "On Time"), ("late", "Late")],
        compute="_compute_delivery_status", store=True, index=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue",
    )
    reminder_date = fields.Date(
        copy=False, readonly=True, help="When the owner was reminded of the due date.",
    )
    # What later KPI and confidentiality work reads: deal, customer, department.
    partner_id = fields.Many2one(
        related="lead_id.partner_id.commercial_partner_id", store=True, readonly=True,
        string="Customer",
    )
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True, readonly=True)

    @api.depends("state", "planned_date", "done_date")
    def _compute_delivery_status(self):
        for milestone in self:
            if milestone.state != "done" or not milestone.done_date:
                milestone.delivery_status = "pending"
            elif milestone.done_date <= milestone.planned_date:
                milestone.delivery_status = "on_time"
            else:
                milestone.delivery_status = "late"

    def _compute_is_overdue(self):
        overdue = self._overdue()
        for milestone in self:
            milestone.is_overdue = milestone in overdue

    def _search_is_overdue(self, operator, value):
        domain = self._overdue_domain()
        if (operator == "=") != bool(value):
            domain = ["!"] + expression.normalize_domain(domain)
        return expression.normalize_domain(domain)

    @api.constrains("state", "done_date", "planned_date")
    def _check_dates(self):
        for milestone in self:
            if milestone.state == "done" and not milestone.done_date:
                raise ValidationError(_("Give the date milestone %s was delivered.") % milestone.name)

    @api.model
    def create(self, vals):
        if vals.get("state") == "done" and not vals.get("done_date"):
            vals["done_date"] = self.env["cdm.policy"].today()
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if vals.get("state") == "done" and not vals.get("done_date"):
            vals = dict(vals, done_date=self.env["cdm.policy"].today())
        if "planned_date" in vals and "reminder_date" not in vals:
            vals = dict(vals, reminder_date=False)
        return super().write(vals)

    @api.multi
    def action_done(self):
        self.write({"state": "done"})
        return True

    @api.multi
    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    @api.multi
    def action_reset(self):
        self.write({"state": "planned", "done_date": False})
        return True

    @api.model
    def _overdue_domain(self, today=None):
        """Overdue: still planned after its planned date."""
        today = today or self.env["cdm.policy"].today()
        return [("state", "=", "planned"), ("planned_date", "<", today)]

    def _overdue(self, today=None):
        """These milestones that are overdue (see ``_overdue_domain``)."""
        today = today or self.env["cdm.policy"].today()
        return self.filtered(lambda m: m.state == "planned" and m.planned_date and m.planned_date < today)

    def _on_time_rate(self, today=None):
        """Percentage delivered by the planned date, out of the milestones
        delivered or overdue (cancelled ones do not count)."""
        due = self._fallen_due(today)
        on_time = due.filtered(lambda m: m.delivery_status == "on_time")
        return round(100.0 * len(on_time) / len(due), 1) if due else 0.0

    def _fallen_due(self, today=None):
        """The milestones delivered or overdue (a line being typed may have
        no planned date yet)."""
        today = today or self.env["cdm.policy"].today()
        return self.filtered(lambda m: m.state == "done" or (
            m.state == "planned" and m.planned_date and m.planned_date < today))

    @api.model
    def on_time_counts(self, date_from=None, date_to=None, today=None, user_ids=None):
        """On-time delivery per milestone owner, for appraisal (A1) and the
        report: a list of ``{"user_id", "due", "on_time", "rate"}``, one per
        owner with milestones fallen due planned in [date_from, date_to]
        (both optional, ISO dates). A milestone falls due when delivered or
        when its planned date has passed while still planned; cancelled ones
        never do. Only the milestones the caller may read count, and a
        person's figure is for them and for who judges them: callers who are
        neither managers, auditors nor the superuser (the appraisal) get
        their own. One query."""
        today = today or self.env["cdm.policy"].today()
        user = self.env.user
        if not (is_manager(self.env) or user.has_group("customer_dev_maint.group_auditor")):
            user_ids = [user.id]
        domain = [("state", "!=", "cancelled")]
        if date_from:
            domain.append(("planned_date", ">=", date_from))
        if date_to:
            domain.append(("planned_date", "<=", date_to))
        if user_ids:
            domain.append(("user_id", "in", list(user_ids)))
        query = self._where_calc(domain)
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute("""
            SELECT crm_lead_milestone.user_id,
                   COUNT(*) FILTER (WHERE crm_lead_milestone.delivery_status = 'on_time'),
                   COUNT(*) FILTER (WHERE crm_lead_milestone.state = 'done'
                                    OR crm_lead_milestone.planned_date < %%s)
              FROM %s
             WHERE %s
          GROUP BY crm_lead_milestone.user_id
          ORDER BY crm_lead_milestone.user_id
        """ % (from_clause, where_clause or "TRUE"), [today] + params)
        return [{"user_id": user_id, "due": due, "on_time": on_time,
                 "rate": round(100.0 * on_time / due, 1)}
                for user_id, on_time, due in self.env.cr.fetchall() if due]

    @api.model
    def _cron_milestone_reminders(self, today=None, commit=False, batch_size=200):
        """Give each milestone owner an activity on the deal the policy's
        number of days before the planned date; once per planned date."""
        today = today or self.env["cdm.policy"].today()
        today_date = fields.Date.from_string(today)
        activity_type = self.env.ref("customer_dev_maint.mail_activity_type_milestone",
                                     raise_if_not_found=False)
        lead_model = self.env["ir.model"]._get("crm.lead")
        Policy = self.env["cdm.policy"]
        companies = self.read_group([("state", "=", "planned"), ("reminder_date", "=", False)],
                                    ["company_id"], ["company_id"])
        for company in self.env["res.company"].browse(
                [group["company_id"][0] for group in companies if group["company_id"]]):
            days = Policy.for_company(company).milestone_reminder_days
            horizon = fields.Date.to_string(today_date + timedelta(days=days))
            due = self.search([("state", "=", "planned"), ("reminder_date", "=", False),
                               ("planned_date", "<=", horizon), ("company_id", "=", company.id)])
            for start in range(0, len(due), batch_size):
                batch_ids = due.ids[start:start + batch_size]
                self.env.cr.execute(
                    "SELECT id FROM crm_lead_milestone WHERE id IN %s AND reminder_date IS NULL "
                    "FOR NO KEY UPDATE SKIP LOCKED", (tuple(batch_ids),))
                milestones = self.browse([row[0] for row in self.env.cr.fetchall()])
                for milestone in milestones:
                    texts = milestone.with_context(
                        lang=milestone.user_id.lang)._reminder_texts()
                    self.env["mail.activity"].create(dict(texts, **{
                        "res_model_id": lead_model.id,
                        "res_id": milestone.lead_id.id,
                        "activity_type_id": activity_type.id if activity_type else False,
                        "user_id": milestone.user_id.id,
                        "date_deadline": milestone.planned_date,
                    }))
                milestones.write({"reminder_date": today})
                commit_batch(self.env, commit)
        return True

    def _reminder_texts(self):
        """Summary and note of the reminder, in this environment's language
        (the owner's), the date in that language's format."""
        self.ensure_one()
        note = _("Deliver by %s.") % format_date(self.env, self.planned_date)
        if self.deliverable:
            note = "%s\n%s" % (note, self.deliverable)
        return {"summary": _("Milestone due: %s") % self.name,
                "note": plaintext2html(note)}
