from odoo import fields, models

# Gate conditions a stage can require (D5): stage field -> condition key.
GATE_FIELDS = {
    "gate_qualified": "qualified",
    "gate_needs": "needs",
    "gate_solution": "solution",
    "gate_contract": "contract",
}


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

    def _gate_conditions(self):
        """Condition keys this stage requires, in pipeline order."""
        self.ensure_one()
        return [key for name, key in GATE_FIELDS.items() if self[name]]
