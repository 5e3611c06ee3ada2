from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    """Internal departments involved in a ticket (M7): who still owes what."""

    _inherit = "helpdesk.ticket"

    coordination_ids = fields.One2many(
        "cdm.ticket.coordination", "ticket_id", string="Coordination Tasks")
    coordination_open_count = fields.Integer(
        string="Open Coordination Tasks", compute="_compute_coordination_open_count")

    @api.depends("coordination_ids.state")
    def _compute_coordination_open_count(self):
        for ticket in self:
            ticket.coordination_open_count = len(
                ticket.coordination_ids.filtered(lambda rec: rec.state == "open"))

    @api.constrains("stage_id")
    def _check_coordination_before_closing(self):
        for ticket in self.filtered("stage_id.closed"):
            open_tasks = ticket.coordination_ids.filtered(lambda rec: rec.state == "open")
            if open_tasks:
                raise ValidationError(_(
                    "Ticket %(ticket)s cannot be closed while departments still owe work: %(tasks)s."
                ) % {"ticket": ticket.number,
                     "tasks": ", ".join("%s (%s)" % (task.team_id.name, task.name) for task in open_tasks)})
