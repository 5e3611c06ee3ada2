from odoo import models


class CrmLeadScreeningScore(models.Model):
    """Screening scores share their lead's confidentiality (C1); read inside the lead's form."""

    _name = "crm.lead.screening.score"
    _inherit = ["crm.lead.screening.score", "cdm.confidential.mixin"]
    _cdm_owner_paths = ("lead_id.user_id",)
    _cdm_team_path = "lead_id.team_id"
    _cdm_parent_field = "lead_id"
    _cdm_log_reads = False
