from odoo import api, models, tools
from odoo.osv import expression

from .cdm_confidentiality_gate import compile_paths, is_gated


class IrRule(models.Model):
    """The confidentiality gate (C2) is added to the record rules of every
    model behind it (``cdm.confidentiality.gate``), for every operation, as
    a global rule would be: one definition, no rule record per model. The
    superuser passes as with every rule. The other rules of these models
    reach the customer or the deal through links (``cdm_customer_id.user_id``):
    those conditions are compiled to subqueries (``cdm_rule_path``) instead
    of a search of the linked model at every access check."""

    _inherit = "ir.rule"

    @api.model
    @tools.ormcache("self._uid", "model_name", "mode")
    def _compute_domain(self, model_name, mode="read"):
        domain = super()._compute_domain(model_name, mode=mode)
        if domain is None or model_name not in self.env or not is_gated(self.env[model_name]):
            return domain
        model = self.env[model_name]
        # The rules are compiled as the superuser: the gate names its user.
        gate = [("cdm_open_to_user_id", "=", self._uid)]
        return expression.AND([compile_paths(model, domain), gate]) if domain else gate
