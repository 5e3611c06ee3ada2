from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

TRENDS = [("up", "Improving"), ("flat", "Stable"), ("down", "Declining")]
TREND_THRESHOLD = 0.25  # satisfaction points between the newer and older half of the ratings


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
    def _maintenance_policy(self):
        """The policy of the user's company to read settings from, without
        creating one (computes also run while the module installs, before the
        policy record is loaded): its defaults stand in when there is none."""
        Policy = self.env["cdm.policy"].sudo()
        company = self.env.user.company_id
        return Policy.search([("company_id", "=", company.id)], limit=1) or Policy.new(
            {"company_id": company.id})

    def _revenue_by_customer(self, today=None):
        """Won revenue in the policy's window per commercial partner: one query.
        A won deal counts with its signed contract amount, else its expected
        revenue."""
        if not self.ids:
            return {}
        policy = self._maintenance_policy()
        today = fields.Date.from_string(today or self.env["cdm.policy"].today())
        start = today - relativedelta(months=policy.tier_revenue_window_months)
        self.env.cr.execute("""
            SELECT p.commercial_partner_id,
                   COALESCE(SUM(COALESCE(NULLIF(l.contract_amount, 0), l.planned_revenue)), 0)
              FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
             WHERE l.active AND l.probability >= 100 AND l.date_closed >= %s
               AND p.commercial_partner_id IN %s
             GROUP BY p.commercial_partner_id
        """, (fields.Date.to_string(start), tuple(self.ids)))
        return dict(self.env.cr.fetchall())

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

    @api.depends("revisit_ids.state", "revisit_ids.date_done", "revisit_ids.date_due",
                 "revisit_ids.satisfaction", "helpdesk_ticket_ids.stage_id",
                 "opportunity_ids.probability", "opportunity_ids.planned_revenue",
                 "opportunity_ids.contract_amount",
                 "opportunity_ids.date_closed", "service_tier_id")
    def _compute_customer_health(self):
        ids = tuple(self.ids)
        if not ids:
            return
        policy = self._maintenance_policy()
        cr = self.env.cr
        today = fields.Date.from_string(self.env["cdm.policy"].today())
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
        cr.execute("""
            SELECT p.commercial_partner_id, COUNT(*)
              FROM helpdesk_ticket t
              JOIN res_partner p ON p.id = t.partner_id
              LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
             WHERE p.commercial_partner_id IN %s AND NOT COALESCE(s.closed, FALSE)
             GROUP BY p.commercial_partner_id
        """, (ids,))
        complaints = dict(cr.fetchall())
        revenue = self._revenue_by_customer()
        for partner in self:
            last_done, next_due = dates.get(partner.id, (None, None))
            # Odoo's cursor returns dates as 'YYYY-MM-DD' strings.
            partner.last_revisit_date = last_done or False
            partner.next_revisit_date = next_due or False
            factors = partner._health_factors(
                ratings.get(partner.id, []), next_due, complaints.get(partner.id, 0),
                revenue.get(partner.id, 0.0), policy, today)
            partner.update(factors)

    def _health_factors(self, ratings, next_due, open_complaints, revenue, policy, today):
        """The health score and its factors from known inputs (ratings newest
        first). No rating or no planned revisit counts as neutral (50)."""
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

    def _refresh_customer_health(self):
        """Recompute the stored health of these customers: it also moves with
        time (overdue revisits, revenue window), so the daily job refreshes it."""
        computed = self._field_computed[self._fields["health_score"]]
        self.invalidate_cache(fnames=[field.name for field in computed], ids=self.ids)
        for field in computed:
            self.env.add_todo(field, self)
        self.recompute()

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
        partner = super().create(vals)
        if vals.get("service_tier_id"):
            partner._log_tier_changes({partner.id: self.env["cdm.service.tier"]})
        return partner

    @api.multi
    def write(self, vals):
        old_tiers = {}
        if "service_tier_id" in vals:
            old_tiers = {partner.id: partner.service_tier_id for partner in self}
            changing = [pid for pid, tier in old_tiers.items()
                        if tier and tier.id != (vals["service_tier_id"] or False)]
            if changing and not self._may_change_tier():
                raise AccessError(_(
                    "Only a Customer Relations manager can change a customer's service tier; "
                    "ask a manager to assess the tier."))
        result = super().write(vals)
        if old_tiers:
            self._log_tier_changes(old_tiers)
        return result

    def _may_change_tier(self):
        return self.env.uid == SUPERUSER_ID or self.env.user.has_group("customer_dev_maint.group_manager")

    def _tier_change_author(self):
        """Who changed the tier. Code writing as superuser on a user's behalf
        (the handover of a won deal) names that user in the context; a
        context sent by a client never counts, since clients never run as
        superuser."""
        acting_uid = self.env.context.get("cdm_acting_uid")
        if acting_uid and self.env.uid == SUPERUSER_ID:
            return acting_uid
        return self.env.uid

    def _log_tier_changes(self, old_tiers):
        """Keep who changed the tier, when, from what to what and why (M2).
        The reason and origin come from the context of the tier assessment."""
        context = self.env.context
        Change = self.env["cdm.tier.change"].sudo()
        for partner in self:
            old = old_tiers.get(partner.id)
            if old is None or (old == partner.service_tier_id and not context.get("cdm_tier_origin")):
                continue
            Change.create({
                "partner_id": partner.id,
                "old_tier_id": old.id,
                "new_tier_id": partner.service_tier_id.id,
                "suggested_tier_id": context.get("cdm_tier_suggested_id", False),
                "user_id": self._tier_change_author(),
                "origin": context.get("cdm_tier_origin") or ("manual" if old else "initial"),
                "reason": context.get("cdm_tier_reason") or False,
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
