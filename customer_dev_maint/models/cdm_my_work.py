from datetime import timedelta

from odoo import api, fields, models

from .work_card import card_action, card_count

SECTIONS = [
    ("revisits_overdue", "Overdue Revisits"),
    ("revisits_this_week", "Revisits This Week"),
    ("silent_opportunities", "Silent Opportunities"),
    ("milestones_due", "Milestones Due"),
    ("handovers_open", "Handovers to Take Over"),
]
# Sections whose records are already late: their count shows in red.
LATE_SECTIONS = ("revisits_overdue", "silent_opportunities")


class CdmMyWork(models.Model):
    """A section of the My Work page (M12): one card per kind of policy work
    that waits for the current user. The records are the sections, the same
    for everyone; the count and the list a card opens are computed for the
    user who looks, in their own environment (their record rules apply)."""

    _name = "cdm.my.work"
    _description = "My Work Section"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(SECTIONS, required=True, readonly=True)
    sequence = fields.Integer(default=10)
    description = fields.Char(translate=True, help="What the section lists, shown on its card.")
    group_ids = fields.Many2many(
        "res.groups", string="Shown To",
        help="Roles that always see the section, even when it is empty; other users see it "
             "only while it lists something of theirs.",
    )
    record_count = fields.Integer(string="Count", compute="_compute_record_count")
    is_late = fields.Boolean(
        string="Late", compute="_compute_record_count",
        help="The section lists work that is already late.",
    )
    is_visible = fields.Boolean(
        string="Shown", compute="_compute_is_visible", search="_search_is_visible",
        help="Shown to the current user: one of their roles or something to do.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each section of My Work exists once."),
    ]

    def _compute_record_count(self):
        counts = self._counts()
        for section in self:
            section.record_count = counts[section.code]
            section.is_late = section.code in LATE_SECTIONS and section.record_count > 0

    def _compute_is_visible(self):
        visible = self._visible_sections()
        for section in self:
            section.is_visible = section in visible

    def _search_is_visible(self, operator, value):
        positive = (operator == "=") == bool(value)
        # One record per code: the search reads at most len(SECTIONS) rows.
        sections = self.search([], limit=len(SECTIONS))
        # Counted afresh here, and kept for the page's read of the counts
        # that follows this search in the same request: one count per section.
        sections.invalidate_cache(["record_count", "is_late"], sections.ids)
        return [("id", "in" if positive else "not in", sections._visible_sections().ids)]

    @api.multi
    def action_open(self):
        """The card's button: the records of the section, exactly those its
        count counts. A button takes no parameter: the web client passes its
        context as the first argument after the ids."""
        return self._open_section()

    def _open_section(self, today=None):
        """The section's list (an action); ``today`` (a date string, default
        the policy's today) fixes the day."""
        self.ensure_one()
        model, domain = self._section_domain(self.code, today=today)
        return card_action(self.name, model, domain)

    def _visible_sections(self, today=None):
        """Sections of the user's roles, and any other that lists their work;
        for today, from the sections' counts (``record_count``)."""
        if today:
            counts = self._counts(today=today)
        else:
            counts = {section.code: section.record_count for section in self}
        groups = self.env.user.groups_id
        return self.filtered(lambda section: counts[section.code] or section.group_ids & groups)

    @api.model
    def _counts(self, today=None):
        """{code: number of records} for the current user: one count per
        section, each in the user's environment."""
        counts = {}
        for code, _label in SECTIONS:
            model, domain = self._section_domain(code, today=today)
            counts[code] = card_count(self.env, model, domain)
        return counts

    @api.model
    def _section_domain(self, code, today=None):
        """(model, domain) of a section for the current user; ``today`` (a
        date string, default the policy's today) fixes the day."""
        Policy = self.env["cdm.policy"]
        today = today or Policy.today()
        day = fields.Date.from_string(today)
        uid = self.env.uid
        if code == "revisits_overdue":
            return "cdm.revisit", [("user_id", "=", uid), ("state", "=", "planned"),
                                   ("date_due", "<", today)]
        if code == "revisits_this_week":
            sunday = fields.Date.to_string(day + timedelta(days=6 - day.weekday()))
            return "cdm.revisit", [("user_id", "=", uid), ("state", "=", "planned"),
                                   ("date_due", ">=", today), ("date_due", "<=", sunday)]
        if code == "silent_opportunities":
            return "crm.lead", [("user_id", "=", uid), ("no_next_activity", "=", True)]
        if code == "milestones_due":
            days = Policy.for_company(self.env.user.company_id).milestone_reminder_days
            horizon = fields.Date.to_string(day + timedelta(days=days))
            return "crm.lead.milestone", [("user_id", "=", uid), ("state", "=", "planned"),
                                          ("planned_date", "<=", horizon)]
        if code == "handovers_open":
            return "crm.lead.handover", [("maintenance_user_id", "=", uid), ("state", "=", "open")]
        raise ValueError("Unknown My Work section %r" % code)
