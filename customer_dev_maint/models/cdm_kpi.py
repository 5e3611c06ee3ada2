from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..roles import ROLES

# Where each KPI's actual comes from; one method per source (_kpi_<source>).
SOURCES = [
    ("customers_acquired", "Customers Acquired"),
    ("customers_maintained", "Customers Maintained"),
    ("sales_amount", "Sales Amount"),
    ("satisfaction", "Customer Satisfaction"),
    ("revisit_compliance", "Revisit Compliance"),
    ("sla_compliance", "SLA Compliance"),
    ("milestone_on_time", "On-time Milestones"),
]
UNITS = [("count", "Count"), ("amount", "Amount"), ("percent", "Percent"), ("score", "Score (1-5)")]
# Sources that measure a count or an amount: an employee with no record has 0.
# The others are rates or averages: with no record the KPI is not measured.
ADDITIVE_SOURCES = ("customers_acquired", "customers_maintained", "sales_amount")
DONE_REVISIT = "done"


class CdmKpi(models.Model):
    """A KPI of the appraisal (A1): where its actual comes from, its target
    and its weight per role. A KPI that does not apply to a role has weight 0
    for it. Managers edit the definitions; every appraisal run reads them."""

    _name = "cdm.kpi"
    _description = "Appraisal KPI"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, track_visibility="onchange")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, track_visibility="onchange")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.user.company_id)
    source = fields.Selection(
        SOURCES, required=True, track_visibility="onchange",
        help="The records the actual is computed from.")
    unit = fields.Selection(UNITS, required=True, default="count")
    target_per_month = fields.Boolean(
        string="Target per Month", track_visibility="onchange",
        help="The target is a monthly figure and grows with the length of the period "
             "(counts and amounts); otherwise it applies to any period as it is (rates, "
             "averages).")
    target_development = fields.Float(
        string="Target (Development)", track_visibility="onchange", digits=(16, 2))
    target_maintenance = fields.Float(
        string="Target (Maintenance)", track_visibility="onchange", digits=(16, 2))
    weight_development = fields.Float(
        string="Weight (Development)", track_visibility="onchange", digits=(16, 2),
        help="Points of 100 this KPI is worth for Customer Development staff; 0 where it "
             "does not apply.")
    weight_maintenance = fields.Float(
        string="Weight (Maintenance)", track_visibility="onchange", digits=(16, 2),
        help="Points of 100 this KPI is worth for Customer Maintenance staff; 0 where it "
             "does not apply.")
    description = fields.Text(help="How the actual is measured, for the people appraised.")

    _sql_constraints = [
        ("source_company_uniq", "unique(source, company_id)",
         "A company has one KPI per source."),
    ]

    @api.constrains("target_development", "target_maintenance", "weight_development",
                    "weight_maintenance")
    def _check_targets_and_weights(self):
        for kpi in self:
            for role, label in ROLES:
                weight, target = kpi["weight_%s" % role], kpi["target_%s" % role]
                if not 0 <= weight <= 100:
                    raise ValidationError(_(
                        "The %(role)s weight of %(kpi)s must lie between 0 and 100.") % {
                            "role": label, "kpi": kpi.name})
                if target < 0 or (weight and not target):
                    raise ValidationError(_(
                        "%(kpi)s weighs %(weight)s for %(role)s: give it a target above 0 "
                        "(or weight 0 where it does not apply).") % {
                            "kpi": kpi.name, "weight": weight, "role": label})

    # Definitions of a run ----------------------------------------------------

    @api.model
    def _for_run(self, company, roles):
        """The active KPIs of ``company``, refused clearly when the weights of
        one of ``roles`` do not add up to 100 (when the policy requires it) or
        to nothing at all."""
        kpis = self.sudo().search([("company_id", "=", company.id)])
        policy = self.env["cdm.policy"].for_company(company)
        labels = dict(ROLES)
        for role in roles:
            total = round(sum(kpis.mapped("weight_%s" % role)), 2)
            if not total or (policy.appraisal_weights_total_100 and total != 100):
                raise UserError(_(
                    "The KPI weights for %(role)s add up to %(total)s, not 100: correct them "
                    "under Appraisal > Configuration > KPIs before computing the run.") % {
                        "role": labels[role], "total": total})
        return kpis

    @api.model
    def _months(self, date_from, date_to):
        """Length of the period in months: whole calendar months count 1 each,
        the rest of a month by its days."""
        start, end = fields.Date.from_string(date_from), fields.Date.from_string(date_to)
        end_next = end + relativedelta(days=1)
        delta = relativedelta(end_next, start)
        months = delta.years * 12 + delta.months
        rest_start = start + relativedelta(months=months)
        days_in_month = ((rest_start + relativedelta(months=1)) - rest_start).days
        return months + (end_next - rest_start).days / float(days_in_month)

    def _target(self, role, date_from, date_to):
        self.ensure_one()
        target = self["target_%s" % role]
        if self.target_per_month:
            target *= self._months(date_from, date_to)
        return target

    # Actuals: one grouped query per source ------------------------------------

    def _actuals(self, users, date_from, date_to, company, today):
        """{user_id: actual} of this KPI's source for ``users`` over the
        period; for rates and averages, users without records are left out
        (not measured). Figures are audit values: read from every record of
        ``company`` (as superuser), not from what the caller may see."""
        self.ensure_one()
        if not users:
            return {}
        method = getattr(self.sudo(), "_kpi_%s" % self.source)
        return method(tuple(users.ids), date_from, date_to, company, today)

    @api.model
    def _period(self, date_from, date_to, company):
        """Parameters of the period's queries: its bounds as moments (the
        policy's days, in its time zone) and the time zone's name, so that a
        moment is counted on the day it had in the company."""
        start, end = self.env["cdm.policy"].day_bounds(date_from, date_to, company)
        timezone = self.env["cdm.policy"].for_company(company).sudo().timezone or "UTC"
        return {"start": start, "end": end, "tz": timezone}

    @api.model
    def _kpi_customers_acquired(self, user_ids, date_from, date_to, company, today):
        """New customers won: customers whose first won deal closed in the
        period and who were not maintained before it, counted for that
        deal's salesperson."""
        period = self._period(date_from, date_to, company)
        from_clause, where_clause, params = self.env["crm.lead"]._won_deals_query(
            [("company_id", "=", company.id), ("date_closed", "!=", False)])
        self.env.cr.execute("""
            WITH won AS (
                SELECT "crm_lead".id, "crm_lead".user_id, p.commercial_partner_id AS customer_id,
                       "crm_lead".date_closed
                  FROM {from_clause} JOIN res_partner p ON p.id = "crm_lead".partner_id
                 WHERE {where_clause}
            ), first_won AS (
                SELECT DISTINCT ON (customer_id) customer_id, user_id, date_closed
                  FROM won ORDER BY customer_id, date_closed, id
            )
            SELECT f.user_id, COUNT(*)
              FROM first_won f JOIN res_partner c ON c.id = f.customer_id
             WHERE f.user_id IN %s
               AND f.date_closed >= %s AND f.date_closed < %s
               AND (c.handover_date IS NULL
                    OR c.handover_date >= (f.date_closed AT TIME ZONE 'UTC' AT TIME ZONE %s)::date)
             GROUP BY f.user_id
        """.format(from_clause=from_clause, where_clause=where_clause),
            params + [user_ids, period["start"], period["end"], period["tz"]])
        return dict(self.env.cr.fetchall())

    @api.model
    def _kpi_sales_amount(self, user_ids, date_from, date_to, company, today):
        """Won revenue (``crm.lead._won_revenue``) of the deals closed in the
        period, per salesperson."""
        period = self._period(date_from, date_to, company)
        return self.env["crm.lead"]._won_revenue("user", [
            ("company_id", "=", company.id), ("user_id", "in", list(user_ids)),
            ("date_closed", ">=", period["start"]), ("date_closed", "<", period["end"])])

    @api.model
    def _kpi_customers_maintained(self, user_ids, date_from, date_to, company, today):
        """Active customers the employee maintains, handed over by the end of
        the period."""
        self.env.cr.execute("""
            SELECT p.maintenance_user_id, COUNT(*)
              FROM res_partner p
             WHERE p.active AND p.customer AND p.id = p.commercial_partner_id
               AND p.maintenance_user_id IN %(users)s
               AND (p.company_id = %(company)s OR p.company_id IS NULL)
               AND COALESCE(p.handover_date,
                            (p.create_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date) <= %(to)s
             GROUP BY p.maintenance_user_id
        """, dict(self._period(date_from, date_to, company), company=company.id, users=user_ids,
                  to=date_to))
        return dict(self.env.cr.fetchall())

    @api.model
    def _kpi_satisfaction(self, user_ids, date_from, date_to, company, today):
        """Average on the 1-5 scale of the revisit scores the employee
        collected in the period and the ratings of their tickets."""
        totals = {}
        for source in (self._satisfaction_revisits, self._satisfaction_tickets):
            for user_id, (total, count) in source(user_ids, date_from, date_to, company).items():
                previous = totals.get(user_id, (0.0, 0))
                totals[user_id] = (previous[0] + total, previous[1] + count)
        return {user_id: total / count for user_id, (total, count) in totals.items() if count}

    @api.model
    def _satisfaction_revisits(self, user_ids, date_from, date_to, company):
        """{user_id: (sum, count)} of revisit satisfaction scores (1-5)."""
        self.env.cr.execute("""
            SELECT user_id, SUM(satisfaction), COUNT(*)
              FROM cdm_revisit
             WHERE state = %(done)s AND satisfaction > 0 AND company_id = %(company)s
               AND user_id IN %(users)s AND date_done BETWEEN %(from)s AND %(to)s
             GROUP BY user_id
        """, {"done": DONE_REVISIT, "company": company.id, "users": user_ids,
              "from": date_from, "to": date_to})
        return {user_id: (float(total), count) for user_id, total, count in self.env.cr.fetchall()}

    @api.model
    def _satisfaction_tickets(self, user_ids, date_from, date_to, company):
        """{user_id: (sum, count)} of the confirmed satisfaction (1-5) of the
        tickets the employee handled, confirmed in the period: the customer's
        own rating or a staff-logged confirmation (M8)."""
        scores = self.env["cdm.ticket.satisfaction"].sudo()._scores_by(
            date_from, date_to, "user_id", company=company)
        return {user_id: (average * count, count)
                for user_id, (count, average, _low) in scores.items() if user_id in user_ids}

    @api.model
    def _kpi_revisit_compliance(self, user_ids, date_from, date_to, company, today):
        """Revisits done on time / revisits due in the period (M5's rate), in
        full precision."""
        rates = self.env["cdm.revisit"].sudo().compliance_rates(
            date_from, date_to, groupby="user_id", today=today)
        return {user_id: 100.0 * row["on_time"] / row["due"] for user_id, row in rates.items()
                if user_id in user_ids and row["due"]}

    @api.model
    def _kpi_milestone_on_time(self, user_ids, date_from, date_to, company, today):
        """Milestones delivered on time / milestones due, planned in the period."""
        counts = self.env["crm.lead.milestone"].sudo().on_time_counts(
            date_from, date_to, today=today, user_ids=list(user_ids))
        return {row["user_id"]: 100.0 * row["on_time"] / row["due"] for row in counts}

    @api.model
    def _kpi_sla_compliance(self, user_ids, date_from, date_to, company, today):
        """Complaint and problem targets met / targets due in the period (M6),
        from helpdesk.ticket.sla_compliance (without its ratings: the
        satisfaction KPI counts them)."""
        rates = self.env["helpdesk.ticket"].sudo().sla_compliance(
            date_from, date_to, groupby="user_id", company=company, ratings=False)
        return {user_id: 100.0 * row["met"] / row["due"] for user_id, row in rates.items()
                if user_id in user_ids and row["due"]}
