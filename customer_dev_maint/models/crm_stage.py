from odoo import _, api, fields, models

# The gate conditions a stage can require (D5), in pipeline order: the
# condition key, the stage's switch, and the stored field of crm.lead that
# says the deal meets it. That field is the condition's one definition: the
# gate check, the form banner, the kanban padlock, the "Gate Blocked" filter
# and the stage's summary below all read it (see crm_lead_gate.py;
# ``screening_passed`` is defined with screening, in crm_lead_screening.py).
GATE_CONDITIONS = [
    ("qualified", "gate_qualified", "screening_passed"),
    ("needs", "gate_needs", "needs_recorded"),
    ("solution", "gate_solution", "solution_recorded"),
    ("contract", "gate_contract", "contract_recorded"),
]


class CrmStage(models.Model):
    """Pipeline stages are the policy's development steps (§3.1); each can
    require conditions a deal must meet before it enters the stage (D5)."""

    _inherit = "crm.stage"

    gate_qualified = fields.Boolean(
        string="Requires Qualified Screening",
        help="Only leads whose screening decision is Qualified (or customers already "
             "maintained by the company) can enter this stage.",
    )
    gate_needs = fields.Boolean(
        string="Requires Needs Analysis",
        help="The customer's needs must be recorded before entering this stage.",
    )
    gate_solution = fields.Boolean(
        string="Requires Proposed Solution",
        help="A proposed solution (text or attachment) must be recorded before entering this stage.",
    )
    gate_contract = fields.Boolean(
        string="Requires Contract",
        help="The contract number and signature date must be recorded before entering this stage.",
    )
    gate_summary = fields.Char(
        string="Gate", compute="_compute_gate_summary",
        help="What a deal needs to enter this stage.",
    )

    @api.depends("gate_qualified", "gate_needs", "gate_solution", "gate_contract")
    def _compute_gate_summary(self):
        Lead = self.env["crm.lead"]
        for stage in self:
            conditions = stage._gate_conditions()
            stage.gate_summary = (_("Enters only with: %s") % Lead._gate_text(conditions)
                                  if conditions else False)

    def _gate_conditions(self):
        """Condition keys this stage requires, in pipeline order."""
        self.ensure_one()
        return [key for key, stage_field, _lead_field in GATE_CONDITIONS if self[stage_field]]
