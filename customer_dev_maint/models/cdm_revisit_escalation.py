import logging

from odoo import _, api, fields, models
from odoo.tools.misc import format_date

from .. import batch_mail
from ..jobs import commit_batch

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
        cr = self.env.cr
        # Locked as taken: a second worker running at once skips them. One
        # query reads what the escalation needs of every candidate.
        cr.execute("""
            SELECT r.id, r.company_id, r.date_due, team.user_id AS leader_id, r.name,
                   p.name AS customer, owner.name AS owner, manager_partner.lang AS leader_lang
              FROM cdm_revisit r
              JOIN res_partner p ON p.id = r.partner_id
              LEFT JOIN res_users u ON u.id = r.user_id
              LEFT JOIN res_partner owner ON owner.id = u.partner_id
              LEFT JOIN crm_team team ON team.id = r.team_id
              LEFT JOIN res_users manager ON manager.id = team.user_id
              LEFT JOIN res_partner manager_partner ON manager_partner.id = manager.partner_id
             WHERE r.state = 'planned' AND r.escalation_date IS NULL AND r.date_due < %s
             ORDER BY r.id FOR NO KEY UPDATE OF r SKIP LOCKED
        """, (fields.Date.to_string(today),))
        candidates = cr.dictfetchall()
        policies, wanted = {}, []
        for row in candidates:
            company_id = row["company_id"] or self.env.user.company_id.id
            if company_id not in policies:
                policies[company_id] = self.env["cdm.policy"].for_company(
                    self.env["res.company"].browse(company_id)).sudo()
            policy = policies[company_id]
            late = (today - fields.Date.from_string(row["date_due"])).days
            if late < policy.revisit_escalation_days:
                continue
            manager = row["leader_id"] or policy.revisit_escalation_user_id.id
            if not manager:
                _logger.warning("Overdue revisit %s has nobody to escalate to: no department "
                                "leader and no escalation manager.", row["id"])
                continue
            wanted.append((row, manager))
        if not wanted:
            commit_batch(self.env, commit)
            return self.browse()
        langs = {user.id: user.lang for user in self.env["res.users"].sudo().browse(
            {manager for _row, manager in wanted})}
        default_lang = self.env.user.lang or "en_US"
        activities = []
        for row, manager in wanted:
            reader = self.with_context(lang=langs.get(manager) or default_lang)
            activities.append({
                "res_id": row["id"],
                "res_name": row["name"],
                "user_id": manager,
                "activity_type_id": todo_type.id,
                "date_deadline": fields.Date.to_string(today),
                "summary": reader._escalation_summary_text(row["customer"], row["date_due"], row["owner"]),
            })
        activity_ids = batch_mail.create_activities(self.env, self._name, activities)
        escalated = self.browse([row["id"] for row, _manager in wanted])
        cr.execute("""
            UPDATE cdm_revisit r
               SET escalation_date = %s, escalation_activity_id = v.activity_id,
                   write_uid = %s, write_date = now() AT TIME ZONE 'UTC'
              FROM unnest(%s::int[], %s::int[]) AS v(id, activity_id)
             WHERE r.id = v.id
        """, (fields.Date.to_string(today), self.env.uid, escalated.ids, activity_ids))
        escalated.invalidate_cache(["escalation_date", "escalation_activity_id", "write_uid", "write_date"])
        commit_batch(self.env, commit)
        return escalated

    def _escalation_summary(self):
        return self._escalation_summary_text(self.partner_id.name, self.date_due, self.user_id.name)

    @api.model
    def _escalation_summary_text(self, customer, due, owner):
        """The escalation To-Do's summary, in the context's language."""
        return _("Overdue revisit: %(customer)s, due %(due)s, owner %(owner)s") % {
            "customer": customer, "due": format_date(self.env, due), "owner": owner or False}
