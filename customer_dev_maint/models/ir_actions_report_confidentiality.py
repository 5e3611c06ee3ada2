from odoo import api, models

from ..server_only import server_value, with_server
from .cdm_document_guard import confidential_models


class IrActionsReport(models.Model):
    """Printing customer records checks the printer may read them and logs
    the print (C3, C5)."""

    _inherit = "ir.actions.report"

    def _cdm_check_and_log(self, res_ids):
        if server_value(self.env, "cdm_print_logged") or not res_ids \
                or self.model not in confidential_models(self.env):
            return self
        records = self.env[self.model].browse(res_ids)
        records.check_access_rights("read")
        records.check_access_rule("read")
        self.env["cdm.access.log"]._log_access(records, "print")
        return with_server(self, cdm_print_logged=True, cdm_no_access_log=True)

    @api.multi
    def render_qweb_pdf(self, res_ids=None, data=None):
        report = self._cdm_check_and_log(res_ids)
        return super(IrActionsReport, report).render_qweb_pdf(res_ids=res_ids, data=data)

    @api.model
    def render_qweb_html(self, docids, data=None):
        report = self._cdm_check_and_log(docids)
        return super(IrActionsReport, report).render_qweb_html(docids, data=data)
