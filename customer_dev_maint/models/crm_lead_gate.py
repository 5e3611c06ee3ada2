import babel
from babel.lists import format_list

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from .crm_lead import OPEN_OPPORTUNITY_DOMAIN, WON_PROBABILITY
from .crm_stage import GATE_CONDITIONS

GATE_FIELD_OF = {key: lead_field for key, _stage_field, lead_field in GATE_CONDITIONS}

# What a deal needs to be won, whatever the won stage asks for.
WON_CONDITIONS = ["contract"]

# Writes that can move a deal through a gate.
GATE_TRIGGERS = {"stage_id", "probability", "active", "type"}


class CrmLead(models.Model):
    """Stage gates (§3.1 steps, D5): a deal enters a stage only when it
    meets the stage's conditions, and is won only when it meets every
    condition of the won stage plus a contract, whichever route it takes:
    stage write, kanban drag, probability 100, the Mark Won button, import
    or RPC."""

    _inherit = "crm.lead"

    needs_recorded = fields.Boolean(
        compute="_compute_gate_conditions", store=True,
        help="The customer's needs are written down (not only spaces).",
    )
    solution_recorded = fields.Boolean(
        compute="_compute_gate_conditions", store=True,
        help="A proposed solution is written down or attached.",
    )
    contract_recorded = fields.Boolean(
        compute="_compute_gate_conditions", store=True,
        help="The contract's number and signature date are recorded.",
    )
    gate_next_stage_id = fields.Many2one(
        "crm.stage", string="Next Stage", compute="_compute_gate_status",
    )
    gate_missing = fields.Char(
        string="Missing for Next Stage", compute="_compute_gate_status",
    )
    gate_banner = fields.Char(compute="_compute_gate_status")
    gate_tooltip = fields.Char(compute="_compute_gate_status")
    gate_blocked = fields.Boolean(
        compute="_compute_gate_status", search="_search_gate_blocked",
        help="The deal lacks a condition its next stage requires.",
    )

    @api.depends("needs", "solution", "solution_attachment_ids",
                 "contract_number", "contract_signature_date")
    def _compute_gate_conditions(self):
        for lead in self:
            lead.needs_recorded = bool((lead.needs or "").strip())
            lead.solution_recorded = bool((lead.solution or "").strip()
                                          or lead.solution_attachment_ids)
            lead.contract_recorded = bool((lead.contract_number or "").strip()
                                          and lead.contract_signature_date)

    @api.depends("stage_id", "type", "active", "probability", "team_id",
                 "screening_passed", "needs_recorded", "solution_recorded", "contract_recorded")
    def _compute_gate_status(self):
        """What the next stage still needs. Cheap on a kanban or list page:
        the stages, their order and the texts are read once for all records;
        each record then only reads its own stored condition fields."""
        self._load_fields(["type", "active", "probability", "stage_id"]
                          + [lead_field for _key, _stage_field, lead_field in GATE_CONDITIONS])
        next_of = self._next_stages()
        conditions_of = {stage.id: stage._gate_conditions() for stage in next_of.values() if stage}
        text_of = self._gate_text_formatter()
        banner, tooltip = (_("To enter %(stage)s, this deal still needs: %(missing)s."),
                           _("Next stage needs: %s"))
        for lead in self:
            next_stage = (next_of.get(lead.stage_id.id, self.env["crm.stage"])
                          if lead._is_open_opportunity() else self.env["crm.stage"])
            missing = lead._gate_missing(conditions_of.get(next_stage.id, []))
            text = text_of(missing) if missing else False
            lead.gate_next_stage_id = next_stage
            lead.gate_missing = text
            lead.gate_blocked = bool(missing)
            lead.gate_banner = missing and banner % {"stage": next_stage.name, "missing": text}
            lead.gate_tooltip = missing and tooltip % text

    def _search_gate_blocked(self, operator, value):
        blocked = []
        for stage_id, next_stage in self._next_stages().items():
            conditions = next_stage._gate_conditions() if next_stage else []
            if conditions:
                blocked.append(expression.AND([
                    [("stage_id", "=", stage_id)],
                    expression.OR([[(GATE_FIELD_OF[key], "=", False)] for key in conditions])]))
        domain = (expression.AND([OPEN_OPPORTUNITY_DOMAIN, expression.OR(blocked)])
                  if blocked else [("id", "=", 0)])
        if (operator == "=") != bool(value):
            domain = ["!"] + expression.normalize_domain(domain)
        return expression.normalize_domain(domain)

    @api.model
    def create(self, vals):
        with self._atomic():
            lead = super().create(vals)
            lead._check_stage_gate()
            lead.filtered(lambda rec: rec._is_won())._check_won_gates()
        return lead

    @api.multi
    def write(self, vals):
        if not GATE_TRIGGERS & set(vals):
            return super().write(vals)
        moved = self.filtered(lambda lead: "stage_id" in vals and lead.stage_id.id != vals["stage_id"])
        won_before = self.filtered(lambda lead: lead._is_won())
        with self._atomic():
            res = super().write(vals)
            moved._check_stage_gate()
            (self - won_before).filtered(lambda lead: lead._is_won())._check_won_gates()
        return res

    # Business methods -------------------------------------------------------

    @api.model
    def _gate_labels(self):
        return {
            "qualified": _("qualified screening"),
            "needs": _("needs analysis"),
            "solution": _("proposed solution"),
            "contract": _("contract (number and signature date)"),
        }

    @api.model
    def _gate_text_formatter(self):
        """A function writing condition keys as a list in the reader's
        language, with that language's punctuation (a, b, and c; 甲、乙和丙)."""
        labels = self._gate_labels()
        locale = babel.Locale.parse(self.env.lang or "en_US")
        return lambda keys: format_list([labels[key] for key in keys], locale=locale)

    @api.model
    def _gate_text(self, keys):
        return self._gate_text_formatter()(keys)

    def _gate_missing(self, keys):
        """The condition keys among ``keys`` this deal does not meet."""
        self.ensure_one()
        return [key for key, _stage_field, lead_field in GATE_CONDITIONS
                if key in keys and not self[lead_field]]

    @api.model
    def _next_stage_after(self, stages, stage):
        """The stage after ``stage`` in ``stages`` (ordered), among those its team uses."""
        found = False
        for candidate in stages:
            if found and (not candidate.team_id or candidate.team_id == stage.team_id):
                return candidate
            found = found or candidate == stage
        return self.env["crm.stage"]

    @api.model
    def _next_stages(self):
        """{stage id: the stage after it}, for every stage."""
        stages = self.env["crm.stage"].search([])  # pylint: disable=no-search-all
        return {stage.id: self._next_stage_after(stages, stage) for stage in stages}

    def _is_open_opportunity(self):
        """Still in play (OPEN_OPPORTUNITY_DOMAIN, for one record)."""
        self.ensure_one()
        return self.type == "opportunity" and self.active and not self._is_won()

    def _won_stage(self):
        self.ensure_one()
        return self._stage_find(domain=[("probability", "=", WON_PROBABILITY), ("on_change", "=", True)])

    def _check_stage_gate(self):
        """Refuse deals in a stage whose conditions they do not meet."""
        for lead in self:
            missing = lead._gate_missing(lead.stage_id._gate_conditions())
            if missing:
                raise ValidationError(_(
                    "%(lead)s cannot move to stage %(stage)s: missing %(missing)s."
                ) % {"lead": lead.name, "stage": lead.stage_id.name,
                     "missing": self._gate_text(missing)})

    def _check_won_gates(self):
        """Refuse wins that lack a condition of the won stage or a contract."""
        for lead in self:
            missing = lead._gate_missing(lead._won_stage()._gate_conditions() + WON_CONDITIONS)
            if missing:
                raise ValidationError(_(
                    "%(lead)s cannot be marked won: missing %(missing)s."
                ) % {"lead": lead.name, "missing": self._gate_text(missing)})
