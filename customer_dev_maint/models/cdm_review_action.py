from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..server_only import as_server

ACTION_STATES = [("open", "Open"), ("done", "Done")]


class CdmReviewAction(models.Model):
    """A follow-up action decided in a review meeting (I1): an owner and a
    deadline, carried by a To Do activity on the meeting that the owner sees
    in their activities. Marking the activity done (or the action) closes
    the action; the next review of the department lists whether it was done."""

    _name = "cdm.review.action"
    _description = "Review Follow-up Action"
    _order = "date_deadline, id"

    meeting_id = fields.Many2one(
        "cdm.review.meeting", string="Review Meeting", required=True, index=True,
        ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, server_owned=True, index=True,
                                 help="The meeting's company.")
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one("res.users", string="Owner", required=True, index=True)
    date_deadline = fields.Date(string="Deadline", required=True)
    state = fields.Selection(ACTION_STATES, required=True, default="open", readonly=True,
                             server_owned=True, copy=False)
    done_on = fields.Date(readonly=True, server_owned=True, copy=False)
    activity_id = fields.Many2one(
        "mail.activity", readonly=True, server_owned=True, copy=False,
        ondelete="set null")

    @api.model
    def create(self, vals):
        self._check_manager()
        meeting = self.env["cdm.review.meeting"].browse(vals.get("meeting_id"))
        action = super(CdmReviewAction, as_server(self)).create(
            dict(vals, company_id=meeting.company_id.id))
        action = action.with_env(self.env)
        action._schedule_activity()
        return action

    def write(self, vals):
        self._check_manager()
        if self.filtered(lambda a: a.state == "done") and {"name", "user_id", "date_deadline",
                                                            "meeting_id"} & set(vals):
            raise UserError(_("A done follow-up action is kept as it was."))
        result = super().write(vals)
        if {"name", "user_id", "date_deadline"} & set(vals):
            for action in self.filtered("activity_id"):
                action.activity_id.sudo().write({
                    "summary": action.name, "user_id": action.user_id.id,
                    "date_deadline": action.date_deadline})
        return result

    def unlink(self):
        self._check_manager()
        self.mapped("activity_id").sudo().unlink()
        return super().unlink()

    def _check_manager(self):
        if not (self.env.user._is_superuser()
                or self.env.user.has_group("customer_dev_maint.group_manager")):
            raise AccessError(_("Only a Customer Relations Manager records follow-up actions."))

    def _schedule_activity(self):
        """The owner's To Do activity on the meeting, linked back to the action."""
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model = self.env["ir.model"]._get("cdm.review.meeting")
        for action in self:
            activity = self.env["mail.activity"].sudo().create({
                "res_model_id": model.id,
                "res_id": action.meeting_id.id,
                "activity_type_id": activity_type.id if activity_type else False,
                "summary": action.name,
                "note": _("Follow-up action of the review %s.") % action.meeting_id.name,
                "user_id": action.user_id.id,
                "date_deadline": action.date_deadline,
            })
            as_server(action.sudo()).write({"activity_id": activity.id})

    def action_done(self):
        """Mark the action done: its owner or a manager."""
        for action in self:
            if action.state != "open":
                continue
            is_manager = self.env.user.has_group("customer_dev_maint.group_manager")
            if action.user_id != self.env.user and not is_manager:
                raise AccessError(_("Only the owner or a manager closes this action."))
            if action.activity_id:
                action.activity_id.sudo().action_feedback(feedback=_("Done."))
            else:
                action._mark_done()
        return True

    def _mark_done(self):
        today = self.env["cdm.policy"].today()
        for action in self.filtered(lambda a: a.state == "open"):
            as_server(action.sudo()).write({"state": "done", "done_on": today})
