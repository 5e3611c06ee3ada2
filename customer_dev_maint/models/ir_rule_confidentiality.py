from odoo import SUPERUSER_ID, api, models, tools
from odoo.osv import expression

from .cdm_confidentiality_gate import compile_paths, is_gated


def _comodel_of(model, path):
    """The model a many2one ``path`` (field names joined by dots) ends on,
    or None."""
    for name in path.split("."):
        field = model._fields.get(name)
        if field is None or field.type != "many2one":
            return None
        model = model.env[field.comodel_name]
    return model


def expand_company_child_of(model, domain):
    """``domain`` with each ``(path, 'child_of', companies)`` leaf on a link
    to ``res.company`` written as ``(path, 'in', <the companies and their
    children>)``. Odoo would search the company tree again at every access
    check; the rules are cached and every change of a company or of a user's
    company clears that cache, so the tree is read once per cached rule."""
    result = []
    for term in domain:
        if isinstance(term, (list, tuple)) and len(term) == 3 and term[1] == "child_of" \
                and isinstance(term[0], str):
            comodel = _comodel_of(model, term[0])
            if comodel is not None and comodel._name == "res.company":
                ids = term[2] if isinstance(term[2], (list, tuple)) else [term[2]]
                if all(isinstance(value, int) and not isinstance(value, bool) for value in ids):
                    companies = model.env["res.company"].sudo().with_context(
                        active_test=False).search([("id", "child_of", list(ids))])
                    result.append((term[0], "in", companies.ids))
                    continue
        result.append(term)
    return result


class IrRule(models.Model):
    """The confidentiality gate (C2) is added to the record rules of every
    model behind it (``cdm.confidentiality.gate``), for every operation, as
    a global rule would be: one definition, no rule record per model. The
    superuser passes as with every rule. The other rules of these models
    reach the customer or the deal through links (``cdm_customer_id.user_id``):
    those conditions are compiled to subqueries (``cdm_rule_path``) instead
    of a search of the linked model at every access check. The company
    rules of every model are compiled with the company tree read once
    (``expand_company_child_of``)."""

    _inherit = "ir.rule"

    @api.model
    @tools.ormcache("self._uid", "model_name", "mode")
    def _compute_domain(self, model_name, mode="read"):
        domain = super()._compute_domain(model_name, mode=mode)
        if domain is None or model_name not in self.env or self._uid == SUPERUSER_ID:
            return domain
        model = self.env[model_name]
        if domain:
            domain = expand_company_child_of(model, domain)
        if not is_gated(model):
            return domain
        # The rules are compiled as the superuser: the gate names its user.
        gate = [("cdm_open_to_user_id", "=", self._uid)]
        return expression.AND([compile_paths(model, domain), gate]) if domain else gate
