from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.addons.base.res.res_partner import _tz_get
from odoo.exceptions import ValidationError


def _default_timezone(policy):
    return policy.env.user.company_id.partner_id.tz or policy.env.user.tz or "UTC"


# The transaction's lookups of the policy of each company (``_policy_of``).
POLICY_CACHE = "cdm.policy.of_company"
# Set once a policy is created or moved in the transaction: lookups are then not kept.
POLICY_CHANGED = "cdm.policy.changed"


class CdmPolicy(models.Model):
    """The company's customer development and maintenance policy: every
    threshold, interval and weight the product applies lives here, one record
    per company, each change tracked in the chatter (G1)."""

    _name = "cdm.policy"
    _description = "Customer Relations Policy"
    _inherit = ["mail.thread"]
    _order = "company_id"

    name = fields.Char(
        required=True, translate=True, track_visibility="onchange",
        default=lambda self: _("Customer Development and Maintenance Management Policy"),
    )
    version = fields.Char(
        required=True, default="1.0", track_visibility="onchange",
        help="Version of the policy text these settings implement.",
    )
    # Stamped by the settings versioning (cdm_policy_versioning.py).
    effective_date = fields.Date(
        default=fields.Date.context_today, track_visibility="onchange",
        readonly=True, server_owned=True,
        help="Day the settings version in force took effect: the day of its last saved change.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", index=True,
        default=lambda self: self.env.user.company_id,
    )
    note = fields.Html(string="Policy Notes")
    timezone = fields.Selection(
        _tz_get, string="Policy Time Zone", required=True, default=_default_timezone,
        track_visibility="onchange",
        help="The day the policy counts in: due and overdue revisits, reminders, escalations "
             "and every report use today's date in this time zone, whoever looks and "
             "whichever server runs the jobs.",
    )

    # Development settings (§3.1) ------------------------------------------
    screening_threshold = fields.Float(
        string="Qualification Threshold", default=60.0, track_visibility="onchange",
        help="Weighted screening score (0-100) a lead needs to be qualified.",
    )
    milestone_reminder_days = fields.Integer(
        string="Milestone Reminder (days before)", default=3, track_visibility="onchange",
        help="Days before a milestone's planned date its owner gets a reminder activity.",
    )
    handover_tier_id = fields.Many2one(
        "cdm.service.tier", string="Default Handover Tier", ondelete="set null",
        track_visibility="onchange",
        default=lambda self: self.env.ref("customer_dev_maint.tier_standard",
                                          raise_if_not_found=False),
        help="Service tier a new customer gets when its first deal is won, "
             "unless the deal names another.",
    )

    # Maintenance settings (§3.2) ------------------------------------------
    revisit_escalation_days = fields.Integer(
        string="Escalate Overdue Revisits After (days)", default=7, track_visibility="onchange",
        help="Days a revisit may stay overdue before its department's manager gets an activity.",
    )
    revisit_escalation_user_id = fields.Many2one(
        "res.users", string="Escalation Manager", track_visibility="onchange",
        help="Receives overdue revisit escalations of departments without a team leader.",
    )
    revisit_spread_days = fields.Integer(
        string="Spread Revisits Over (working days)", default=5, track_visibility="onchange",
        help="A new revisit is due on the working day, among this many up to its latest due "
             "date, on which its owner has the fewest revisits, so that customers handed over "
             "together do not pile up on one day. Never later than the tier's interval; "
             "0 or 1 keeps every revisit on its latest due date.",
    )
    revisit_escalation_warning = fields.Text(
        compute="_compute_revisit_escalation_warning",
        help="Maintenance departments whose overdue revisits have nobody to escalate to.",
    )
    revisit_batch_size = fields.Integer(
        string="Revisit Job Batch Size", default=500, track_visibility="onchange",
        help="Customers the revisit scheduling job handles per transaction.",
    )
    tier_revenue_window_months = fields.Integer(
        string="Revenue Window (months)", default=12, track_visibility="onchange",
        help="Won revenue of this many past months is the customer's value.",
    )
    tier_strategic_revenue = fields.Float(
        string="Strategic Tier: Revenue From", default=1000000.0, track_visibility="onchange",
        help="Won revenue in the window from which the Strategic tier is suggested.",
    )
    tier_strategic_potential = fields.Integer(
        string="Strategic Tier: Potential From", default=80, track_visibility="onchange",
        help="Potential score (0-100) from which the Strategic tier is suggested.",
    )
    tier_key_revenue = fields.Float(
        string="Key Tier: Revenue From", default=200000.0, track_visibility="onchange",
        help="Won revenue in the window from which the Key tier is suggested.",
    )
    tier_key_potential = fields.Integer(
        string="Key Tier: Potential From", default=60, track_visibility="onchange",
        help="Potential score (0-100) from which the Key tier is suggested.",
    )
    satisfaction_revisit_count = fields.Integer(
        string="Satisfaction Over Last Revisits", default=5, track_visibility="onchange",
        help="Number of completed revisits the customer's satisfaction average and trend use.",
    )
    health_weight_satisfaction = fields.Integer(
        string="Health Weight: Satisfaction", default=40, track_visibility="onchange",
        help="Weight of the customer's average revisit satisfaction in the health score.")
    health_weight_revisit = fields.Integer(
        string="Health Weight: Revisits on Time", default=20, track_visibility="onchange",
        help="Weight of revisits done on time in the health score.")
    health_weight_complaints = fields.Integer(
        string="Health Weight: Open Complaints", default=20, track_visibility="onchange",
        help="Weight of having no open complaints in the health score.")
    health_weight_revenue = fields.Integer(
        string="Health Weight: Revenue", default=20, track_visibility="onchange",
        help="Weight of the customer's won revenue in the revenue window in the health score.")

    # Appraisal settings (§4) ----------------------------------------------
    appraisal_achievement_cap = fields.Float(
        string="Achievement Cap (%)", default=120.0, track_visibility="onchange",
        help="A KPI's achievement (actual / target) counts up to this percentage; the "
             "weighted score is kept between 0 and 100.")
    appraisal_weights_total_100 = fields.Boolean(
        string="KPI Weights Must Total 100", default=True, track_visibility="onchange",
        help="Refuse to compute a run while the KPI weights of a role do not add up to 100.")
    appraisal_outstanding_count = fields.Integer(
        string="Outstanding Employees per Run", default=3, track_visibility="onchange",
        help="The best ranked employees of a run nominated as outstanding (tied ranks "
             "are nominated together).")
    misconduct_deduction_verbal_warning = fields.Float(
        string="Deduction: Verbal Warning", default=5.0, track_visibility="onchange",
        help="Points a confirmed verbal warning in the period deducts from the score.")
    misconduct_deduction_written_warning = fields.Float(
        string="Deduction: Written Warning", default=10.0, track_visibility="onchange",
        help="Points a confirmed written warning in the period deducts from the score.")
    misconduct_deduction_demotion = fields.Float(
        string="Deduction: Demotion", default=20.0, track_visibility="onchange",
        help="Points a confirmed demotion in the period deducts from the score.")
    misconduct_deduction_dismissal = fields.Float(
        string="Deduction: Dismissal", default=100.0, track_visibility="onchange",
        help="Points a confirmed dismissal in the period deducts from the score.")
    misconduct_history_months = fields.Integer(
        string="Misconduct History Window (months)", default=12, track_visibility="onchange",
        help="Confirmed misconduct cases of this many past months decide the next measure "
             "suggested on the ladder (verbal warning, written warning, demotion, dismissal).")

    _sql_constraints = [
        ("company_uniq", "unique(company_id)",
         "A company has one customer relations policy."),
    ]

    @api.constrains("screening_threshold", "milestone_reminder_days")
    def _check_development_settings(self):
        for policy in self:
            if not 0 <= policy.screening_threshold <= 100:
                raise ValidationError(_("The qualification threshold goes from 0 to 100."))
            if policy.milestone_reminder_days < 0:
                raise ValidationError(_("The milestone reminder cannot be a negative number of days."))

    @api.constrains("revisit_escalation_days", "revisit_batch_size", "revisit_spread_days",
                    "tier_revenue_window_months",
                    "tier_strategic_revenue", "tier_strategic_potential", "tier_key_revenue",
                    "tier_key_potential", "satisfaction_revisit_count", "health_weight_satisfaction",
                    "health_weight_revisit", "health_weight_complaints", "health_weight_revenue")
    def _check_maintenance_settings(self):
        for policy in self:
            if policy.revisit_escalation_days < 0:
                raise ValidationError(_("The overdue revisit escalation delay cannot be negative."))
            if policy.revisit_batch_size < 1:
                raise ValidationError(_("The revisit job batch size must be at least 1."))
            if policy.revisit_spread_days < 0:
                raise ValidationError(_("Revisits cannot be spread over a negative number of days."))
            if policy.tier_revenue_window_months < 1:
                raise ValidationError(_("The revenue window must be at least one month."))
            if policy.satisfaction_revisit_count < 1:
                raise ValidationError(_("The satisfaction average needs at least one revisit."))
            for potential in (policy.tier_strategic_potential, policy.tier_key_potential):
                if not 0 <= potential <= 100:
                    raise ValidationError(_("Potential thresholds lie between 0 and 100."))
            if policy.tier_key_revenue < 0 or policy.tier_strategic_revenue < policy.tier_key_revenue:
                raise ValidationError(_(
                    "Revenue thresholds cannot be negative, and the Strategic threshold cannot "
                    "be lower than the Key threshold."))
            if policy.tier_strategic_potential < policy.tier_key_potential:
                raise ValidationError(_(
                    "The Strategic potential threshold cannot be lower than the Key threshold."))
            weights = (policy.health_weight_satisfaction, policy.health_weight_revisit,
                       policy.health_weight_complaints, policy.health_weight_revenue)
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(_(
                    "Health score weights cannot be negative and at least one must be positive."))

    @api.constrains("misconduct_history_months", "appraisal_achievement_cap",
                    "appraisal_outstanding_count", "misconduct_deduction_verbal_warning",
                    "misconduct_deduction_written_warning", "misconduct_deduction_demotion",
                    "misconduct_deduction_dismissal")
    def _check_appraisal_settings(self):
        for policy in self:
            if policy.misconduct_history_months < 1:
                raise ValidationError(_("The misconduct history window must be at least one month."))
            if policy.appraisal_achievement_cap < 100:
                raise ValidationError(_(
                    "The achievement cap cannot be below 100 %: reaching the target earns "
                    "the KPI's full weight."))
            if policy.appraisal_outstanding_count < 0:
                raise ValidationError(_("The number of outstanding employees cannot be negative."))
            if min(policy.misconduct_deduction_verbal_warning,
                   policy.misconduct_deduction_written_warning,
                   policy.misconduct_deduction_demotion, policy.misconduct_deduction_dismissal) < 0:
                raise ValidationError(_("Misconduct deductions cannot be negative."))
    @api.depends("revisit_escalation_user_id")
    def _compute_revisit_escalation_warning(self):
        """Without an escalation manager, overdue revisits of a department
        without a leader are escalated to nobody: say which departments."""
        teams = self.env["crm.team"].sudo().search(
            [("department_role", "=", "maintenance"), ("user_id", "=", False)])
        for policy in self:
            leaderless = teams.filtered(
                lambda team, company_id=policy.company_id.id: team.company_id.id in (company_id, False))
            if policy.revisit_escalation_user_id or not leaderless:
                policy.revisit_escalation_warning = False
                continue
            policy.revisit_escalation_warning = _(
                "Overdue revisits of %s have nowhere to go: these departments have no leader and "
                "no escalation manager is set. They are escalated as soon as you name a leader "
                "or an escalation manager.") % ", ".join(leaderless.mapped("name"))

    @api.model
    def _now(self):
        """The moment it is, a naive UTC datetime to the second: the module's
        one clock. "Today", ticket events and the access log read it; tests
        fix it by replacing this method (``tests/frozen_today.py``), never
        through the context, which a client fills as it likes."""
        return datetime.utcnow().replace(microsecond=0)

    @api.model
    def today(self, company=None, now=None):
        """Today's date (a ``YYYY-MM-DD`` string) in the policy's time zone of
        ``company`` (default: the user's): the one definition of "today" that
        jobs, computed fields, searches and reports share. ``now`` (a naive UTC
        datetime, default the clock ``_now``) is for callers that fix the moment."""
        company = company or self.env.user.company_id
        timezone = self.for_company(company, create=False).sudo().timezone
        moment = pytz.utc.localize(now or self._now())
        local = moment.astimezone(pytz.timezone(timezone or _default_timezone(self)))
        return fields.Date.to_string(local.date())

    @api.model
    def day_bounds(self, date_from, date_to, company=None):
        """The moments (naive UTC ``YYYY-MM-DD HH:MM:SS`` strings) where the
        policy's days ``date_from`` to ``date_to`` (inclusive) begin and end
        in the policy's time zone of ``company``: a record stamped at a moment
        belongs to the period when ``start <= moment < end``, the day it has
        in the company, as ``today()`` counts it."""
        company = company or self.env.user.company_id
        timezone = self.for_company(company, create=False).sudo().timezone
        zone = pytz.timezone(timezone or _default_timezone(self))
        bounds = []
        for day in (fields.Date.from_string(date_from),
                    fields.Date.from_string(date_to) + timedelta(days=1)):
            local = zone.localize(datetime.combine(day, time.min))
            bounds.append(fields.Datetime.to_string(local.astimezone(pytz.utc).replace(tzinfo=None)))
        return tuple(bounds)

    @api.model
    def _policy_of(self, company):
        """The saved policy of ``company`` (sudo), looked up once per
        transaction: every screen, check and compute asks for it. Once a
        policy is created or moved to another company in the transaction, a
        rollback to a savepoint may undo that without a word to the cursor:
        until the transaction ends every lookup searches again."""
        cr = self.env.cr
        cache = None if cr.cache.get(POLICY_CHANGED) else self._policy_lookups()
        if cache is not None and company.id in cache:
            return self.sudo().browse(cache[company.id])
        policy = self.sudo().search([("company_id", "=", company.id)], limit=1)
        if policy and cache is not None:  # not its absence: a rolled-back savepoint may bring one back
            cache[company.id] = policy.id
        return policy

    @api.model
    def _policy_lookups(self):
        """The transaction's lookups, dropped when it commits or rolls back."""
        cr = self.env.cr
        cache = cr.cache.get(POLICY_CACHE)
        if cache is None:
            cache = cr.cache[POLICY_CACHE] = {}
            cr.after("commit", lambda: self._forget_policies(cr))
            cr.after("rollback", lambda: self._forget_policies(cr))
        return cache

    @api.model
    def _policy_changed(self):
        """A policy created or moved: no lookup is kept until the transaction ends."""
        cr = self.env.cr
        cr.cache.pop(POLICY_CACHE, None)
        if not cr.cache.get(POLICY_CHANGED):
            cr.cache[POLICY_CHANGED] = True
            cr.after("commit", lambda: self._forget_policies(cr))
            cr.after("rollback", lambda: self._forget_policies(cr))

    @staticmethod
    def _forget_policies(cr):
        cr.cache.pop(POLICY_CACHE, None)
        cr.cache.pop(POLICY_CHANGED, None)

    @api.model
    def create(self, vals):
        self._policy_changed()
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if "company_id" in vals:
            self._policy_changed()
        return super().write(vals)

    @api.multi
    def unlink(self):
        self._forget_policies(self.env.cr)
        return super().unlink()

    @api.model
    def for_company(self, company=None, create=True):
        """The policy of ``company`` (default: the user's): the one lookup.

        Without one, it is created (with sudo: a company without a policy yet
        still needs its defaults, whoever asks first); with ``create=False``
        an unsaved record of the defaults stands in (computes also run while
        the module installs, before the policy record is loaded)."""
        company = company or self.env.user.company_id
        policy = self._policy_of(company)
        if not policy and not create:
            # new() alone leaves every setting empty (weights 0): the defaults stand in.
            Policy = self.sudo()
            values = Policy.default_get([name for name in Policy._fields if name != "id"])
            # Kept in sudo: an unsaved record's values live in its environment.
            return Policy.new(dict(values, company_id=company.id))
        if not policy:
            policy = self.sudo().create({"company_id": company.id})
        return policy.sudo(self.env.uid)

    @api.model
    def action_open_settings(self):
        """Policy Settings: the form of the user's company's policy, the one
        record there is to set (not a list that offers to create another)."""
        policy = self.for_company()
        return {
            "type": "ir.actions.act_window",
            "name": _("Policy Settings"),
            "res_model": self._name,
            "res_id": policy.id,
            "view_mode": "form",
            "views": [(self.env.ref("customer_dev_maint.cdm_policy_view_form").id, "form")],
            "target": "current",
        }
