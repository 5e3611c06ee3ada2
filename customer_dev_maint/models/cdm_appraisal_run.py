import base64
import io
import re

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..bulk_rows import insert_rows, update_rows
from ..roles import is_manager

PERIOD_TYPES = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year"), ("custom", "Custom Dates")]
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


class CdmAppraisalRun(models.Model):
    """An appraisal run (A2): a period and the employees appraised over it.
    A manager starts it, computes every appraisal from the records of the
    period, and approves it once each appraisal is approved; its ranking
    nominates the outstanding employees (A4)."""

    _name = "cdm.appraisal.run"
    _description = "Appraisal Run"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"

    name = fields.Char(required=True, track_visibility="onchange",
                       readonly=True, states={"draft": [("readonly", False)]})
    period_type = fields.Selection(
        PERIOD_TYPES, string="Period", required=True, default="quarter",
        track_visibility="onchange", readonly=True, states={"draft": [("readonly", False)]})
    date_from = fields.Date(
        string="From", required=True, track_visibility="onchange",
        readonly=True, states={"draft": [("readonly", False)]})
    date_to = fields.Date(
        string="To", required=True, track_visibility="onchange",
        readonly=True, states={"draft": [("readonly", False)]})
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True,
        default=lambda self: self.env.user.company_id)
    state = fields.Selection(
        [("draft", "In Progress"), ("approved", "Approved")], required=True, default="draft",
        readonly=True, copy=False, track_visibility="onchange")
    department_ids = fields.Many2many(
        "hr.department", string="Employee Departments",
        readonly=True, states={"draft": [("readonly", False)]},
        help="Employees of these departments are added by 'Add Employees'.")
    team_ids = fields.Many2many(
        "crm.team", string="Sales Teams", domain=[("department_role", "!=", False)],
        readonly=True, states={"draft": [("readonly", False)]},
        help="Employees whose user works in these policy departments are added by "
             "'Add Employees'.")
    employee_ids = fields.Many2many(
        "hr.employee", string="Employees", readonly=True, states={"draft": [("readonly", False)]},
        help="The employees appraised; each gets an appraisal when the run is computed.")
    appraisal_ids = fields.One2many("cdm.appraisal", "run_id", string="Appraisals", readonly=True)
    appraisal_count = fields.Integer(compute="_compute_counts")
    approved_count = fields.Integer(compute="_compute_counts")
    computed_on = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_on = fields.Date(readonly=True, copy=False)
    note = fields.Text()

    @api.depends("appraisal_ids.state")
    def _compute_counts(self):
        for run in self:
            run.appraisal_count = len(run.appraisal_ids)
            run.approved_count = len(run.appraisal_ids.filtered(lambda a: a.state == "approved"))

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for run in self:
            if run.date_to < run.date_from:
                raise ValidationError(_(
                    "The appraisal period of %s ends before it starts.") % run.name)

    @api.model
    def _period_bounds(self, period_type, day):
        """First and last day of the month, quarter or year that holds ``day``."""
        day = fields.Date.from_string(day)
        months = PERIOD_MONTHS[period_type]
        start = day.replace(month=(day.month - 1) // months * months + 1, day=1)
        end = start + relativedelta(months=months, days=-1)
        return fields.Date.to_string(start), fields.Date.to_string(end)

    @api.model
    def _period_name(self, period_type, date_from):
        start = fields.Date.from_string(date_from)
        if period_type == "quarter":
            return _("Q%(quarter)s %(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
        if period_type == "year":
            return str(start.year)
        if period_type == "month":
            return start.strftime("%Y-%m")
        return False

    @api.model
    def _is_period_name(self, name):
        """Whether ``name`` is empty or one the period gave (e.g. "Appraisal
        Q1 2026"), not one typed by the manager."""
        if not (name or "").strip():
            return True
        quarter = re.escape(_("Q%(quarter)s %(year)s")).replace(
            re.escape("%(quarter)s"), r"\d").replace(re.escape("%(year)s"), r"\d{4}")
        period = r"(?:%s|\d{4}|\d{4}-\d{2})" % quarter
        return bool(re.fullmatch(re.escape(_("Appraisal %s")).replace(re.escape("%s"), period),
                                 name.strip()))

    @api.onchange("period_type", "date_from")
    def _onchange_period(self):
        if self.period_type != "custom" and self.date_from:
            self.date_from, self.date_to = self._period_bounds(self.period_type, self.date_from)
            if self._is_period_name(self.name):
                self.name = _("Appraisal %s") % self._period_name(self.period_type, self.date_from)

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if vals.get("period_type", "quarter") != "custom" and vals.get("date_from"):
            vals["date_from"], vals["date_to"] = self._period_bounds(
                vals.get("period_type", "quarter"), vals["date_from"])
        if not vals.get("name") and vals.get("date_from"):
            vals["name"] = _("Appraisal %s") % (
                self._period_name(vals.get("period_type", "quarter"), vals["date_from"])
                or vals["date_from"])
        return super().create(vals)

    def write(self, vals):
        if "state" in vals and not self.env.user._is_superuser():
            raise AccessError(_("An appraisal run is approved with its button."))
        if any(run.state == "approved" for run in self) and set(vals) - {
                "note", "message_follower_ids", "message_ids"} and not self.env.user._is_superuser():
            raise UserError(_("An approved appraisal run cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if any(run.appraisal_ids.filtered(lambda a: a.state != "draft") for run in self):
            raise UserError(_(
                "An appraisal run whose appraisals were submitted cannot be deleted."))
        self.mapped("appraisal_ids").sudo().unlink()
        return super().unlink()

    # Actions --------------------------------------------------------------

    def _check_manager(self):
        if not is_manager(self.env):
            raise AccessError(_("Only a Customer Relations Manager may do this."))

    def _check_draft(self):
        for run in self:
            if run.state != "draft":
                raise UserError(_("%s is approved: its figures are frozen.") % run.name)

    def action_add_employees(self):
        """Add the employees of the chosen departments and sales teams."""
        self._check_manager()
        self._check_draft()
        Employee = self.env["hr.employee"]
        for run in self:
            domain = []
            if run.department_ids:
                domain = [("department_id", "child_of", run.department_ids.ids)]
            if run.team_ids:
                # The team's members only: its leader (often a manager outside
                # the policy departments) is appraised when a member.
                team_domain = [("user_id", "in", run.team_ids.mapped("member_ids").ids)]
                domain = ["|"] + domain + team_domain if domain else team_domain
            if not domain:
                raise UserError(_("Choose departments or sales teams to add their employees."))
            employees = Employee.search(domain + [("user_id", "!=", False),
                                                  ("company_id", "=", run.company_id.id)])
            run.employee_ids |= employees
        return True

    def action_compute(self):
        """The Compute button (a button takes no parameter: the web client
        passes its context after the ids)."""
        return self._compute_run()

    def _compute_run(self, today=None):
        """Create the missing appraisals and compute every appraisal not yet
        approved from the records of the period; then rank the run.
        ``today`` (default the policy's) is the day rates count as due by."""
        self._check_manager()
        self._check_draft()
        Appraisal = self.env["cdm.appraisal"].sudo()
        for run in self:
            if not run.employee_ids:
                raise UserError(_("Add the employees %s appraises first.") % run.name)
            facts = run.employee_ids._appraisal_facts()
            missing_users = [facts[employee_id]["name"] for employee_id in run.employee_ids.ids
                             if not facts[employee_id]["user_id"]]
            if missing_users:
                raise UserError(_(
                    "Link these employees to their user before appraising them: %s")
                    % ", ".join(missing_users))
            # The appraisals' few fields the run needs, read for all of them at once.
            rows = run.sudo().appraisal_ids.read(["employee_id", "state"], load="_classic_write")
            appraised = {row["employee_id"] for row in rows}
            run._create_appraisals(run.employee_ids.browse(
                [employee_id for employee_id in run.employee_ids.ids if employee_id not in appraised]),
                facts)
            employee_ids = set(run.employee_ids.ids)
            Appraisal.browse([row["id"] for row in rows if row["employee_id"] not in employee_ids
                              and row["state"] == "draft"]).unlink()
            rows = run.sudo().appraisal_ids.read(["state"], load="_classic_write")
            Appraisal.browse([row["id"] for row in rows if row["state"] != "approved"]).with_context(
                tracking_disable=True)._compute_figures(today, facts)
            # As the server, as the figures were: the policy and the grades read once.
            run.sudo().with_context(tracking_disable=True)._rank(facts)
            run.sudo().computed_on = fields.Datetime.to_string(self.env["cdm.policy"]._now())
        return True

    def _create_appraisals(self, employees, facts):
        """A draft appraisal of this run for each of ``employees`` (their
        ``_appraisal_facts`` in ``facts``), in one statement: figures are the
        server's, so no chatter message and no follower per appraisal (the
        compute that follows fills them)."""
        self.ensure_one()
        Appraisal = self.env["cdm.appraisal"].sudo()
        defaults = Appraisal.default_get(["state", "outstanding_decision"])
        insert_rows(Appraisal, [dict(
            defaults, run_id=self.id, employee_id=employee_id,
            user_id=facts[employee_id]["user_id"],
            department_id=facts[employee_id]["department_id"], company_id=self.company_id.id,
            date_from=self.date_from, date_to=self.date_to, period_type=self.period_type)
            for employee_id in employees.ids])
        self.invalidate_cache(["appraisal_ids"], self.ids)

    def action_approve(self):
        """Approve the run once each appraisal is approved: its ranking and
        nominations are final."""
        self._check_manager()
        self._check_draft()
        for run in self:
            if not run.appraisal_ids or run.appraisal_ids.filtered(lambda a: a.state != "approved"):
                raise UserError(_(
                    "Approve every appraisal of %s before approving the run.") % run.name)
            run._rank()
        self.sudo().write({"state": "approved", "approved_by_id": self.env.uid,
                           "approved_on": self.env["cdm.policy"].today()})
        return True

    def _rank(self, facts=None):
        """Rank the run's appraisals by score, highest first; equal scores
        share a rank (1, 1, 3) and are listed by employee name. The best
        ``appraisal_outstanding_count`` ranks are nominated outstanding,
        ties included; a score of 0 or the lowest grade band (Unqualified) is
        never nominated. ``facts``: the employees' ``_appraisal_facts`` when
        the caller has them already."""
        self.ensure_one()
        top = self.env["cdm.policy"].for_company(self.company_id).appraisal_outstanding_count
        # Scores are compared as shown (two decimals): equal on screen, equal rank.
        bands = self.env["cdm.appraisal.grade"].sudo().search([("company_id", "=", self.company_id.id)])
        lowest = bands[-1:] if len(bands) > 1 else bands.browse()
        # The few fields the ranking reads, for all the appraisals at once.
        rows = self.sudo().appraisal_ids.read(
            ["employee_id", "score", "grade_id", "rank", "outstanding_nominated"],
            load="_classic_write")
        employee_ids = [row["employee_id"] for row in rows]
        if facts is None or any(employee_id not in facts for employee_id in employee_ids):
            facts = self.env["hr.employee"].browse(employee_ids)._appraisal_facts()
        names = {employee_id: facts[employee_id]["name"] for employee_id in employee_ids}
        ordered = sorted(rows, key=lambda row: (-round(row["score"], 2),
                                                names[row["employee_id"]] or "", row["employee_id"]))
        previous_score, rank = None, 0
        changed = {}
        for position, row in enumerate(ordered, start=1):
            if round(row["score"], 2) != previous_score:
                rank, previous_score = position, round(row["score"], 2)
            nominated = rank <= top and row["score"] > 0 and row["grade_id"] not in lowest.ids
            if (row["rank"], row["outstanding_nominated"]) != (rank, nominated):
                changed[row["id"]] = {"rank": rank, "outstanding_nominated": nominated}
        # The server's figures, written for the whole run at once.
        update_rows(self.env["cdm.appraisal"].sudo(), changed)

    def action_view_appraisals(self):
        self.ensure_one()
        action = self.env.ref("customer_dev_maint.cdm_appraisal_action").read()[0]
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 0}
        return action

    def action_print(self):
        return self.env.ref("customer_dev_maint.action_report_cdm_appraisal_run").report_action(self)

    def _report_file_name(self):
        """Name of the printed run's file, in the reader's language."""
        self.ensure_one()
        return _("Appraisals - %s") % self.name

    def action_export_xlsx(self):
        """The run as a spreadsheet: one row per appraisal, one column group
        per KPI (actual, achievement, points)."""
        self.ensure_one()
        content = self._xlsx_content()
        attachment = self.env["ir.attachment"].create({
            "name": "%s.xlsx" % self.name,
            "datas_fname": "%s.xlsx" % self.name,
            "datas": base64.b64encode(content),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {"type": "ir.actions.act_url", "target": "self",
                "url": "/web/content/%s?download=true" % attachment.id}

    def _xlsx_content(self):
        import xlsxwriter

        self.ensure_one()
        stream = io.BytesIO()
        book = xlsxwriter.Workbook(stream, {"in_memory": True})
        sheet = book.add_worksheet(self.name[:31])
        bold = book.add_format({"bold": True})
        kpis = self.appraisal_ids.mapped("line_ids.kpi_id").sorted(lambda k: (k.sequence, k.id))
        header = [_("Rank"), _("Employee"), _("Department"), _("Role")]
        for kpi in kpis:
            header += [_("%s: Actual") % kpi.name, _("%s: Achievement %%") % kpi.name,
                       _("%s: Points") % kpi.name]
        header += [_("KPI Points"), _("Misconduct Deduction"), _("Score"), _("Grade"),
                   _("Base Bonus"), _("Bonus"), _("Status"), _("Outstanding")]
        sheet.write_row(0, 0, header, bold)
        roles = dict(self.env["cdm.appraisal"]._fields["role"]._description_selection(self.env))
        states = dict(self.env["cdm.appraisal"]._fields["state"]._description_selection(self.env))
        for row, appraisal in enumerate(self.appraisal_ids.sorted(lambda a: (a.rank, a.employee_id.name)), 1):
            lines = {line.kpi_id: line for line in appraisal.line_ids}
            values = [appraisal.rank, appraisal.employee_id.name, appraisal.department_id.name or "",
                      roles.get(appraisal.role, "")]
            for kpi in kpis:
                line = lines.get(kpi)
                if line and line.measured:
                    values += [line.actual, line.achievement, line.points]
                else:
                    values += ["", "", ""]
            values += [appraisal.kpi_points, appraisal.deduction, appraisal.score,
                       appraisal.grade_label, appraisal.base_bonus, appraisal.bonus,
                       states.get(appraisal.state, ""),
                       _("Yes") if appraisal.outstanding_nominated else ""]
            sheet.write_row(row, 0, values)
        book.close()
        return stream.getvalue()
