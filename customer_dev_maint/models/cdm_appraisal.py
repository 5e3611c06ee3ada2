from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..bulk_rows import insert_rows, update_rows
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

    def _compute_figures(self, today=None, facts=None):
        """Compute these appraisals (of one run) from the records of the
        period: one grouped query per KPI source and one for the misconduct
        cases, whatever the number of employees; the figures and their lines
        are written by a few statements for the whole run (server-computed
        figures: no chatter, no per-record write). ``facts``: the employees'
        ``_appraisal_facts`` when the caller has them already."""
        # The appraisals' few fields the computation needs, read for all at once.
        appraisals = {row["id"]: row for row in self.sudo().read(
            ["run_id", "employee_id", "user_id", "department_id", "company_id", "date_from",
             "state", "role"], load="_classic_write")}
        run = self.env["cdm.appraisal.run"].browse({row["run_id"] for row in appraisals.values()})
        run.ensure_one()
        if any(row["state"] == "approved" for row in appraisals.values()):
            raise UserError(_("An approved appraisal is frozen: it is not computed again."))
        company = run.company_id
        policy = self.env["cdm.policy"].for_company(company)
        today = today or self.env["cdm.policy"].today(company)
        users = self.env["res.users"].browse({row["user_id"] for row in appraisals.values()})
        employee_ids = [row["employee_id"] for row in appraisals.values()]
        if facts is None or any(employee_id not in facts for employee_id in employee_ids):
            facts = self.env["hr.employee"].browse(employee_ids)._appraisal_facts()
        roles = {}
        for row in appraisals.values():
            employee = facts[row["employee_id"]]
            roles[row["id"]] = row["role"] or employee["role"]
            if not roles[row["id"]]:
                raise UserError(self._no_role_message(employee["name"]))
        kpis = self.env["cdm.kpi"]._for_run(company, set(roles.values()))
        bands = self.env["cdm.appraisal.grade"]._bands(company)
        actuals = {kpi.id: kpi._actuals(users, run.date_from, run.date_to, company, today)
                   for kpi in kpis}
        cases = self._misconduct_in_period(
            run, company, [row["employee_id"] for row in appraisals.values()])
        cap = policy.appraisal_achievement_cap
        # Names are kept in English, shown in the reader's language (kpi_label, grade_label);
        # read again only when the records at hand speak another language.
        def english(records):
            if records.env.context.get("lang") in (None, False, "en_US"):
                return records
            return records.with_context(lang="en_US")

        kpi_names = {kpi.id: kpi.name for kpi in english(kpis)}
        grade_names = {grade.id: grade.name for grade in english(bands)}
        targets = {(kpi.id, role): kpi._target(role, run.date_from, run.date_to)
                   for kpi in kpis for role in set(roles.values())}
        now = fields.Datetime.to_string(self.env["cdm.policy"]._now())
        # The KPIs of each role as plain values: the loop below runs once per employee.
        kpis_of = {role: [{"id": kpi.id, "source": kpi.source, "sequence": kpi.sequence,
                           "unit": kpi.unit, "weight": kpi["weight_%s" % role]}
                          for kpi in kpis if kpi["weight_%s" % role]]
                   for role in set(roles.values())}
        lines, figures_by_id, cases_by_id = [], {}, {}
        for appraisal_id, appraisal in appraisals.items():
            role = roles[appraisal_id]
            user_id = appraisal["user_id"]
            rows = []
            for kpi in kpis_of[role]:
                values = actuals[kpi["id"]]
                measured = user_id in values or kpi["source"] in ADDITIVE_SOURCES
                rows.append({
                    "kpi": kpi,
                    "weight": kpi["weight"],
                    "target": targets[kpi["id"], role],
                    "actual": values.get(user_id, 0.0),
                    "measured": measured,
                })
            figures = self._score_rows(rows, cap)
            for row in figures["rows"]:
                kpi = row.pop("kpi")
                lines.append(dict(row, appraisal_id=appraisal_id, kpi_id=kpi["id"],
                                  name=kpi_names[kpi["id"]], sequence=kpi["sequence"],
                                  unit=kpi["unit"]))
            own_cases = cases.get(appraisal["employee_id"], self.env["cdm.misconduct.case"])
            cases_by_id[appraisal_id] = own_cases.ids
            deduction = sum(self._deduction_of(case.measure, policy) for case in own_cases)
            score = max(0.0, figures["points"] - deduction)
            # The grade is the one of the score as shown (two decimals).
            grade = self.env["cdm.appraisal.grade"]._grade_of(round(score, 2), bands)
            employee = facts[appraisal["employee_id"]]
            base_bonus = employee["base_bonus"]
            figures_by_id[appraisal_id] = {
                "role": role,
                "team_id": employee["team_id"],
                "base_bonus": base_bonus,
                "kpi_points": figures["points"],
                "deduction": deduction,
                "score": score,
                "grade_id": grade.id,
                "grade_title": grade_names.get(grade.id, False),
                "bonus_coefficient": grade.coefficient,
                "bonus": company.currency_id.round(base_bonus * grade.coefficient),
                "computed_on": now,
            }
        self.sudo()._store_lines(lines, appraisals)
        self.sudo()._store_misconduct_cases(cases_by_id)
        update_rows(self.sudo(), figures_by_id)
        return True

    def _store_lines(self, lines, appraisals):
        """Make the KPI lines of these appraisals those of ``lines`` (dicts
        with appraisal_id and kpi_id): the existing line of a KPI is updated,
        a missing one inserted, one of a KPI no longer weighted deleted; a
        few statements for the whole run. The lines' copies of their
        appraisal's keys (run, employee, ...: ``appraisals``, {id: the
        appraisal's fields}) are written with them."""
        Line = self.env["cdm.appraisal.line"]
        self.env.cr.execute("SELECT id, appraisal_id, kpi_id FROM cdm_appraisal_line "
                            "WHERE appraisal_id IN %s ORDER BY id", (tuple(self.ids),))
        existing = {}
        obsolete = set()
        for line_id, appraisal_id, kpi_id in self.env.cr.fetchall():
            if (appraisal_id, kpi_id) in existing:
                obsolete.add(line_id)
            else:
                existing[appraisal_id, kpi_id] = line_id
        kpis = self.env["cdm.kpi"].browse({line["kpi_id"] for line in lines})
        sources = {kpi.id: kpi.source for kpi in kpis}
        updates, inserts = {}, []
        for line in lines:
            line_id = existing.pop((line["appraisal_id"], line["kpi_id"]), None)
            if line_id:
                updates[line_id] = {key: value for key, value in line.items()
                                    if key not in ("appraisal_id", "kpi_id")}
            else:
                appraisal = appraisals[line["appraisal_id"]]
                inserts.append(dict(line, source=sources[line["kpi_id"]], **{
                    name: appraisal[name] for name in (
                        "run_id", "employee_id", "user_id", "department_id", "date_from",
                        "company_id")}))
        obsolete |= set(existing.values())
        if obsolete:
            Line.browse(sorted(obsolete)).unlink()
        update_rows(Line, updates)
        insert_rows(Line, inserts)

    def _store_misconduct_cases(self, cases_by_id):
        """The confirmed cases of each appraisal ({appraisal id: case ids}),
        written as the relation's rows when they changed."""
        field = self._fields["misconduct_case_ids"]
        cr = self.env.cr
        cr.execute('SELECT "{one}", "{two}" FROM "{rel}" WHERE "{one}" IN %s'.format(  # pylint: disable=sql-injection
            one=field.column1, two=field.column2, rel=field.relation), (tuple(self.ids),))
        stored = {}
        for appraisal_id, case_id in cr.fetchall():
            stored.setdefault(appraisal_id, set()).add(case_id)
        changed = [appraisal_id for appraisal_id, case_ids in cases_by_id.items()
                   if set(case_ids) != stored.get(appraisal_id, set())]
        if not changed:
            return
        cr.execute('DELETE FROM "{}" WHERE "{}" IN %s'.format(  # pylint: disable=sql-injection
            field.relation, field.column1), (tuple(changed),))
        pairs = [(appraisal_id, case_id) for appraisal_id in changed
                 for case_id in cases_by_id[appraisal_id]]
        if pairs:
            cr.execute('INSERT INTO "{}" ("{}", "{}") VALUES {}'.format(  # pylint: disable=sql-injection
                field.relation, field.column1, field.column2,
                ", ".join(cr.mogrify("(%s, %s)", pair).decode("utf-8") for pair in pairs)))
        self.browse(changed).modified(["misconduct_case_ids"])

    @api.model
    def _no_role_message(self, name):
        """Why the employee ``name`` cannot be appraised: no role's weights apply."""
        return _("%s works in no policy department: put their user in a development or "
                 "maintenance sales team to appraise them.") % name

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

    def _misconduct_in_period(self, run, company, employee_ids):
        """{employee_id: confirmed cases dated in the run's period} of the
        employees of ``employee_ids``: one search."""
        cases = self.env["cdm.misconduct.case"].sudo().search([
            ("employee_id", "in", employee_ids),
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
