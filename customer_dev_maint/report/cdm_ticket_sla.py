from odoo import _, api, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    """SLA compliance of complaints (M6, M7), the figures of the SLA
    analysis (``cdm.ticket.sla.report``) and of the appraisal's SLA KPI."""

    _inherit = "helpdesk.ticket"

    @api.model
    def sla_compliance(self, date_from, date_to, groupby="user_id", company=None, ratings=True):
        """Per ``groupby`` (user_id, maintenance_team_id, sla_tier_id, kind):
        targets due (met or breached) whose deadline falls between the two
        dates (inclusive, days of the policy's time zone of ``company``,
        default the user's), those met, the rate (rounded for display), and
        unless ``ratings`` is false the customers' satisfaction scores logged
        in the period (count, average, low ones). Respects the caller's
        record rules."""
        if groupby not in ("user_id", "maintenance_team_id", "sla_tier_id", "kind"):
            raise ValidationError(_("SLA compliance is grouped by owner, department, tier or kind."))
        self.check_access_rights("read")
        query = self._where_calc([])
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        where = ("AND " + where_clause) if where_clause else ""
        self.env.cr.execute("""
            SELECT "helpdesk_ticket".{field}, target.state, COUNT(*)
              FROM {from_clause}
             CROSS JOIN LATERAL (VALUES
                   ("helpdesk_ticket".response_state, "helpdesk_ticket".response_deadline),
                   ("helpdesk_ticket".resolution_state, "helpdesk_ticket".resolution_deadline)
                   ) AS target(state, deadline)
             WHERE target.state IN ('met', 'breached')
               AND target.deadline >= %s AND target.deadline < %s {where}
             GROUP BY 1, 2
        """.format(field=groupby, from_clause=from_clause, where=where),
            list(self.env["cdm.policy"].day_bounds(date_from, date_to, company)) + params)
        result = {}
        empty = {"due": 0, "met": 0, "rate": 0.0, "rating_count": 0, "rating_avg": 0.0, "low_count": 0}
        for key, state, count in self.env.cr.fetchall():
            row = result.setdefault(key, dict(empty))
            row["due"] += count
            if state == "met":
                row["met"] += count
        scores = self.env["cdm.ticket.satisfaction"]._scores_by(
            date_from, date_to, groupby, company=company) if ratings else {}
        for key, (count, average, low) in scores.items():
            row = result.setdefault(key, dict(empty))
            row.update({"rating_count": count, "rating_avg": round(average, 2), "low_count": low})
        for row in result.values():
            row["rate"] = round(100.0 * row["met"] / row["due"], 1) if row["due"] else 0.0
        return result
