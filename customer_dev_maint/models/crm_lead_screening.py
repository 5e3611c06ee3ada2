from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

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

    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

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
        the active criteria of the lead's company."""
        criteria_by_company = {}
        for lead in self:
            company_id = lead.company_id.id
            if company_id not in criteria_by_company:
                criteria_by_company[company_id] = self._screening_criteria(company_id)
            criteria = criteria_by_company[company_id]
            scores = {line.criterion_id.id: line.score for line in lead.screening_score_ids}
            total_weight = sum(criteria.mapped("weight"))
            earned = sum(c.weight * scores.get(c.id, 0) for c in criteria)
            score = round(100.0 * earned / (5.0 * total_weight), 1) if total_weight else 0.0
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
        # Whoever creates the lead (a maintenance user turning a revisit into
        # an opportunity, the mail gateway), its score sheet exists.
        sheet_later = False
        if "screening_score_ids" not in vals:
            if self.env["crm.lead.screening.score"].check_access_rights("create", raise_exception=False):
                vals = dict(vals, screening_score_ids=self._default_screening_lines(
                    vals.get("company_id")))
            else:
                sheet_later = True
        lead = super().create(vals)
        if sheet_later:
            lead.sudo().write({"screening_score_ids": self._default_screening_lines(
                lead.company_id.id)})
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

    @api.model
    def _default_screening_lines(self, company_id=None):
        return [(0, 0, {"criterion_id": criterion.id, "score": 0})
                for criterion in self._screening_criteria(company_id)]

    def _unscored_criteria(self):
        self.ensure_one()
        return (self._screening_criteria(self.company_id.id)
                - self.screening_score_ids.mapped("criterion_id"))

    def _recompute_screening_score(self):
        """Recompute the score of these leads in one pass (a criterion's
        weight, activity or company changed), then their priorities."""
        if not self:
            return
        self.invalidate_cache(["screening_score", "screening_band"], self.ids)
        self._recompute_todo(self._fields["screening_score"])
        self.recompute()
        self._sync_priority_with_score()

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
