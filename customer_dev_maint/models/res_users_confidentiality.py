from odoo import api, models

from .cdm_document_guard import confidential_models, hidden_documents


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def activity_user_count(self):
        """The systray counters leave out activities on records the user may
        not read."""
        counters = super().activity_user_count()
        self.env.cr.execute("""
            SELECT id, res_model, res_id, date_deadline FROM mail_activity
             WHERE user_id = %s AND res_model IN %s
        """, (self.env.uid, tuple(confidential_models(self.env))))
        rows = self.env.cr.fetchall()
        hidden = hidden_documents(self.env, [(model, res_id) for _id, model, res_id, _date in rows])
        if not hidden:
            return counters
        today = self.env["cdm.policy"].today()
        by_model = {counter["model"]: counter for counter in counters}
        for _id, model, res_id, deadline in rows:
            if (model, res_id) not in hidden or model not in by_model:
                continue
            counter = by_model[model]
            state = "today" if deadline == today else "overdue" if deadline < today else "planned"
            counter["%s_count" % state] -= 1
            if state in ("today", "overdue"):
                counter["total_count"] -= 1
        return [counter for counter in counters
                if counter["total_count"] or counter["planned_count"]]
