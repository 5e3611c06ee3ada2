from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

SCREENING_BANDS = [
    ("0_19", "0-19"),
    ("20_39", "20-39"),
    ("40_59", "40-59"),
    ("60_79", "60-79"),
    ("80_100", "80-100"),
]

# Weighted screening score -> star priority, highest band first (D2).
PRIORITY_BANDS = [(80.0, "3"), (60.0, "2"), (40.0, "1"), (0.0, "0")]


class CrmLead(models.Model):
    """Screening of prospects (§3.1 "screen them against the company's
    resources and capabilities", D2): a weighted score over the active
    criteria, a decision, the priority that follows the score, and the rule
    that only screened leads become opportunities, by conversion or merge."""

    _inherit = "crm.lead"

    screening_score_ids = fields.One2many(
        "crm.lead.screening.score", "lead_id", string="Screening Scores", copy=True,
    )
    screening_score = fields.Float(
        compute="_compute_screening_score", store=True, group_operator="avg", digits=(5, 1),
        help="Weighted score 0-100 over the active screening criteria; "
             "a criterion not scored yet counts as 0.",
    )
    screening_band = fields.Selection(
        SCREENING_BANDS, compute="_compute_screening_score", store=True,
        string="Screening Score Band",
    )
    screening_decision = fields.Selection(
        [("pending", "Pending"), ("qualified", "Qualified"), ("rejected", "Rejected")],
        required=True, default="pending", index=True, copy=False, track_visibility="onchange",
    )
    screening_reject_reason = fields.Text(
        string="Rejection Reason", copy=False, track_visibility="onchange",
    )
    screening_decision_date = fields.Date(copy=False, readonly=True)
    screening_user_id = fields.Many2one(
        "res.users", string="Screened By", copy=False, readonly=True,
    )
    maintained_customer = fields.Boolean(
        compute="_compute_maintained_customer",
        help="The customer is already maintained by Customer Maintenance "
             "(repeat business): it counts as screened.",
    )
    screening_passed = fields.Boolean(
        compute="_compute_screening_passed", store=True, index=True,
        help="Qualified by screening, or an existing maintained customer.",
    )
    priority_manual = fields.Boolean(
        string="Priority Set by Hand", copy=False,
        help="When unchecked, the priority follows the screening score.",
    )

    @api.depends("screening_score_ids.score", "screening_score_ids.criterion_id", "company_id")
    def _compute_screening_score(self):
        """The weighted score: Σ(score × weight) / Σ(5 × weight) × 100 over
        the active criteria of the lead's company, rounded half-up to one
        decimal (``_recompute_screening_scores`` applies it to many leads at
        once in SQL)."""
        criteria_by_company = {}
        for lead in self:
            company_id = lead.company_id.id
            if company_id not in criteria_by_company:
                criteria_by_company[company_id] = self._screening_criteria(company_id)
            criteria = criteria_by_company[company_id]
            scores = {line.criterion_id.id: line.score for line in lead.screening_score_ids}
            total_weight = sum(criteria.mapped("weight"))
            earned = sum(c.weight * scores.get(c.id, 0) for c in criteria)
            score = (float_round(100.0 * earned / (5.0 * total_weight), precision_digits=1)
                     if total_weight else 0.0)
            lead.screening_score = score
            lead.screening_band = SCREENING_BANDS[min(int(score // 20), 4)][0]

    @api.depends("partner_id.commercial_partner_id.maintenance_user_id")
    def _compute_maintained_customer(self):
        for lead in self:
            lead.maintained_customer = bool(
                lead.partner_id.commercial_partner_id.maintenance_user_id)

    @api.depends("screening_decision", "partner_id.commercial_partner_id.maintenance_user_id")
    def _compute_screening_passed(self):
        """The one definition of "screened": the conversion rule, the merge
        rule and the qualified gate all read this field."""
        for lead in self:
            lead.screening_passed = (
                lead.screening_decision == "qualified"
                or bool(lead.partner_id.commercial_partner_id.maintenance_user_id))

    @api.constrains("screening_decision", "screening_reject_reason")
    def _check_screening_reject_reason(self):
        for lead in self:
            if lead.screening_decision == "rejected" and not (lead.screening_reject_reason or "").strip():
                raise ValidationError(_("Give the reason for rejecting %s.") % lead.name)

    @api.constrains("screening_decision")
    def _check_screening_qualification(self):
        """Checked when the decision is taken; later score changes do not
        undo a decision already taken."""
        for lead in self:
            if lead.screening_decision == "qualified":
                threshold = lead._screening_threshold()
                if lead.screening_score < threshold:
                    raise ValidationError(_(
                        "%(lead)s cannot be qualified: its screening score %(score).1f is below "
                        "the qualification threshold %(threshold).1f."
                    ) % {"lead": lead.name, "score": lead.screening_score, "threshold": threshold})

    @api.model
    def create(self, vals):
        if vals.get("priority") not in (None, False, "0") and "priority_manual" not in vals:
            vals = dict(vals, priority_manual=True)
        lead = super().create(vals)
        if "screening_score_ids" not in vals:
            lead._create_screening_sheet()
        return lead

    @api.multi
    def write(self, vals):
        if "priority" in vals and "priority_manual" not in vals:
            vals = dict(vals, priority_manual=True)
        if vals.get("type") == "opportunity":
            self._check_conversion(vals.get("partner_id"))
        return super().write(vals)

    @api.multi
    def merge_opportunity(self, user_id=False, team_id=False):
        """A merge that makes an opportunity out of its records makes every
        lead among them part of it: each must be screened, as in conversion."""
        if any(rec.type == "opportunity" for rec in self):
            self._check_merge_screening()
        return super().merge_opportunity(user_id=user_id, team_id=team_id)

    # Actions ----------------------------------------------------------------

    @api.multi
    def action_screening_qualify(self):
        for lead in self:
            missing = lead._unscored_criteria()
            if missing:
                raise UserError(_("Score every screening criterion of %(lead)s first: %(missing)s.") % {
                    "lead": lead.name, "missing": ", ".join(missing.mapped("name"))})
        self.write({"screening_decision": "qualified", "screening_reject_reason": False,
                    "screening_decision_date": self.env["cdm.policy"].today(),
                    "screening_user_id": self.env.uid})
        return True

    @api.multi
    def action_screening_reject(self):
        self.write({"screening_decision": "rejected",
                    "screening_decision_date": self.env["cdm.policy"].today(),
                    "screening_user_id": self.env.uid})
        return True

    @api.multi
    def action_screening_reset(self):
        self.write({"screening_decision": "pending", "screening_reject_reason": False,
                    "screening_decision_date": False, "screening_user_id": False})
        return True

    @api.multi
    def action_screening_add_criteria(self):
        """Add a score line for every active criterion the lead has not been scored on."""
        for lead in self:
            scored = lead.screening_score_ids.mapped("criterion_id")
            lines = [line for line in self._default_screening_lines(lead.company_id.id)
                     if line[2]["criterion_id"] not in scored.ids]
            if lines:
                lead.write({"screening_score_ids": lines})
        return True

    # Business methods -------------------------------------------------------

    def _decision_label(self):
        self.ensure_one()
        return dict(self._fields["screening_decision"]._description_selection(
            self.env))[self.screening_decision]

    def _conversion_refusal(self):
        """Why this lead cannot become an opportunity (one message for every
        route: conversion, merge, import, RPC)."""
        self.ensure_one()
        return _(
            "%(lead)s cannot become an opportunity: its screening decision is %(decision)s. "
            "Only qualified leads are converted."
        ) % {"lead": self.name, "decision": self._decision_label()}

    def _check_conversion(self, partner_id=None):
        """Only qualified leads become opportunities (D2); customers already
        maintained count as screened."""
        partner = self.env["res.partner"].browse(partner_id) if partner_id else None
        for lead in self.filtered(lambda rec: rec.type == "lead"):
            if partner is not None and partner.commercial_partner_id.maintenance_user_id:
                continue
            if not lead.screening_passed:
                raise UserError(lead._conversion_refusal())

    def _check_merge_screening(self, subject=None):
        """Refuse to merge these records into an opportunity while one of
        their leads is not screened. ``subject`` is the lead being converted:
        it is refused as in conversion; another unscreened lead is named as
        the merge candidate that blocks, with the ways forward."""
        subject = subject or self.env["crm.lead"]
        blocking = self.filtered(lambda rec: rec.type == "lead" and not rec.screening_passed)
        if not blocking:
            return
        if subject in blocking:
            raise UserError(subject._conversion_refusal())
        candidate = blocking[0]
        target = subject or (self - blocking)[:1]
        raise UserError(_(
            "%(refusal)s\n%(candidate)s is a merge candidate of %(target)s (same customer or "
            "e-mail): convert %(target)s without merging (choose \"Convert to opportunity\"), "
            "or screen %(candidate)s first."
        ) % {"refusal": candidate._conversion_refusal(), "candidate": candidate.name,
             "target": target.name or ""})

    def _screening_threshold(self):
        return self.env["cdm.policy"].for_company(self.company_id or None).screening_threshold

    @api.model
    def _screening_criteria(self, company_id=None):
        """The active criteria a lead of ``company_id`` is scored on."""
        company_id = company_id or self.env.user.company_id.id
        return self.env["cdm.screening.criterion"].sudo().with_context(active_test=True).search(
            ["|", ("company_id", "=", False), ("company_id", "=", company_id)])

    def _create_screening_sheet(self):
        """Give this new lead its score sheet: a 0 line per active criterion,
        whoever creates the lead (a maintenance user turning a revisit into an
        opportunity, the mail gateway). One statement: an empty sheet changes
        neither the score (an unscored criterion already counts 0) nor the
        priority, so no line needs the ORM's checks; its customer and
        confidentiality level (C1) are the lead's, written with it."""
        self.ensure_one()
        criteria = self._screening_criteria(self.company_id.id)
        if not criteria:
            return
        self.env.cr.execute("""
            INSERT INTO crm_lead_screening_score
                   (lead_id, criterion_id, score, sequence, partner_id, user_id, team_id,
                    company_id, date, cdm_customer_id, confidentiality_level,
                    create_uid, write_uid, create_date, write_date)
            SELECT l.id, c.id, 0, c.sequence, p.commercial_partner_id, l.user_id, l.team_id,
                   l.company_id, %(today)s, p.commercial_partner_id, l.confidentiality_level,
                   %(uid)s, %(uid)s,
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM crm_lead l
              LEFT JOIN res_partner p ON p.id = l.partner_id
              JOIN cdm_screening_criterion c ON c.id IN %(criteria)s
             WHERE l.id = %(lead)s
        """, {"today": self.env["cdm.policy"].today(self.company_id or None), "uid": self.env.uid,
              "criteria": tuple(criteria.ids), "lead": self.id})
        self.invalidate_cache(["screening_score_ids"], self.ids)

    @api.model
    def _default_screening_lines(self, company_id=None):
        return [(0, 0, {"criterion_id": criterion.id, "score": 0})
                for criterion in self._screening_criteria(company_id)]

    def _unscored_criteria(self):
        self.ensure_one()
        return (self._screening_criteria(self.company_id.id)
                - self.screening_score_ids.mapped("criterion_id"))

    @api.model
    def _recompute_screening_scores(self, company_ids=None):
        """Recompute the score, band and score-driven priority of every scored
        lead (of ``company_ids``, default all) in one statement, after a
        criterion's weight, activity or company changed.

        The same formula as ``_compute_screening_score`` (which scores one
        lead as its lines change), half-up rounding to one decimal in both;
        the same bands as SCREENING_BANDS and PRIORITY_BANDS. Returns the ids
        of the leads whose figures changed."""
        self.recompute()
        self.env.cr.execute("""
            WITH earned AS (
                SELECT sc.lead_id AS id, l.company_id,
                       SUM(CASE WHEN c.active AND (c.company_id IS NULL
                                                   OR c.company_id = l.company_id)
                                THEN c.weight * sc.score ELSE 0 END) AS earned
                  FROM crm_lead_screening_score sc
                  JOIN crm_lead l ON l.id = sc.lead_id
                  JOIN cdm_screening_criterion c ON c.id = sc.criterion_id
                 WHERE %(companies)s IS NULL OR l.company_id = ANY(%(companies)s)
              GROUP BY sc.lead_id, l.company_id
            ), totals AS (
                SELECT e.id, e.earned,
                       (SELECT SUM(c.weight) FROM cdm_screening_criterion c
                         WHERE c.active AND (c.company_id IS NULL OR c.company_id = e.company_id))
                           AS total
                  FROM earned e
            ), scores AS (
                SELECT id, COALESCE(ROUND((100.0 * earned / (5.0 * NULLIF(total, 0)))::numeric, 1),
                                    0) AS score
                  FROM totals
            ), figures AS (
                SELECT id, score,
                       CASE WHEN score >= 80 THEN '80_100' WHEN score >= 60 THEN '60_79'
                            WHEN score >= 40 THEN '40_59' WHEN score >= 20 THEN '20_39'
                            ELSE '0_19' END AS band,
                       CASE WHEN score >= %(p3)s THEN '3' WHEN score >= %(p2)s THEN '2'
                            WHEN score >= %(p1)s THEN '1' ELSE '0' END AS priority
                  FROM scores
            )
            UPDATE crm_lead l
               SET screening_score = f.score, screening_band = f.band,
                   priority = CASE WHEN l.priority_manual THEN l.priority ELSE f.priority END
              FROM figures f
             WHERE l.id = f.id
               AND (l.screening_score IS DISTINCT FROM f.score
                    OR l.screening_band IS DISTINCT FROM f.band
                    OR (NOT COALESCE(l.priority_manual, FALSE)
                        AND l.priority IS DISTINCT FROM f.priority))
         RETURNING l.id
        """, {"companies": company_ids, "p3": PRIORITY_BANDS[0][0], "p2": PRIORITY_BANDS[1][0],
              "p1": PRIORITY_BANDS[2][0]})
        changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            self.invalidate_cache(["screening_score", "screening_band", "priority"], changed)
        return changed

    def _sync_priority_with_score(self):
        """Priority follows the screening score unless set by hand: one
        write per priority band, whatever the number of leads."""
        by_priority = {}
        for lead in self.filtered(lambda rec: not rec.priority_manual and rec.screening_score_ids):
            priority = next(p for floor, p in PRIORITY_BANDS if lead.screening_score >= floor)
            if lead.priority != priority:
                by_priority.setdefault(priority, []).append(lead.id)
        for priority, lead_ids in by_priority.items():
            self.browse(lead_ids).write({"priority": priority, "priority_manual": False})
