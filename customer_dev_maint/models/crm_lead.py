from contextlib import contextmanager

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..jobs import commit_batch

SOURCE_CHANNELS = [
    ("market_research", "Market Research"),
    ("referral", "Referral"),
    ("exhibition", "Exhibition"),
    ("inbound", "Inbound"),
    ("outbound", "Outbound"),
    ("partner", "Partner"),
    ("other", "Other"),
]

SCREENING_BANDS = [
    ("0_19", "0-19"),
    ("20_39", "20-39"),
    ("40_59", "40-59"),
    ("60_79", "60-79"),
    ("80_100", "80-100"),
]

# Weighted screening score -> star priority, highest band first (D2).
PRIORITY_BANDS = [(80.0, "3"), (60.0, "2"), (40.0, "1"), (0.0, "0")]

# Domains meaning "the condition is met", mirrored by CrmLead._gate_met().
GATE_DOMAINS = {
    "qualified": ["|", ("screening_decision", "=", "qualified"),
                  ("partner_id.commercial_partner_id.maintenance_user_id", "!=", False)],
    "needs": [("needs", "!=", False), ("needs", "!=", "")],
    "solution": ["|", "&", ("solution", "!=", False), ("solution", "!=", ""),
                 ("solution_attachment_ids", "!=", False)],
    "contract": [("contract_number", "!=", False), ("contract_signature_date", "!=", False)],
}

OPEN_OPPORTUNITY_DOMAIN = [("type", "=", "opportunity"), ("active", "=", True),
                           ("probability", "<", 100)]


