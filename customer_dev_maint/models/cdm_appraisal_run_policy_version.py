from odoo import fields, models

from ..server_only import as_server


class CdmAppraisalRun(models.Model):
    """An appraisal run records the settings version in force when it was
    computed (G1)."""

    _inherit = "cdm.appraisal.run"

    policy_version = fields.Integer(
        string="Settings Version", readonly=True, copy=False, server_owned=True,
        help="Version of the policy settings in force when the run was last computed.")

    def _compute_run(self, today=None):
        result = super()._compute_run(today=today)
        for run in self:
            version = self.env["cdm.policy"].for_company(run.company_id).sudo().settings_version
            as_server(run.sudo()).write({"policy_version": version})
        return result
