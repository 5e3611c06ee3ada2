from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..roles import ROLES, is_manager
from ..server_only import as_server
from .cdm_kpi import ADDITIVE_SOURCES
from .cdm_misconduct_case import CONFIRMED_STATES
from .translated_copy import name_in_reader_language

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("reviewed", "Reviewed"),
    ("approved", "Approved"),
]
OUTSTANDING_DECISIONS = [
    ("pending", "To Decide"),
    ("confirmed", "Confirmed"),
    ("declined", "Declined"),
]


class CdmAppraisal(models.Model):
    """One employee's appraisal in a run (A2, A3): KPI actuals, achievement,
    weighted score, misconduct deductions, grade and bonus, computed from the
    records of the period until it is approved, then frozen."""

    _name = "cdm.appraisal"
    _description = "Appraisal"
    _inherit = ["mail.thread"]
    # Equal scores share a rank and are listed by the employee's name.
    _order = "run_id desc, rank, employee_id, id"
    _rec_name = "employee_id"

    run_id = fields.Many2one(
        "cdm.appraisal.run", required=True, index=True, ondelete="cascade",
        readonly=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="restrict", readonly=True)
    user_id = fields.Many2one(
        "res.users", related="employee_id.user_id", store=True, readonly=True, index=True)
    department_id = fields.Many2one(
        "hr.department", related="employee_id.department_id", store=True, readonly=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True, readonly=True)
    date_from = fields.Date(related="run_id.date_from", store=True, readonly=True)
    date_to = fields.Date(related="run_id.date_to", store=True, readonly=True)
    period_type = fields.Selection(related="run_id.period_type", store=True, readonly=True)
    role = fields.Selection(ROLES, readonly=True, server_owned=True, help="Role whose KPI weights apply.")
    team_id = fields.Many2one("crm.team", string="Policy Department", readonly=True, server_owned=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    base_bonus = fields.Monetary(readonly=True, server_owned=True)
    line_ids = fields.One2many(
        "cdm.appraisal.line", "appraisal_id", string="KPIs", readonly=True, server_owned=True)
    # Figures are kept in full precision and rounded for display only, so the
    # lines add up to the score shown.
    kpi_points = fields.Float(string="KPI Points", readonly=True, server_owned=True, group_operator="avg")
    misconduct_case_ids = fields.Many2many(
        "cdm.misconduct.case", string="Misconduct in Period", readonly=True, server_owned=True)
    deduction = fields.Float(
        string="Misconduct Deduction", digits=(16, 2), readonly=True, server_owned=True, group_operator="avg")
    score = fields.Float(readonly=True, server_owned=True, group_operator="avg",
                         help="Weighted KPI points (at most 100) less misconduct deductions, "
                              "at least 0.")
    grade_id = fields.Many2one("cdm.appraisal.grade", readonly=True, server_owned=True)
    grade_title = fields.Char(string="Grade Name", readonly=True, server_owned=True)
    grade_label = fields.Char(
        string="Grade", compute="_compute_grade_label",
        help="The grade's name in the reader's language (the name it had when computed).")
    bonus_coefficient = fields.Float(string="Coefficient", digits=(16, 2), readonly=True, server_owned=True)
    bonus = fields.Monetary(readonly=True, server_owned=True)
    computed_on = fields.Datetime(readonly=True, server_owned=True, copy=False)
    state = fields.Selection(
        STATES, required=True, default="draft", readonly=True, server_owned=True, copy=False,
        track_visibility="onchange")
    employee_comment = fields.Text(
        track_visibility="onchange", help="The employee's comment, given when submitting.")
    manager_comment = fields.Text(
        track_visibility="onchange", help="The manager's comment, required to review.")
    submitted_on = fields.Date(readonly=True, server_owned=True, copy=False)
    reviewed_by_id = fields.Many2one("res.users", readonly=True, server_owned=True, copy=False)
    reviewed_on = fields.Date(readonly=True, server_owned=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, server_owned=True, copy=False)
    approved_on = fields.Date(readonly=True, server_owned=True, copy=False)
    rank = fields.Integer(readonly=True, server_owned=True, copy=False, group_operator="min")
    outstanding_nominated = fields.Boolean(
        string="Nominated Outstanding", readonly=True, server_owned=True, copy=False,
        help="Among the best ranked of the run (policy setting).")
    outstanding_decision = fields.Selection(
        OUTSTANDING_DECISIONS, default="pending", readonly=True, server_owned=True,
        copy=False, track_visibility="onchange")
    outstanding_reason = fields.Text(
        track_visibility="onchange",
        help="Why the manager declines a nomination or recognises an employee who was not "
             "nominated.")
    outstanding_decided_by_id = fields.Many2one("res.users", readonly=True, server_owned=True, copy=False)
    recognition_id = fields.Many2one(
        "cdm.appraisal.recognition", readonly=True, server_owned=True, copy=False)

    _sql_constraints = [
        ("run_employee_uniq", "unique(run_id, employee_id)",
         "An employee has one appraisal per run."),
    ]

    @api.depends("grade_id", "grade_title")
    def _compute_grade_label(self):
        labels = name_in_reader_language(
            self, lambda appraisal: appraisal.grade_id, lambda appraisal: appraisal.grade_title)
        for appraisal in self:
            appraisal.grade_label = labels[appraisal]

    def write(self, vals):
        if not self.env.user._is_superuser():
            self._check_write(vals)
        return super().write(vals)

    def _check_write(self, vals):
        """Each comment is its author's. Figures and workflow are server-owned
        fields (``server_owned=True``), refused to clients by the rule every
        model shares."""
        manager = is_manager(self.env)
        for appraisal in self:
            if "employee_comment" in vals:
                if appraisal.user_id != self.env.user or appraisal.state != "draft":
                    raise AccessError(_(
                        "Only %s writes the employee's comment, before submitting.")
                        % appraisal.employee_id.name)
            if "manager_comment" in vals or "outstanding_reason" in vals:
                if not manager or appraisal.user_id == self.env.user:
                    raise AccessError(_(
                        "Only a manager other than the employee writes the manager's comment "
                        "and the outstanding decision."))
                if "manager_comment" in vals and appraisal.state == "approved":
                    raise UserError(_("An approved appraisal is frozen."))

    # Computation ----------------------------------------------------------

    def _compute_figures(self, today=None):
        """Compute these appraisals (of one run) from the records of the
        period: one grouped query per KPI source and one for the misconduct
        cases, whatever the number of employees."""
        run = self.mapped("run_id")
        run.ensure_one()
        if self.filtered(lambda a: a.state == "approved"):
            raise UserError(_("An approved appraisal is frozen: it is not computed again."))
        company = run.company_id
        policy = self.env["cdm.policy"].for_company(company)
        today = today or self.env["cdm.policy"].today(company)
        Line = self.env["cdm.appraisal.line"].sudo()
        roles = {appraisal.id: appraisal._role_of() for appraisal in self}
        kpis = self.env["cdm.kpi"]._for_run(company, set(roles.values()))
        bands = self.env["cdm.appraisal.grade"]._bands(company)
        users = self.mapped("user_id")
        actuals = {kpi.id: kpi._actuals(users, run.date_from, run.date_to, company, today)
                   for kpi in kpis}
        cases = self._misconduct_in_period(run, company)
        cap = policy.appraisal_achievement_cap
        lines_by_appraisal = {}
        for line in Line.search([("appraisal_id", "in", self.ids)]):
            lines_by_appraisal.setdefault(line.appraisal_id.id, {})[line.kpi_id.id] = line
        for appraisal in as_server(self.sudo()):
            role = roles[appraisal.id]
            user_id = appraisal.user_id.id
            rows = []
            for kpi in [kpi for kpi in kpis if kpi["weight_%s" % role]]:
                values = actuals[kpi.id]
                measured = user_id in values or kpi.source in ADDITIVE_SOURCES
                rows.append({
                    "kpi": kpi,
                    "weight": kpi["weight_%s" % role],
                    "target": kpi._target(role, run.date_from, run.date_to),
                    "actual": values.get(user_id, 0.0),
                    "measured": measured,
                })
            figures = self._score_rows(rows, cap)
            existing = lines_by_appraisal.get(appraisal.id, {})
            for row in figures["rows"]:
                kpi = row.pop("kpi")
                line = existing.pop(kpi.id, None)
                vals = dict(row, name=kpi.with_context(lang="en_US").name, sequence=kpi.sequence,
                            unit=kpi.unit)
                if line:
                    line.write(vals)
                else:
                    Line.create(dict(vals, appraisal_id=appraisal.id, kpi_id=kpi.id))
            if existing:
                Line.browse([line.id for line in existing.values()]).unlink()
            own_cases = cases.get(appraisal.employee_id.id, self.env["cdm.misconduct.case"])
            deduction = sum(self._deduction_of(case.measure, policy) for case in own_cases)
            score = max(0.0, figures["points"] - deduction)
            # The grade is the one of the score as shown (two decimals).
            grade = self.env["cdm.appraisal.grade"]._grade_of(round(score, 2), bands)
            base_bonus = appraisal.employee_id.sudo().appraisal_base_bonus
            appraisal.write({
                "role": role,
                "team_id": appraisal.user_id.sale_team_id.id,
                "base_bonus": base_bonus,
                "kpi_points": figures["points"],
                "misconduct_case_ids": [(6, 0, own_cases.ids)],
                "deduction": deduction,
                "score": score,
                "grade_id": grade.id,
                "grade_title": grade.with_context(lang="en_US").name,
                "bonus_coefficient": grade.coefficient,
                "bonus": company.currency_id.round(base_bonus * grade.coefficient),
                "computed_on": fields.Datetime.to_string(self.env["cdm.policy"]._now()),
            })
        return True

    def _role_of(self):
        """The role whose weights apply: the kept one, else the employee's
        policy department."""
        self.ensure_one()
        role = self.role or self.user_id.sale_team_id.department_role
        if not role:
            raise UserError(_(
                "%s works in no policy department: put their user in a development or "
                "maintenance sales team to appraise them.") % self.employee_id.name)
        return role

    @api.model
    def _score_rows(self, rows, cap):
        """Achievement (actual / target, capped at ``cap`` %), effective
        weight and points of each KPI row; weights of KPIs that are not
        measured go to the measured ones in proportion. Returns the rows and
        the total points (at most 100), all in full precision: rounding is
        for display only."""
        measured_weight = sum(row["weight"] for row in rows if row["measured"])
        total = 0.0
        for row in rows:
            if row["measured"] and row["weight"] and row["target"]:
                achievement = 100.0 * row["actual"] / row["target"]
            else:
                achievement = 0.0
            row["achievement"] = achievement
            counted = min(achievement, cap)
            weight = (100.0 * row["weight"] / measured_weight
                      if row["measured"] and measured_weight else 0.0)
            row["weight_effective"] = weight
            row["points"] = weight * counted / 100.0
            total += row["points"]
        points = min(100.0, total)
        return {"rows": rows, "points": points}

    @api.model
    def _deduction_of(self, measure, policy):
        return policy["misconduct_deduction_%s" % measure] if measure else 0.0

    def _misconduct_in_period(self, run, company):
        """{employee_id: confirmed cases dated in the run's period}: one search."""
        cases = self.env["cdm.misconduct.case"].sudo().search([
            ("employee_id", "in", self.mapped("employee_id").ids),
            ("company_id", "=", company.id),
            ("state", "in", CONFIRMED_STATES),
            ("date", ">=", run.date_from), ("date", "<=", run.date_to)])
        by_employee = {}
        for case in cases:
            by_employee.setdefault(case.employee_id.id, self.env["cdm.misconduct.case"])
            by_employee[case.employee_id.id] |= case
        return by_employee

    # Workflow (A3) -----------------------------------------------------------

    def _check_state(self, allowed):
        labels = dict(STATES)
        for appraisal in self:
            if appraisal.state not in allowed:
                raise UserError(_("The appraisal of %(employee)s is %(state)s.") % {
                    "employee": appraisal.employee_id.name, "state": labels[appraisal.state]})

    def _check_manager_of(self):
        """A manager, never about their own appraisal (the superuser acts for
        the system, e.g. when loading data)."""
        if self.env.user._is_superuser():
            return
        if not is_manager(self.env):
            raise AccessError(_("Only a Customer Relations Manager may do this."))
        for appraisal in self:
            if appraisal.user_id == self.env.user:
                raise AccessError(_("A manager does not review or approve their own appraisal."))

    def _advance(self, vals, message):
        for appraisal in self:
            as_server(appraisal.sudo()).write(vals)
            appraisal.sudo().message_post(body=message, author_id=self.env.user.partner_id.id)

    def action_recompute(self):
        """The Recompute button (a button takes no parameter: the web client
        passes its context after the ids)."""
        return self._recompute_appraisals()

    def _recompute_appraisals(self, today=None):
        """Compute these appraisals again from the records of the period;
        ``today`` (default the policy's) is the day rates count as due by."""
        if not is_manager(self.env):
            raise AccessError(_("Only a Customer Relations Manager may do this."))
        self._check_state(("draft", "submitted", "reviewed"))
        by_run = {}
        for appraisal in self:
            by_run.setdefault(appraisal.run_id, self.browse())
            by_run[appraisal.run_id] |= appraisal
        for run, appraisals in by_run.items():
            appraisals.with_context(tracking_disable=True)._compute_figures(today)
            run._rank()
        return True

    def action_submit(self):
        """The employee submits the appraisal with their comment."""
        self._check_state(("draft",))
        for appraisal in self:
            if appraisal.user_id != self.env.user and not self.env.user._is_superuser():
                raise AccessError(_("Only %s submits this appraisal.") % appraisal.employee_id.name)
            if not appraisal.computed_on:
                raise UserError(_("The appraisal has not been computed yet."))
        self._advance({"state": "submitted", "submitted_on": self.env["cdm.policy"].today()},
                      _("Submitted by the employee."))
        return True

    def action_review(self):
        self._check_manager_of()
        self._check_state(("submitted",))
        for appraisal in self:
            if not (appraisal.manager_comment or "").strip():
                raise UserError(_(
                    "Write the manager's comment on the appraisal of %s before reviewing it.")
                    % appraisal.employee_id.name)
        self._advance({"state": "reviewed", "reviewed_by_id": self.env.uid,
                       "reviewed_on": self.env["cdm.policy"].today()}, _("Reviewed."))
        return True

    def action_approve(self):
        """Approve: every figure is frozen from now on."""
        self._check_manager_of()
        self._check_state(("reviewed",))
        self._advance({"state": "approved", "approved_by_id": self.env.uid,
                       "approved_on": self.env["cdm.policy"].today()},
                      _("Approved: the figures are frozen."))
        return True

    def action_send_back(self):
        """Back to the employee (draft) before approval."""
        self._check_manager_of()
        self._check_state(("submitted", "reviewed"))
        self._advance({"state": "draft"}, _("Sent back to the employee."))
        return True

    # Outstanding employees (A4) -------------------------------------------------

    def action_confirm_outstanding(self):
        """Recognise the employee as outstanding: the nomination, or an
        override with the manager's reason. The run must be approved."""
        self._check_manager_of()
        Recognition = self.env["cdm.appraisal.recognition"].sudo()
        for appraisal in self:
            appraisal._check_decidable()
            overridden = not appraisal.outstanding_nominated
            if overridden and not (appraisal.outstanding_reason or "").strip():
                raise UserError(_(
                    "%s was not nominated: give the reason for recognising them.")
                    % appraisal.employee_id.name)
            recognition = Recognition.create({
                "appraisal_id": appraisal.id,
                "employee_id": appraisal.employee_id.id,
                "date": self.env["cdm.policy"].today(),
                "reason": appraisal.outstanding_reason,
                "overridden": overridden,
                "confirmed_by_id": self.env.uid,
            })
            appraisal._advance({"outstanding_decision": "confirmed", "recognition_id": recognition.id,
                                "outstanding_decided_by_id": self.env.uid},
                               _("Recognised as outstanding employee."))
        return True

    def action_decline_outstanding(self):
        self._check_manager_of()
        for appraisal in self:
            appraisal._check_decidable()
            if not (appraisal.outstanding_reason or "").strip():
                raise UserError(_(
                    "Give the reason for declining the nomination of %s.")
                    % appraisal.employee_id.name)
            appraisal._advance({"outstanding_decision": "declined",
                                "outstanding_decided_by_id": self.env.uid},
                               _("Outstanding nomination declined."))
        return True

    def _check_decidable(self):
        self.ensure_one()
        if self.run_id.state != "approved":
            raise UserError(_(
                "Outstanding employees are decided once the run %s is approved.") % self.run_id.name)
        if self.outstanding_decision != "pending":
            raise UserError(_("The outstanding decision on %s was already taken.")
                            % self.employee_id.name)

    def action_print(self):
        return self.env.ref("customer_dev_maint.action_report_cdm_appraisal").report_action(self)

    def _report_file_name(self):
        """Name of the printed appraisal's file, in the reader's language."""
        self.ensure_one()
        return _("Appraisal - %(employee)s - %(run)s") % {
            "employee": self.employee_id.name, "run": self.run_id.name}
