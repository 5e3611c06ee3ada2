
from odoo import _, api, models
from odoo.exceptions import UserError


class CdmRevisit(models.Model):
    """Revisit compliance (M5), the figure of its analysis
    (``cdm.revisit.compliance.report``): revisits done on time over
    revisits due."""

    _inherit = "cdm.revisit"

    @api.model
    def compliance_rates(self, date_from, date_to, groupby="user_id", today=None):
        """Revisits done on time / revisits due, per ``groupby`` (user_id,
        tier_id, team_id or partner_id), for revisits due between the two
        dates, over the revisits the caller may read (their record rules
        apply). A planned revisit counts as due once its due date has passed
        on the policy's day. One query."""
        if groupby not in ("user_id", "tier_id", "team_id", "partner_id"):
            raise UserError(_("Compliance is grouped by owner, tier, department or customer."))
        today = today or self.env["cdm.policy"].today()
        self.check_access_rights("read")
        query = self._where_calc([
            ("date_due", ">=", date_from), ("date_due", "<=", date_to),
            "|", ("state", "=", "done"), "&", ("state", "=", "planned"), ("date_due", "<", today),
        ])
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute("""
            SELECT "cdm_revisit".{field},
                   COUNT(*) AS due,
                   COUNT(*) FILTER (WHERE "cdm_revisit".on_time)
              FROM {from_clause} WHERE {where_clause}
             GROUP BY "cdm_revisit".{field}
        """.format(field=groupby, from_clause=from_clause, where_clause=where_clause), params)
        return {key: {"due": due, "on_time": on_time,
                      "rate": round(100.0 * on_time / due, 1) if due else 0.0}
                for key, due, on_time in self.env.cr.fetchall()}
