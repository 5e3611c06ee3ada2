from dateutil.relativedelta import relativedelta
from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..jobs import commit_batch
from ..roles import is_manager
from ..server_only import server_value
from .cdm_tier_change import TierDecision

TRENDS = [("up", "Improving"), ("flat", "Stable"), ("down", "Declining")]
TREND_THRESHOLD = 0.25  # satisfaction points between the newer and older half of the ratings
# Stored figures of the customer's health, written together (ORM or one SQL update).
HEALTH_FIELDS = ("last_revisit_date", "next_revisit_date", "satisfaction_avg", "satisfaction_trend",
                 "open_complaint_count", "health_satisfaction", "health_revisit",
                 "health_complaints", "health_revenue", "health_score")
HEALTH_BATCH_SIZE = 1000


class ResPartner(models.Model):
    """The customer record of the policy (§5, M10): who develops and who
    maintains each customer, its service tier and its history, revisits,
    satisfaction, open complaints, revenue and health. The development owner
    and department are Odoo's own salesperson (``user_id``) and sales team
    (``team_id``)."""

    _inherit = "res.partner"

    maintenance_user_id = fields.Many2one(
        "res.users", string="Maintenance Owner", index=True,
        track_visibility="onchange",
        help="Customer Maintenance employee in charge of this customer after handover.",
    )
    maintenance_team_id = fields.Many2one(
        "crm.team", string="Maintenance Department", index=True,
        domain=[("department_role", "=", "maintenance")],
        track_visibility="onchange",
    )

    service_tier_id = fields.Many2one(
        "cdm.service.tier", index=True, ondelete="restrict",
        track_visibility="onchange",
        help="Service plan of the customer: revisit interval, complaint targets, update notices.",
    )
    handover_date = fields.Date(
        track_visibility="onchange",
        help="Date Customer Development handed the customer over to Customer Maintenance.",
    )
    # Tier assessment (M2)
    potential_score = fields.Integer(
        track_visibility="onchange",
        help="Growth potential of the customer from 0 to 100, set by its owner.",
    )
    tier_change_ids = fields.One2many("cdm.tier.change", "partner_id", string="Tier History")
    tier_change_reason = fields.Text(
        string="Reason for the Tier Change", compute="_compute_tier_change_reason", readonly=False,
        help="Why the service tier changes: required to change or remove a tier already set, "
             "kept in the tier history (not on the customer).",
    )
    revenue_in_window = fields.Float(
        string="Won Revenue in Window", compute="_compute_revenue_in_window",
        help="Planned revenue of the customer's deals won within the policy's revenue window.",
    )
    suggested_tier_id = fields.Many2one(
        "cdm.service.tier", compute="_compute_revenue_in_window",
        help="Tier the policy's thresholds suggest from won revenue and potential.",
    )
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

    # Computes -------------------------------------------------------------------

    @api.model
    def _maintenance_policy(self, company=None):
        """The policy of ``company`` (default: the user's) to read settings
        from, without creating one (``cdm.policy.for_company``)."""
        return self.env["cdm.policy"].for_company(company, create=False).sudo()

    def _revenue_by_customer(self, today=None, policy=None):
        """Won revenue in the policy's window per commercial partner: one query.
        A won deal counts with its signed contract amount, else its expected
        revenue."""
        if not self.ids:
            return {}
        return self.env["crm.lead"].sudo()._won_revenue(
            "customer", self._won_deals_in_window(today, policy))

    def _won_deals_in_window(self, today=None, policy=None):
        """The domain of these customers' deals closed in the policy's
        revenue window (before ``today``'s window start nothing counts)."""
        policy = policy or self._maintenance_policy()
        today = fields.Date.from_string(today or self.env["cdm.policy"].today())
        start = today - relativedelta(months=policy.tier_revenue_window_months)
        return [("date_closed", ">=", fields.Date.to_string(start)),
                ("partner_id.commercial_partner_id", "in", self.ids)]

    @api.model
    def _suggest_tier(self, revenue, potential, policy=None):
        """Tier the thresholds give: Strategic or Key when revenue or potential
        reaches the tier's threshold (inclusive), otherwise Standard."""
        policy = policy or self._maintenance_policy()
        if revenue >= policy.tier_strategic_revenue or potential >= policy.tier_strategic_potential:
            xmlid = "customer_dev_maint.tier_strategic"
        elif revenue >= policy.tier_key_revenue or potential >= policy.tier_key_potential:
            xmlid = "customer_dev_maint.tier_key"
        else:
            xmlid = "customer_dev_maint.tier_standard"
        return self.env.ref(xmlid, raise_if_not_found=False) or self.env["cdm.service.tier"]

    @api.depends("potential_score")
    def _compute_revenue_in_window(self):
        revenue = self._revenue_by_customer()
        for partner in self:
            partner.revenue_in_window = revenue.get(partner.id, 0.0)
            partner.suggested_tier_id = self._suggest_tier(
                partner.revenue_in_window, partner.potential_score)

    def _compute_tier_change_reason(self):
        # Never stored: write() keeps it in the tier history row.
        for partner in self:
            partner.tier_change_reason = False

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
        with ``FOR UPDATE SKIP LOCKED`` (a second worker skips those the
        first holds); only changed figures are written, so a second run
        changes nothing. Returns the number of customers changed."""
        cr = self.env.cr
        last_id, changed = 0, 0
        while True:
            cr.execute("""
                SELECT id FROM res_partner
                 WHERE id > %s AND (commercial_partner_id = id OR commercial_partner_id IS NULL
                                    OR satisfaction_trend IS NOT NULL OR health_score <> 0)
                 ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED
            """, (last_id, HEALTH_BATCH_SIZE))
            ids = [row[0] for row in cr.fetchall()]
            if not ids:
                break
            last_id = ids[-1]
            changed += self.with_context(active_test=False).browse(ids)._store_customer_health(today=today)
            if commit_batch(self.env, commit):
                self.env.clear()
        return changed

    # Constraints, CRUD ---------------------------------------------------------------

    @api.constrains("potential_score")
    def _check_potential_score(self):
        for partner in self:
            if not 0 <= partner.potential_score <= 100:
                raise ValidationError(_("The potential score of %s must lie between 0 and 100.")
                                      % partner.display_name)

    @api.constrains("service_tier_id", "maintenance_user_id", "parent_id")
    def _check_dedicated_owner(self):
        for partner in self:
            if not partner.parent_id and partner.service_tier_id.dedicated_owner_required \
                    and not partner.maintenance_user_id:
                raise ValidationError(_(
                    "Customers of the %(tier)s tier need a dedicated maintenance owner: "
                    "choose one for %(customer)s.") % {
                        "tier": partner.service_tier_id.name, "customer": partner.display_name})

    @api.onchange("maintenance_user_id")
    def _onchange_maintenance_user_id(self):
        team = self.env["crm.team"]._maintenance_department_of(self.maintenance_user_id)
        if team:
            self.maintenance_team_id = team

    @api.model
    def create(self, vals):
        vals = dict(vals)
        reason = vals.pop("tier_change_reason", None)
        partner = super().create(vals)
        if vals.get("service_tier_id"):
            partner._log_tier_changes({partner.id: self.env["cdm.service.tier"]}, reason)
        return partner

    @api.multi
    def write(self, vals):
        old_tiers = {}
        reason = None
        if "tier_change_reason" in vals:
            vals = dict(vals)
            reason = vals.pop("tier_change_reason")
        if "service_tier_id" in vals:
            old_tiers = {partner.id: partner.service_tier_id for partner in self}
            self._check_tier_change(old_tiers, vals["service_tier_id"] or False, reason)
        result = super().write(vals)
        if old_tiers:
            self._log_tier_changes(old_tiers, reason)
        return result

    @api.model
    def _tier_decision(self):
        """The tier assessment's decision when the assessment wizard writes
        the tier: a server-side object no client can send (clients send
        JSON or XML-RPC values), so an origin or reason in a client's
        context never reaches the history."""
        decision = self.env.context.get("cdm_tier_decision")
        return decision if isinstance(decision, TierDecision) else None

    def _tier_history_partner_ids(self):
        """Ids of these partners that already have a tier history."""
        if not self.ids:
            return set()
        groups = self.env["cdm.tier.change"].sudo().read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        return {group["partner_id"][0] for group in groups}

    def _check_tier_change(self, old_tiers, new_tier_id, reason):
        """Changing a tier already set needs a manager, and every change after
        the first (changing, removing, setting again) needs a reason, however
        it is made: form, import, RPC or the assessment. Only code running as
        superuser (the handover of a won deal) sets a tier without one."""
        changing = self.filtered(lambda p: old_tiers[p.id] and old_tiers[p.id].id != new_tier_id)
        if changing and not is_manager(self.env):
            raise AccessError(_(
                "Only a Customer Relations manager can change a customer's service tier; "
                "ask a manager to assess the tier."))
        if self.env.uid == SUPERUSER_ID:
            return
        decision = self._tier_decision()
        reason = decision.reason if decision else reason
        if (reason or "").strip():
            return
        history = self._tier_history_partner_ids()
        for partner in self:
            old = old_tiers[partner.id]
            if old.id != new_tier_id and (old or partner.id in history):
                new = self.env["cdm.service.tier"].browse(new_tier_id)
                raise UserError(_(
                    "Give the reason for changing the service tier of %(customer)s "
                    "from %(old)s to %(new)s: it is kept in the tier history.") % {
                        "customer": partner.display_name, "old": old.name or _("none"),
                        "new": new.name or _("none")})

    def _tier_change_author(self):
        """Who changed the tier. Code writing as superuser on a user's behalf
        (the handover of a won deal) names that user in the context."""
        acting_uid = server_value(self.env, "cdm_acting_uid")
        if acting_uid and self.env.uid == SUPERUSER_ID:
            return acting_uid
        return self.env.uid

    def _log_tier_changes(self, old_tiers, reason=None):
        """Keep who changed the tier, when, from what to what and why (M2).
        Every value comes from the server: the suggested tier is computed
        now, the origin follows from how the tier was written (the
        assessment's decision, else a first assignment or a manual change)."""
        decision = self._tier_decision()
        if decision:
            reason = decision.reason
        partners = self.filtered(lambda p: p.id in old_tiers and (
            decision or old_tiers[p.id] != p.service_tier_id))
        if not partners:
            return
        history = partners._tier_history_partner_ids()
        revenue = partners._revenue_by_customer()
        Change = self.env["cdm.tier.change"].sudo()
        for partner in partners:
            old = old_tiers[partner.id]
            suggested = self._suggest_tier(revenue.get(partner.id, 0.0), partner.potential_score)
            if decision:
                origin = "confirmed" if partner.service_tier_id == suggested else "override"
            else:
                origin = "manual" if old or partner.id in history else "initial"
            Change.create({
                "partner_id": partner.id,
                "old_tier_id": old.id,
                "new_tier_id": partner.service_tier_id.id,
                "suggested_tier_id": suggested.id,
                "user_id": self._tier_change_author(),
                "origin": origin,
                "reason": (reason or "").strip() or False,
            })

    # Actions ----------------------------------------------------------------------

    @api.multi
    def action_open_tier_assessment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Assess Service Tier"),
            "res_model": "cdm.tier.assessment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    @api.multi
    def action_view_revisits(self):
        self.ensure_one()
        action = self.env.ref("customer_dev_maint.cdm_revisit_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
