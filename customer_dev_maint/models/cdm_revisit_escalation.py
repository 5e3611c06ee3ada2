import logging

from odoo import _, api, fields, models
from odoo.tools.misc import format_date

from ..jobs import commit_batch
from ..server_only import with_server

_logger = logging.getLogger(__name__)


class CdmRevisit(models.Model):
    """Escalation (M5): a revisit overdue by the policy's days goes to the
    department's leader or the escalation manager, once; the To-Do closes
    when the revisit is done, rescheduled or cancelled."""

    _inherit = "cdm.revisit"

    def _close_escalation(self):
        """Close the manager's To-Do of an escalated revisit, done or cancelled."""
        for revisit in self:
            activity = revisit.escalation_activity_id.exists()
            if not activity:
                continue
            reader = revisit._in_language_of(activity.user_id)
            if revisit.state == "done":
                feedback = reader._completion_text()
            elif revisit.state == "planned":
                feedback = reader._reschedule_text()
            else:
                feedback = reader._cancel_text()
            activity.sudo().action_feedback(feedback=feedback)

    @api.model
    def _escalate_overdue(self, commit=False, today=None):
        """Give the department manager one activity per revisit overdue by at
        least the policy's delay (days). Returns the revisits escalated.

        A revisit whose department has no leader, in a company without an
        escalation manager, is left as it is: the next run escalates it once
        someone is named (the policy form says so meanwhile)."""
        today = fields.Date.from_string(today or self.env["cdm.policy"].today())
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        # Locked as taken: a second worker running at once skips them.
        self.env.cr.execute("""
            SELECT id FROM cdm_revisit
             WHERE state = 'planned' AND escalation_date IS NULL AND date_due < %s
             ORDER BY id FOR NO KEY UPDATE SKIP LOCKED
        """, (fields.Date.to_string(today),))
        candidates = self.browse([row[0] for row in self.env.cr.fetchall()])
        policies = {}
        escalated = self.browse()
        for revisit in candidates:
            company = revisit.company_id or self.env.user.company_id
            if company not in policies:
                policies[company] = self.env["cdm.policy"].for_company(company).sudo()
            policy = policies[company]
            late = (today - fields.Date.from_string(revisit.date_due)).days
            if late < policy.revisit_escalation_days:
                continue
            manager = revisit.team_id.user_id or policy.revisit_escalation_user_id
            if not manager:
                _logger.warning("Overdue revisit %s has nobody to escalate to: no department "
                                "leader and no escalation manager.", revisit.id)
                continue
            activity = self.env["mail.activity"].sudo().create({
                "res_model_id": model_id,
                "res_id": revisit.id,
                "activity_type_id": todo_type.id,
                "user_id": manager.id,
                "date_deadline": fields.Date.to_string(today),
                "summary": revisit._in_language_of(manager)._escalation_summary(),
            })
            with_server(revisit, cdm_revisit_job=True).write({
                "escalation_date": fields.Date.to_string(today),
                "escalation_activity_id": activity.id,
            })
            escalated |= revisit
        commit_batch(self.env, commit)
        return escalated

    def _escalation_summary(self):
        return _("Overdue revisit: %(customer)s, due %(due)s, owner %(owner)s") % {
            "customer": self.partner_id.name, "due": format_date(self.env, self.date_due),
            "owner": self.user_id.name}
