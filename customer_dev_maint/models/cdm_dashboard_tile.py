from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from .cdm_review_meeting import OPEN_MISCONDUCT_STATES
from .crm_lead import OPEN_OPPORTUNITY_DOMAIN
from .work_card import card_action, card_count

TILES = [
    ("pipeline", "Pipeline by Stage"),
    ("revisit_compliance", "Revisit Compliance"),
    ("sla_compliance", "SLA Compliance"),
    ("satisfaction_trend", "Satisfaction Trend"),
    ("appraisal_grades", "Grades of the Last Approved Appraisal Run"),
    ("misconduct_open", "Open Misconduct Cases"),
]
# Months the compliance tiles cover (the current one and those before it),
# and the months of the satisfaction trend.
COMPLIANCE_MONTHS = 3
TREND_MONTHS = 6


class CdmDashboardTile(models.Model):
    """A tile of the management dashboard (I4). The records are the tiles,
    the same for everyone; each tile's count, summary and the records it
    opens come from one definition (``_tile``) computed in the reader's
    environment, so the list a tile opens holds exactly the records its
    count counts."""

    _name = "cdm.dashboard.tile"
    _description = "Management Dashboard Tile"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(TILES, required=True, readonly=True)
    sequence = fields.Integer(default=10)
    description = fields.Char(translate=True, help="What the tile counts, shown on it.")
    record_count = fields.Integer(string="Count", compute="_compute_figures")
    summary = fields.Text(compute="_compute_figures",
                          help="The breakdown of the count: per stage, rate, per month, per grade.")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each tile of the dashboard exists once."),
    ]

    def _compute_figures(self):
        today = self.env["cdm.policy"].today()
        for tile in self:
            data = tile._tile(tile.code, today)
            tile.record_count = data["count"]
            tile.summary = data["summary"]

    def action_open(self):
        """The tile's records (a button takes no parameter)."""
        return self._open_tile()

    def _open_tile(self, today=None):
        self.ensure_one()
        data = self._tile(self.code, today or self.env["cdm.policy"].today())
        return card_action(self.name, data["model"], data["domain"], view_mode=data["view_mode"],
                           context=data.get("context"))

    # One definition per tile ------------------------------------------------

    @api.model
    def _tile(self, code, today):
        """{model, domain, count, summary, view_mode, context} of a tile for
        the current user."""
        tile = getattr(self, "_tile_%s" % code)(fields.Date.from_string(today))
        tile["count"] = card_count(self.env, tile["model"], tile["domain"])
        return tile

    @api.model
    def _compliance_period(self, day):
        start = day.replace(day=1) - relativedelta(months=COMPLIANCE_MONTHS - 1)
        return fields.Date.to_string(start), fields.Date.to_string(day)

    @api.model
    def _tile_pipeline(self, day):
        domain = list(OPEN_OPPORTUNITY_DOMAIN)
        groups = self.env["crm.lead"].read_group(domain, ["stage_id"], ["stage_id"],
                                                 orderby="stage_id")
        summary = "\n".join("%s: %s" % (group["stage_id"][1] if group["stage_id"] else _("None"),
                                        group["stage_id_count"]) for group in groups)
        return {"model": "crm.lead", "domain": domain, "summary": summary,
                "view_mode": "tree,form",
                "context": {"group_by": "stage_id"}}

    @api.model
    def _tile_revisit_compliance(self, day):
        date_from, date_to = self._compliance_period(day)
        today = fields.Date.to_string(day)
        domain = [("date_due", ">=", date_from), ("date_due", "<=", date_to),
                  "|", ("state", "=", "done"), "&", ("state", "=", "planned"),
                  ("date_due", "<", today)]
        rates = self.env["cdm.revisit"].compliance_rates(date_from, date_to, "user_id", today)
        due = sum(row["due"] for row in rates.values())
        on_time = sum(row["on_time"] for row in rates.values())
        summary = _("%(rate)s%% on time: %(on_time)s of %(due)s revisits due since %(start)s") % {
            "rate": round(100.0 * on_time / due, 1) if due else 0.0, "on_time": on_time,
            "due": due, "start": date_from}
        return {"model": "cdm.revisit", "domain": domain, "summary": summary,
                "view_mode": "tree,form", "context": {"group_by": "on_time"}}

    @api.model
    def _tile_sla_compliance(self, day):
        date_from, date_to = self._compliance_period(day)
        start, end = self.env["cdm.policy"].day_bounds(date_from, date_to)
        domain = ["|",
                  "&", "&", ("response_state", "in", ("met", "breached")),
                  ("response_deadline", ">=", start), ("response_deadline", "<", end),
                  "&", "&", ("resolution_state", "in", ("met", "breached")),
                  ("resolution_deadline", ">=", start), ("resolution_deadline", "<", end)]
        rates = self.env["helpdesk.ticket"].sla_compliance(date_from, date_to, "user_id")
        due = sum(row["due"] for row in rates.values())
        met = sum(row["met"] for row in rates.values())
        summary = _("%(rate)s%% of targets met: %(met)s of %(due)s due since %(start)s") % {
            "rate": round(100.0 * met / due, 1) if due else 0.0, "met": met, "due": due,
            "start": date_from}
        return {"model": "helpdesk.ticket", "domain": domain, "summary": summary,
                "view_mode": "tree,form"}

    @api.model
    def _tile_satisfaction_trend(self, day):
        start = day.replace(day=1) - relativedelta(months=TREND_MONTHS - 1)
        domain = [("state", "=", "done"), ("satisfaction", ">", 0),
                  ("date_done", ">=", fields.Date.to_string(start)),
                  ("date_done", "<=", fields.Date.to_string(day))]
        groups = self.env["cdm.revisit"].read_group(
            domain, ["date_done", "satisfaction"], ["date_done:month"], orderby="date_done")
        summary = "\n".join("%s: %.2f (%s)" % (group["date_done:month"], group["satisfaction"],
                                               group["date_done_count"]) for group in groups)
        return {"model": "cdm.revisit", "domain": domain, "summary": summary,
                "view_mode": "tree,graph,form",
                "context": {"group_by": "date_done:month", "graph_measure": "satisfaction"}}

    @api.model
    def _tile_appraisal_grades(self, day):
        run = self.env["cdm.appraisal.run"].search([("state", "=", "approved")],
                                                   order="date_to desc, id desc", limit=1)
        domain = [("run_id", "=", run.id)]
        groups = self.env["cdm.appraisal"].read_group(domain, ["grade_title"], ["grade_title"],
                                                      orderby="grade_title")
        lines = ["%s: %s" % (group["grade_title"] or _("None"), group["grade_title_count"])
                 for group in groups]
        summary = "\n".join(([run.name] if run else [_("No approved run yet")]) + lines)
        return {"model": "cdm.appraisal", "domain": domain, "summary": summary,
                "view_mode": "tree,form", "context": {"group_by": "grade_title"}}

    @api.model
    def _tile_misconduct_open(self, day):
        domain = [("state", "in", OPEN_MISCONDUCT_STATES)]
        groups = self.env["cdm.misconduct.case"].read_group(domain, ["state"], ["state"])
        labels = dict(self.env["cdm.misconduct.case"]._fields["state"]._description_selection(
            self.env))
        summary = "\n".join("%s: %s" % (labels.get(group["state"]), group["state_count"])
                            for group in groups)
        return {"model": "cdm.misconduct.case", "domain": domain, "summary": summary,
                "view_mode": "tree,form"}