class CrmLead(models.Model):
    """The customer development pipeline of the policy (§3.1, D1-D9): a lead
    is identified, screened, its needs analysed and a solution proposed, a
    contract signed, milestones delivered and the customer handed over to
    Customer Maintenance. Stage gates hold every route (form, kanban drag,
    import, RPC) to those steps."""

    _inherit = "crm.lead"

    # D1 identification ------------------------------------------------------
    source_channel = fields.Selection(
        SOURCE_CHANNELS, index=True, track_visibility="onchange",
        help="How the prospect was found.",
    )
    industry_id = fields.Many2one(
        "res.partner.industry", index=True, track_visibility="onchange",
    )
    research_notes = fields.Text(
        help="What market research found about the prospect: size, projects, decision makers.",
    )

    # D2 screening -----------------------------------------------------------
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
        compute="_compute_screening_passed", search="_search_screening_passed",
        help="Qualified by screening, or an existing maintained customer.",
    )
    priority_manual = fields.Boolean(
        string="Priority Set by Hand", copy=False,
        help="When unchecked, the priority follows the screening score.",
    )

    # D3 needs and solution --------------------------------------------------
    needs = fields.Text(track_visibility="onchange")
    pain_points = fields.Text()
    solution = fields.Text(string="Proposed Solution")
    solution_attachment_ids = fields.Many2many(
        "ir.attachment", "crm_lead_solution_attachment_rel", "lead_id", "attachment_id",
        string="Solution Documents",
    )
    presentation_date = fields.Date(
        string="Presentation Given On", track_visibility="onchange",
        help="Date the products and the proposed solution were presented to the customer.",
    )

    # D4 contract ------------------------------------------------------------
    contract_number = fields.Char(copy=False, index=True, track_visibility="onchange")
    contract_signature_date = fields.Date(
        string="Contract Signed On", copy=False, track_visibility="onchange",
    )
    contract_amount = fields.Monetary(
        currency_field="company_currency", copy=False, track_visibility="onchange",
    )
    contract_start_date = fields.Date(string="Contract Start", copy=False)
    contract_end_date = fields.Date(string="Contract End", copy=False)
    contract_terms = fields.Text(
        string="Rights and Responsibilities", copy=False,
        help="Summary of each side's rights and responsibilities under the contract.",
    )
    contract_attachment_ids = fields.Many2many(
        "ir.attachment", "crm_lead_contract_attachment_rel", "lead_id", "attachment_id",
        string="Signed Contract", copy=False,
    )

    # D5 stage gates ---------------------------------------------------------
    gate_next_stage_id = fields.Many2one(
        "crm.stage", string="Next Stage", compute="_compute_gate_status",
    )
    gate_missing = fields.Char(
        string="Missing for Next Stage", compute="_compute_gate_status",
    )
    gate_blocked = fields.Boolean(
        compute="_compute_gate_status", search="_search_gate_blocked",
        help="The deal lacks a condition its next stage requires.",
    )

    # D6 kick-off and milestones ---------------------------------------------
    kickoff_date = fields.Date(string="Kick-off Date", copy=False, track_visibility="onchange")
    milestone_ids = fields.One2many("crm.lead.milestone", "lead_id", string="Milestones")
    milestone_count = fields.Integer(compute="_compute_milestone_stats")
    milestone_overdue = fields.Boolean(
        string="Overdue Milestone", compute="_compute_milestone_stats",
        search="_search_milestone_overdue",
    )
    milestone_on_time_rate = fields.Float(
        string="On-time Delivery (%)", compute="_compute_milestone_stats", digits=(5, 1),
        help="Milestones delivered by their planned date, out of those delivered or overdue.",
    )

    # D7 handover ------------------------------------------------------------
    handover_user_id = fields.Many2one(
        "res.users", string="Maintenance Owner", copy=False, track_visibility="onchange",
        help="Who maintains the customer once the deal is won. Empty: the customer's "
             "current maintenance owner, else the leader of the maintenance department.",
    )
    handover_team_id = fields.Many2one(
        "crm.team", string="Maintenance Department", copy=False,
        domain=[("department_role", "=", "maintenance")],
    )
    handover_tier_id = fields.Many2one(
        "cdm.service.tier", string="Service Tier", copy=False,
        help="Service tier given to a new customer at handover. Empty: the policy's default.",
    )
    handover_id = fields.Many2one(
        "crm.lead.handover", string="Handover Checklist", copy=False, readonly=True,
    )

    # D8 regular contact -----------------------------------------------------
    no_next_activity = fields.Boolean(
        compute="_compute_no_next_activity", search="_search_no_next_activity",
        help="An open opportunity with no next activity planned.",
    )
    contact_reminder_date = fields.Date(
        copy=False, readonly=True,
        help="When the owner was reminded that no next contact is planned.",
    )

    # D9 analysis ------------------------------------------------------------
    deal_outcome = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")],
        compute="_compute_deal_outcome", store=True, index=True,
    )

    _sql_constraints = [
        ("contract_number_company_uniq", "unique(contract_number, company_id)",
         "This contract number is already used in this company."),
        ("contract_amount_not_negative", "CHECK(contract_amount >= 0)",
         "The contract amount cannot be negative."),
    ]

    # Computes ---------------------------------------------------------------

    @api.depends("screening_score_ids.score", "screening_score_ids.criterion_id", "company_id")
    def _compute_screening_score(self):
        Criterion = self.env["cdm.screening.criterion"].sudo().with_context(active_test=True)
        criteria_by_company = {}
        for lead in self:
            company_id = lead.company_id.id
            if company_id not in criteria_by_company:
                criteria_by_company[company_id] = Criterion.search(
                    ["|", ("company_id", "=", False), ("company_id", "=", company_id)])
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

    @api.depends("screening_decision", "maintained_customer")
    def _compute_screening_passed(self):
        for lead in self:
            lead.screening_passed = (lead.screening_decision == "qualified"
                                     or lead.maintained_customer)

    def _search_screening_passed(self, operator, value):
        domain = GATE_DOMAINS["qualified"]
        if (operator == "=") != bool(value):
            domain = ["!"] + expression.normalize_domain(domain)
        return expression.normalize_domain(domain)

    @api.depends("stage_id", "type", "active", "probability", "screening_decision",
                 "maintained_customer", "needs", "solution", "solution_attachment_ids",
                 "contract_number", "contract_signature_date", "team_id")
    def _compute_gate_status(self):
        stages = self.env["crm.stage"].search([])  # pylint: disable=no-search-all
        labels = self._gate_labels()
        for lead in self:
            next_stage = lead._next_stage(stages)
            missing = lead._gate_missing(next_stage) if next_stage else []
            lead.gate_next_stage_id = next_stage
            lead.gate_missing = ", ".join(labels[key] for key in missing)
            lead.gate_blocked = bool(missing)

    def _search_gate_blocked(self, operator, value):
        stages = self.env["crm.stage"].search([])  # pylint: disable=no-search-all
        blocked = []
        for stage in stages:
            next_stage = self._next_stage_after(stages, stage)
            conditions = next_stage._gate_conditions() if next_stage else []
            if not conditions:
                continue
            met = expression.AND([GATE_DOMAINS[key] for key in conditions])
            blocked.append(expression.AND([
                [("stage_id", "=", stage.id)], ["!"] + expression.normalize_domain(met)]))
        domain = (expression.AND([OPEN_OPPORTUNITY_DOMAIN, expression.OR(blocked)])
                  if blocked else [("id", "=", 0)])
        if (operator == "=") != bool(value):
            domain = ["!"] + expression.normalize_domain(domain)
        return expression.normalize_domain(domain)

    @api.depends("milestone_ids.state", "milestone_ids.planned_date", "milestone_ids.done_date")
    def _compute_milestone_stats(self):
        today = self.env["cdm.policy"].today()
        for lead in self:
            milestones = lead.milestone_ids
            lead.milestone_count = len(milestones)
            lead.milestone_overdue = bool(milestones._overdue(today))
            lead.milestone_on_time_rate = milestones._on_time_rate(today)

    def _search_milestone_overdue(self, operator, value):
        today = self.env["cdm.policy"].today()
        overdue = self.env["crm.lead.milestone"].search(
            [("state", "=", "planned"), ("planned_date", "<", today)])
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", overdue.mapped("lead_id").ids)]

    def _compute_no_next_activity(self):
        for lead in self:
            lead.no_next_activity = (lead.type == "opportunity" and lead.active
                                     and lead.probability < 100 and not lead.activity_ids)

    def _search_no_next_activity(self, operator, value):
        domain = OPEN_OPPORTUNITY_DOMAIN + [("activity_ids", "=", False)]
        if (operator == "=") != bool(value):
            domain = ["!"] + expression.normalize_domain(domain)
        return expression.normalize_domain(domain)

    @api.depends("type", "active", "probability")
    def _compute_deal_outcome(self):
        for lead in self:
            if lead.probability >= 100:
                lead.deal_outcome = "won"
            elif not lead.active:
                lead.deal_outcome = "lost"
            else:
                lead.deal_outcome = "open"

    # Constraints and onchanges ----------------------------------------------

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

    @api.constrains("contract_start_date", "contract_end_date")
    def _check_contract_term(self):
        for lead in self:
            if (lead.contract_start_date and lead.contract_end_date
                    and lead.contract_end_date < lead.contract_start_date):
                raise ValidationError(_(
                    "The contract of %s cannot end before it starts.") % lead.name)

    @api.model
    def _check_contract_amount(self, vals):
        """Refuse a negative amount before the database does, with a message
        every route (form, import, RPC) shows as is."""
        if (vals.get("contract_amount") or 0.0) < 0:
            raise ValidationError(_("The contract amount cannot be negative."))

    @api.onchange("handover_user_id")
    def _onchange_handover_user_id(self):
        team = self.env["crm.team"]._maintenance_department_of(self.handover_user_id)
        if team:
            self.handover_team_id = team

    # CRUD -------------------------------------------------------------------

    @api.model
    def create(self, vals):
        self._check_contract_amount(vals)
        if vals.get("priority") not in (None, False, "0") and "priority_manual" not in vals:
            vals["priority_manual"] = True
        # Whoever creates the lead (a maintenance user turning a revisit into
        # an opportunity, the mail gateway), its score sheet exists.
        sheet_later = False
        if "screening_score_ids" not in vals:
            if self.env["crm.lead.screening.score"].check_access_rights("create", raise_exception=False):
                vals["screening_score_ids"] = self._default_screening_lines(vals.get("company_id"))
            else:
                sheet_later = True
        with self._gate_guard():
            # Score lines created with the lead leave the priority to the end.
            lead = super(CrmLead, self.with_context(cdm_no_priority_sync=True)).create(vals)
            lead = lead.with_env(self.env)
            lead._check_stage_gates(lead, self.browse())
        if sheet_later:
            lead.sudo().write({"screening_score_ids": self._default_screening_lines(
                lead.company_id.id)})
        lead._sync_priority_with_score()
        return lead

    @api.multi
    def write(self, vals):
        if ("priority" in vals and "priority_manual" not in vals
                and not self.env.context.get("cdm_priority_from_score")):
            vals = dict(vals, priority_manual=True)
        self._check_contract_amount(vals)
        if vals.get("type") == "opportunity":
            self._check_conversion(vals.get("partner_id"))
        if not {"stage_id", "probability", "active", "type"} & set(vals):
            res = super().write(vals)
            if "screening_score_ids" in vals:
                self._sync_priority_with_score()
            return res
        moved = self.filtered(lambda lead: "stage_id" in vals and lead.stage_id.id != vals["stage_id"])
        already_won = self.filtered(lambda lead: lead.probability >= 100)
        with self._gate_guard():
            res = super().write(vals)
            self._check_stage_gates(moved, already_won)
        if "screening_score_ids" in vals:
            self._sync_priority_with_score()
        return res

    @api.multi
    def copy(self, default=None):
        """A duplicate is a new deal: it starts in the first stage, unscreened
        and without contract, so it passes no gate it has not earned."""
        self.ensure_one()
        default = dict(default or {})
        if "stage_id" not in default:
            stage = self._stage_find(team_id=self.team_id.id, domain=[("fold", "=", False)])
            if stage:
                default["stage_id"] = stage.id
                default.setdefault("probability", stage.probability)
        return super().copy(default)

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

    @api.multi
    def action_view_milestones(self):
        self.ensure_one()
        action = self.env.ref("customer_dev_maint.crm_lead_milestone_action").read()[0]
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id, "default_user_id": self.user_id.id}
        return action

    @api.multi
    def action_view_handover(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead.handover",
            "res_id": self.handover_id.id,
            "view_mode": "form",
            "target": "current",
        }

    # Business methods -------------------------------------------------------

    @api.model
    def _gate_labels(self):
        return {
            "qualified": _("qualified screening"),
            "needs": _("needs analysis"),
            "solution": _("proposed solution"),
            "contract": _("contract (number and signature date)"),
        }

    def _gate_met(self, key):
        self.ensure_one()
        if key == "qualified":
            return self.screening_passed
        if key == "needs":
            return bool((self.needs or "").strip())
        if key == "solution":
            return bool((self.solution or "").strip() or self.solution_attachment_ids)
        if key == "contract":
            return bool(self.contract_number and self.contract_signature_date)
        return True

    def _gate_missing(self, stage):
        """Condition keys of ``stage`` this lead does not meet."""
        self.ensure_one()
        return [key for key in stage._gate_conditions() if not self._gate_met(key)]

    @api.model
    def _next_stage_after(self, stages, stage):
        """The stage after ``stage`` in ``stages`` (ordered), among those its team uses."""
        found = False
        for candidate in stages:
            if found and (not candidate.team_id or candidate.team_id == stage.team_id):
                return candidate
            found = found or candidate == stage
        return self.env["crm.stage"]

    def _next_stage(self, stages):
        self.ensure_one()
        if self.type != "opportunity" or not self.active or self.probability >= 100:
            return self.env["crm.stage"]
        return self._next_stage_after(stages, self.stage_id)

    @contextmanager
    def _gate_guard(self):
        """Run a create/write and its gate checks in a savepoint: a refused
        move leaves nothing behind, whichever route it came from."""
        try:
            with self.env.cr.savepoint():
                yield
        except Exception:
            self.invalidate_cache()
            raise

    def _check_stage_gates(self, moved, already_won):
        """Refuse moves into a stage whose conditions are unmet and wins
        without a contract; hand newly won deals over to maintenance."""
        labels = self._gate_labels()
        for lead in moved:
            missing = lead._gate_missing(lead.stage_id)
            if missing:
                raise ValidationError(_(
                    "%(lead)s cannot move to stage %(stage)s: missing %(missing)s."
                ) % {"lead": lead.name, "stage": lead.stage_id.name,
                     "missing": ", ".join(labels[key] for key in missing)})
        newly_won = (self - already_won).filtered(lambda lead: lead.probability >= 100)
        for lead in newly_won:
            if not lead._gate_met("contract"):
                raise ValidationError(_(
                    "%s cannot be marked won without a contract: record its number "
                    "and signature date first.") % lead.name)
        newly_won._handover_to_maintenance()

    def _check_conversion(self, partner_id=None):
        """Only qualified leads become opportunities (D2); customers already
        maintained count as screened."""
        partner = self.env["res.partner"].browse(partner_id) if partner_id else None
        for lead in self.filtered(lambda rec: rec.type == "lead"):
            customer = partner if partner is not None else lead.partner_id
            if lead.screening_decision == "qualified" or customer.commercial_partner_id.maintenance_user_id:
                continue
            raise UserError(_(
                "%(lead)s cannot become an opportunity: its screening decision is %(decision)s. "
                "Only qualified leads are converted."
            ) % {"lead": lead.name,
                 "decision": dict(self._fields["screening_decision"]._description_selection(
                     self.env))[lead.screening_decision]})

    def _screening_threshold(self):
        return self.env["cdm.policy"].for_company(self.company_id or None).screening_threshold

    @api.model
    def _default_screening_lines(self, company_id=None):
        company_id = company_id or self.env.user.company_id.id
        criteria = self.env["cdm.screening.criterion"].sudo().with_context(active_test=True).search(
            ["|", ("company_id", "=", False), ("company_id", "=", company_id)])
        return [(0, 0, {"criterion_id": criterion.id, "score": 0}) for criterion in criteria]

    def _unscored_criteria(self):
        self.ensure_one()
        criteria = self.env["cdm.screening.criterion"].sudo().with_context(active_test=True).search(
            ["|", ("company_id", "=", False), ("company_id", "=", self.company_id.id)])
        return criteria - self.screening_score_ids.mapped("criterion_id")

    def _recompute_screening_score(self):
        if not self:
            return
        self.invalidate_cache(["screening_score", "screening_band"], self.ids)
        self._recompute_todo(self._fields["screening_score"])
        self.recompute()
        self._sync_priority_with_score()

    def _sync_priority_with_score(self):
        """Priority follows the screening score unless set by hand."""
        for lead in self.filtered(lambda rec: not rec.priority_manual and rec.screening_score_ids):
            priority = next(p for floor, p in PRIORITY_BANDS if lead.screening_score >= floor)
            if lead.priority != priority:
                lead.with_context(cdm_priority_from_score=True).write({"priority": priority})

    def _handover_defaults(self):
        """Maintenance owner, department and tier the customer gets."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        user = self.handover_user_id or customer.maintenance_user_id
        team = self.handover_team_id or customer.maintenance_team_id
        Team = self.env["crm.team"].sudo()
        team = team or Team._maintenance_department_of(user)
        if not team:
            team = Team.search([("department_role", "=", "maintenance")], order="id", limit=1)
        if not user:
            user = team.user_id
        tier = (self.handover_tier_id or customer.service_tier_id
                or self.env["cdm.policy"].for_company(self.company_id or None).handover_tier_id
                or self.env.ref("customer_dev_maint.tier_standard", raise_if_not_found=False))
        return user, team, tier

    def _handover_to_maintenance(self, today=None):
        """Hand the customers of these won deals over to Customer Maintenance
        (D7), once per deal: owner and tier on the customer, a checklist and
        an activity for the maintenance owner."""
        today = today or self.env["cdm.policy"].today()
        Handover = self.env["crm.lead.handover"]
        for lead in self.filtered(lambda rec: rec.type == "opportunity" and not rec.handover_id):
            if not lead.partner_id:
                raise ValidationError(_(
                    "%s cannot be marked won without a customer: the customer is handed "
                    "over to Customer Maintenance.") % lead.name)
            user, team, tier = lead._handover_defaults()
            if not user:
                raise ValidationError(_(
                    "Choose the maintenance owner of %s: no maintenance department has a "
                    "leader to take the customer over.") % lead.name)
            customer = lead.partner_id.commercial_partner_id
            # The handover is a consequence of the win: it sets the maintenance
            # fields of the customer whoever wins the deal, and never overwrites
            # an owner or tier the maintenance department already set.
            partner_vals = {}
            if not customer.maintenance_user_id:
                partner_vals["maintenance_user_id"] = user.id
            if not customer.maintenance_team_id and team:
                partner_vals["maintenance_team_id"] = team.id
            if not customer.service_tier_id and tier:
                partner_vals["service_tier_id"] = tier.id
            if not customer.handover_date:
                partner_vals["handover_date"] = today
            if partner_vals:
                # As superuser: the deal's owner may not write the customer; the
                # tier history still names who handed it over.
                customer.sudo().with_context(cdm_acting_uid=self.env.uid).write(partner_vals)
            handover = Handover.create({
                "lead_id": lead.id,
                "partner_id": customer.id,
                "maintenance_user_id": user.id,
                "maintenance_team_id": team.id,
                "service_tier_id": tier.id if tier else False,
                "handover_date": today,
            })
            lead.write({
                "handover_id": handover.id,
                "handover_user_id": user.id,
                "handover_team_id": team.id,
                "handover_tier_id": tier.id if tier else False,
            })
            handover._notify_maintenance_owner()
        return True

    @api.model
    def _cron_remind_silent_opportunities(self, today=None, commit=False, batch_size=200):
        """Remind the owner of each open opportunity with no next activity,
        once: a reminded opportunity is reminded again only after it has had
        a next activity in between (D8)."""
        today = today or self.env["cdm.policy"].today()
        replanned = self.search([("contact_reminder_date", "!=", False),
                                 ("activity_ids", "!=", False)])
        if replanned:
            replanned.write({"contact_reminder_date": False})
        Message = self.env["mail.message"].sudo()
        note = self.env.ref("mail.mt_note")
        silent = self.search([("no_next_activity", "=", True), ("contact_reminder_date", "=", False),
                              ("user_id", "!=", False)])
        for start in range(0, len(silent), batch_size):
            batch_ids = silent.ids[start:start + batch_size]
            self.env.cr.execute(
                "SELECT id FROM crm_lead WHERE id IN %s AND contact_reminder_date IS NULL "
                "FOR UPDATE SKIP LOCKED", (tuple(batch_ids),))
            leads = self.browse([row[0] for row in self.env.cr.fetchall()])
            for lead in leads:
                # A note logged on the opportunity, notified to its owner (Inbox
                # or e-mail by their preference); lighter than message_post.
                owner = lead.user_id.partner_id
                Message.create({
                    "model": self._name, "res_id": lead.id, "record_name": lead.name,
                    "message_type": "notification", "subtype_id": note.id,
                    "subject": _("Plan the next contact"),
                    "body": _("No next activity is planned on this opportunity. "
                              "Plan the next call, e-mail, visit or customer event."),
                    "partner_ids": [(4, owner.id)],
                })
            leads.write({"contact_reminder_date": today})
            commit_batch(self.env, commit)
        return True
