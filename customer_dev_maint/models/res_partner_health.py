from psycopg2.extras import execute_values

from odoo import api, fields, models

from ..jobs import commit_batch

TRENDS = [("up", "Improving"), ("flat", "Stable"), ("down", "Declining")]
TREND_THRESHOLD = 0.25  # satisfaction points between the newer and older half of the ratings
# Stored figures of the customer's health, written together (ORM or one SQL update).
HEALTH_FIELDS = ("last_revisit_date", "next_revisit_date", "satisfaction_avg", "satisfaction_trend",
                 "open_complaint_count", "health_satisfaction", "health_revisit",
                 "health_complaints", "health_revenue", "health_score")
HEALTH_BATCH_SIZE = 1000


class ResPartner(models.Model):
    """The customer's health (M10): last and next revisit, satisfaction and
    its trend, open complaints, won revenue, and the score they make;
    stored, refreshed by their inputs and by a daily job."""

    _inherit = "res.partner"

    # Revisits and health (M3, M10)
    revisit_ids = fields.One2many("cdm.revisit", "partner_id", string="Revisits")
    customer_ticket_ids = fields.One2many(
        "helpdesk.ticket", "commercial_partner_id", string="Tickets of the Customer and Contacts")
    customer_lead_ids = fields.One2many(
        "crm.lead", "commercial_partner_id", string="Deals of the Customer and Contacts")
    last_revisit_date = fields.Date(compute="_compute_customer_health", store=True)
    next_revisit_date = fields.Date(compute="_compute_customer_health", store=True)
    satisfaction_avg = fields.Float(
        string="Satisfaction Average", compute="_compute_customer_health", store=True,
        digits=(3, 2), group_operator="avg",
        help="Average satisfaction (1-5) of the last completed revisits (policy setting).",
    )
    satisfaction_trend = fields.Selection(
        TRENDS, compute="_compute_customer_health", store=True,
        help="Newer half of the last ratings compared with the older half.",
    )
    open_complaint_count = fields.Integer(
        string="Open Complaints", compute="_compute_customer_health", store=True)
    health_satisfaction = fields.Float(
        string="Satisfaction Factor", compute="_compute_customer_health", store=True, digits=(5, 1))
    health_revisit = fields.Float(
        string="Revisit Factor", compute="_compute_customer_health", store=True, digits=(5, 1))
    health_complaints = fields.Float(
        string="Complaint Factor", compute="_compute_customer_health", store=True, digits=(5, 1))
    health_revenue = fields.Float(
        string="Revenue Factor", compute="_compute_customer_health", store=True, digits=(5, 1))
    health_score = fields.Integer(
        compute="_compute_customer_health", store=True, index=True, group_operator="avg",
        help="0-100: weighted mean of the satisfaction, revisit, complaint and revenue "
             "factors, weights in the policy settings.",
    )

    @api.model
    def _open_complaint_domain(self, partner_ids):
        """The tickets that count as open complaints of the customers
        ``partner_ids``: open complaints and problems of the customer and of
        its contacts. The one definition, used by the health figures."""
        return self.env["helpdesk.ticket"]._complaint_domain() + [
            ("commercial_partner_id", "in", list(partner_ids)),
            "|", ("stage_id", "=", False), ("stage_id.closed", "=", False)]

    def _open_complaints_by_customer(self):
        """Open complaints per customer, {commercial partner id: count}: one
        query, whoever asks (the figure is stored for everyone)."""
        if not self.ids:
            return {}
        groups = self.env["helpdesk.ticket"].sudo().read_group(
            self._open_complaint_domain(self.ids), ["commercial_partner_id"], ["commercial_partner_id"])
        return {group["commercial_partner_id"][0]: group["commercial_partner_id_count"]
                for group in groups}

    # Every input of the stored health figures is a dependency here, except
    # the policy's settings and the tier's interval: writing those refreshes
    # the figures of the customers concerned set-based (cdm.policy and
    # cdm.service.tier write), rather than one ORM write per customer. Time is
    # the last input: the daily job refreshes every customer.
    @api.depends("revisit_ids.state", "revisit_ids.date_done", "revisit_ids.date_due",
                 "revisit_ids.satisfaction", "customer_ticket_ids.stage_id", "customer_ticket_ids.kind",
                 "customer_ticket_ids.stage_id.closed", "customer_lead_ids.active",
                 "customer_lead_ids.type", "customer_lead_ids.probability",
                 "customer_lead_ids.planned_revenue",
                 "customer_lead_ids.contract_amount", "customer_lead_ids.date_closed",
                 "service_tier_id", "commercial_partner_id", "company_id")
    def _compute_customer_health(self):
        values = self._customer_health_values()
        empty = self._empty_health_values()
        for partner in self:
            partner.update(values.get(partner.id, empty))

    @api.model
    def _empty_health_values(self):
        """The figures of a partner that is not a customer (a contact: its
        revisits, tickets and deals count on its customer)."""
        values = dict.fromkeys(HEALTH_FIELDS, 0)
        values.update(last_revisit_date=False, next_revisit_date=False, satisfaction_trend=False)
        return values

    def _customer_health_values(self, today=None):
        """The stored health figures of these partners, {id: values}, from
        their values in the ORM (the stored compute: a new partner's
        commercial partner may not be in the database yet). Contacts carry
        no figures."""
        main_company = self.env.ref("base.main_company")
        rows = [(partner.id, (partner.company_id or main_company).id,
                 partner.service_tier_id.revisit_interval_days or 0)
                for partner in self if partner.id and partner.commercial_partner_id == partner]
        return self._health_values_of_rows(rows, today=today)

    @api.model
    def _health_values_of_rows(self, rows, today=None):
        """The health figures of the customers ``rows`` (id, company id,
        revisit interval of its tier), {id: values}: a few queries per company
        for the whole set. Each customer is weighed by the policy of its
        company (the main company's when it has none)."""
        by_company = {}
        for row in rows:
            by_company.setdefault(row[1], []).append(row)
        values = {}
        for company_id, company_rows in by_company.items():
            values.update(self._health_values_of_company(
                self.env["res.company"].browse(company_id), company_rows, today=today))
        return values

    @api.model
    def _health_values_of_company(self, company, rows, today=None):
        policy = self._maintenance_policy(company)
        today = today or self.env["cdm.policy"].today(company=company)
        intervals = {row[0]: row[2] for row in rows}
        ids = tuple(intervals)
        customers = self.browse(ids)
        cr = self.env.cr
        cr.execute("""
            SELECT partner_id, MAX(date_done) FILTER (WHERE state = 'done'),
                   MIN(date_due) FILTER (WHERE state = 'planned')
              FROM cdm_revisit WHERE partner_id IN %s GROUP BY partner_id
        """, (ids,))
        dates = {row[0]: row[1:] for row in cr.fetchall()}
        cr.execute("""
            SELECT partner_id, satisfaction FROM (
                SELECT partner_id, satisfaction, ROW_NUMBER() OVER (
                       PARTITION BY partner_id ORDER BY date_done DESC, id DESC) AS rank
                  FROM cdm_revisit
                 WHERE state = 'done' AND satisfaction > 0 AND partner_id IN %s) ranked
             WHERE rank <= %s ORDER BY partner_id, rank
        """, (ids, policy.satisfaction_revisit_count))
        ratings = {}
        for partner_id, satisfaction in cr.fetchall():
            ratings.setdefault(partner_id, []).append(satisfaction)
        complaints = customers._open_complaints_by_customer()
        # Stored for everyone: the whole revenue, whoever triggers the compute.
        revenue = customers.sudo()._revenue_by_customer(today=today, policy=policy)
        today = fields.Date.from_string(today)
        values = {}
        for partner_id in ids:
            last_done, next_due = dates.get(partner_id, (None, None))
            # Odoo's cursor returns dates as 'YYYY-MM-DD' strings.
            factors = self._health_factors(
                ratings.get(partner_id, []), next_due, complaints.get(partner_id, 0),
                revenue.get(partner_id, 0.0), policy, today, interval=intervals[partner_id])
            factors.update(last_revisit_date=last_done or False, next_revisit_date=next_due or False)
            values[partner_id] = factors
        return values

    def _health_factors(self, ratings, next_due, open_complaints, revenue, policy, today,
                        interval=None):
        """The health score and its factors from known inputs (ratings newest
        first; ``interval``: the revisit interval of the tier, default this
        customer's). No rating or no planned revisit counts as neutral (50)."""
        values = {"open_complaint_count": open_complaints, "satisfaction_trend": "flat"}
        if ratings:
            values["satisfaction_avg"] = sum(ratings) / len(ratings)
            values["health_satisfaction"] = values["satisfaction_avg"] * 20.0
            half = len(ratings) // 2
            if half:
                newer = sum(ratings[:half]) / half
                older = sum(ratings[half:]) / (len(ratings) - half)
                if newer - older > TREND_THRESHOLD:
                    values["satisfaction_trend"] = "up"
                elif older - newer > TREND_THRESHOLD:
                    values["satisfaction_trend"] = "down"
        else:
            values["satisfaction_avg"] = 0.0
            values["health_satisfaction"] = 50.0
        if interval is None:
            interval = self.service_tier_id.revisit_interval_days
        if next_due and interval:
            late = (today - fields.Date.from_string(next_due)).days
            values["health_revisit"] = 100.0 if late <= 0 else max(0.0, 100.0 - 100.0 * late / interval)
        else:
            values["health_revisit"] = 50.0
        values["health_complaints"] = max(0.0, 100.0 - 25.0 * open_complaints)
        if policy.tier_strategic_revenue > 0:
            values["health_revenue"] = min(100.0, 100.0 * revenue / policy.tier_strategic_revenue)
        else:
            values["health_revenue"] = 100.0 if revenue > 0 else 50.0
        weights = {
            "health_satisfaction": policy.health_weight_satisfaction,
            "health_revisit": policy.health_weight_revisit,
            "health_complaints": policy.health_weight_complaints,
            "health_revenue": policy.health_weight_revenue,
        }
        total = sum(weights.values()) or 1
        values["health_score"] = int(round(
            sum(values[name] * weight for name, weight in weights.items()) / total))
        return values

    @staticmethod
    def _health_row(values):
        """``values`` as the row stored in the database (HEALTH_FIELDS order)."""
        return (
            values["last_revisit_date"] or None, values["next_revisit_date"] or None,
            round(values["satisfaction_avg"] or 0.0, 2), values["satisfaction_trend"] or None,
            int(values["open_complaint_count"] or 0), round(values["health_satisfaction"] or 0.0, 1),
            round(values["health_revisit"] or 0.0, 1), round(values["health_complaints"] or 0.0, 1),
            round(values["health_revenue"] or 0.0, 1), int(values["health_score"] or 0),
        )

    def _store_customer_health(self, today=None):
        """Compute and store the health figures of these partners set-based:
        per batch one query reads what each partner is and holds, a few
        compute the figures, and one UPDATE writes the rows that change (a
        second run changes nothing). Returns the number of partners whose
        figures changed."""
        cr = self.env.cr
        empty = self._empty_health_values()
        main_company = self.env.ref("base.main_company")
        changed = 0
        for start in range(0, len(self.ids), HEALTH_BATCH_SIZE):
            batch_ids = tuple(self.ids[start:start + HEALTH_BATCH_SIZE])
            cr.execute("""
                SELECT p.id, p.commercial_partner_id = p.id, COALESCE(p.company_id, %s),
                       t.revisit_interval_days,
                       p.last_revisit_date, p.next_revisit_date, p.satisfaction_avg,
                       p.satisfaction_trend, p.open_complaint_count, p.health_satisfaction,
                       p.health_revisit, p.health_complaints, p.health_revenue, p.health_score
                  FROM res_partner p LEFT JOIN cdm_service_tier t ON t.id = p.service_tier_id
                 WHERE p.id IN %s
            """, (main_company.id, batch_ids))
            stored = cr.fetchall()
            values = self._health_values_of_rows(
                [(row[0], row[2], row[3] or 0) for row in stored if row[1]], today=today)
            rows = []
            for row in stored:
                new = self._health_row(values.get(row[0], empty))
                if self._health_row(dict(zip(HEALTH_FIELDS, row[4:]))) != new:
                    rows.append((row[0],) + new)
            if not rows:
                continue
            execute_values(cr._obj, """
                UPDATE res_partner p
                   SET last_revisit_date = v.last_revisit_date, next_revisit_date = v.next_revisit_date,
                       satisfaction_avg = v.satisfaction_avg, satisfaction_trend = v.satisfaction_trend,
                       open_complaint_count = v.open_complaint_count,
                       health_satisfaction = v.health_satisfaction, health_revisit = v.health_revisit,
                       health_complaints = v.health_complaints, health_revenue = v.health_revenue,
                       health_score = v.health_score
                  FROM (VALUES %s) AS v(id, last_revisit_date, next_revisit_date, satisfaction_avg,
                                        satisfaction_trend, open_complaint_count, health_satisfaction,
                                        health_revisit, health_complaints, health_revenue, health_score)
                 WHERE p.id = v.id
            """, rows, template="(%s, %s::date, %s::date, %s::numeric, %s::varchar, %s::int, "
                                "%s::numeric, %s::numeric, %s::numeric, %s::numeric, %s::int)",
                page_size=HEALTH_BATCH_SIZE)
            self.invalidate_cache(fnames=list(HEALTH_FIELDS), ids=[row[0] for row in rows])
            changed += len(rows)
        return changed

    def _refresh_customer_health(self):
        """Recompute the stored health of these customers now (set-based)."""
        return self._store_customer_health()

    @api.model
    def _cron_refresh_customer_health(self, commit=True, today=None):
        """Scheduled job: health also moves with time (overdue revisits, the
        revenue window), so every customer's stored figures are refreshed,
        maintained or not, archived or not (and contacts still holding
        figures of their own from before, which are emptied). Customers are
        taken in batches
        with ``FOR NO KEY UPDATE SKIP LOCKED`` (a second worker skips those the
        first holds); only changed figures are written, so a second run
        changes nothing. Returns the number of customers changed."""
        cr = self.env.cr
        last_id, changed = 0, 0
        while True:
            cr.execute("""
                SELECT id FROM res_partner
                 WHERE id > %s AND (commercial_partner_id = id OR commercial_partner_id IS NULL
                                    OR satisfaction_trend IS NOT NULL OR health_score <> 0)
                 ORDER BY id LIMIT %s FOR NO KEY UPDATE SKIP LOCKED
            """, (last_id, HEALTH_BATCH_SIZE))
            ids = [row[0] for row in cr.fetchall()]
            if not ids:
                break
            last_id = ids[-1]
            changed += self.with_context(active_test=False).browse(ids)._store_customer_health(today=today)
            if commit_batch(self.env, commit):
                self.env.clear()
        return changed

    @api.multi
    def action_view_revisits(self):
        self.ensure_one()
        action = self.env.ref("customer_dev_maint.cdm_revisit_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
