from odoo import api, fields, models
from odoo.osv import expression


class CrmLead(models.Model):
    """Delivery of a deal (§3.1 "set milestones and delivery dates and
    deliver on time", D6): kick-off date and the deal's milestones, with the
    deal's on-time rate (defined on crm.lead.milestone)."""

    _inherit = "crm.lead"

    kickoff_date = fields.Date(string="Kick-off Date", copy=False, track_visibility="onchange")
    milestone_ids = fields.One2many("crm.lead.milestone", "lead_id", string="Milestones")
    milestone_count = fields.Integer(compute="_compute_milestone_stats")
    milestone_overdue = fields.Boolean(
        string="Overdue Milestone", compute="_compute_milestone_overdue",
        search="_search_milestone_overdue",
    )
    milestone_on_time_rate = fields.Float(
        string="On-time Delivery (%)", compute="_compute_milestone_stats", digits=(5, 1),
        help="Milestones delivered by their planned date, out of those delivered or overdue.",
    )
    milestone_due_count = fields.Integer(
        string="Milestones Due", compute="_compute_milestone_stats",
        help="Milestones delivered or overdue: the on-time rate is shown once one is.")

    @api.depends("milestone_ids.state", "milestone_ids.planned_date", "milestone_ids.done_date")
    def _compute_milestone_stats(self):
        today = self.env["cdm.policy"].today()
        self._load_fields(["milestone_ids"])
        for lead in self:
            milestones = lead.milestone_ids
            lead.milestone_count = len(milestones)
            lead.milestone_on_time_rate = milestones._on_time_rate(today)
            lead.milestone_due_count = len(milestones._fallen_due(today))

    @api.depends("milestone_ids.state", "milestone_ids.planned_date")
    def _compute_milestone_overdue(self):
        """A kanban card's flag: one search for the page, of the overdue
        milestones only (the reader's rules apply), not every milestone of
        every card."""
        saved = self.filtered(lambda lead: isinstance(lead.id, int))
        Milestone = self.env["crm.lead.milestone"]
        overdue = set()
        if saved:
            overdue = set(Milestone.search(expression.AND([
                [("lead_id", "in", saved.ids)], Milestone._overdue_domain()])).mapped("lead_id").ids)
        for lead in self - saved:
            lead.milestone_overdue = bool(lead.milestone_ids._overdue())
        for lead in saved:
            lead.milestone_overdue = lead.id in overdue

    def _search_milestone_overdue(self, operator, value):
        positive = (operator == "=") == bool(value)
        Milestone = self.env["crm.lead.milestone"]
        lead_ids = Milestone.search(Milestone._overdue_domain()).mapped("lead_id").ids
        return [("id", "in" if positive else "not in", lead_ids)]

    @api.multi
    def action_view_milestones(self):
        self.ensure_one()
        action = self.env.ref("customer_dev_maint.crm_lead_milestone_action").read()[0]
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id, "default_user_id": self.user_id.id}
        return action
