from odoo import fields, models

from .cdm_confidential_mixin import SENSITIVE_GROUPS


class CrmLead(models.Model):
    """Leads share their customer's confidentiality (C1); their contract and
    proposed solution are readable only by the policy's departments (C4)."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "cdm.confidential.mixin", "cdm.sensitive.mixin"]
    _cdm_owner_paths = ("user_id",)
    _cdm_team_path = "team_id"

    contract_amount = fields.Monetary(groups=SENSITIVE_GROUPS)
    contract_terms = fields.Text(groups=SENSITIVE_GROUPS)
    contract_attachment_ids = fields.Many2many(groups=SENSITIVE_GROUPS)
    solution = fields.Text(groups=SENSITIVE_GROUPS)
    solution_attachment_ids = fields.Many2many(groups=SENSITIVE_GROUPS)
