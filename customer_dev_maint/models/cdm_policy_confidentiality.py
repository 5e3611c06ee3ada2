from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .cdm_confidential_mixin import LEVELS


class CdmPolicy(models.Model):
    """Confidentiality settings of the policy (C1, C5, C7)."""

    _inherit = "cdm.policy"  # pylint: disable=consider-merging-classes-inherited

    # Confidentiality (C1, C5, C7)
    confidentiality_default_level = fields.Selection(
        [level for level in LEVELS if level[0] != "secret"], string="Default Customer Level",
        default="normal", required=True, track_visibility="onchange",
        help="Confidentiality level of a new customer; only managers set a customer secret.")
    access_log_retention_days = fields.Integer(
        string="Access Log Retention (days)", default=730, track_visibility="onchange",
        help="Access log rows older than this are deleted by the daily clean-up job.")
    leak_read_threshold = fields.Integer(
        string="Confidential Reads per Day", default=50, track_visibility="onchange",
        help="A user who opens more confidential or secret records than this in one day "
             "raises a leak signal for the auditors (0: no signal on reads).")
    leak_export_threshold = fields.Integer(
        string="Confidential Records Exported per Day", default=20, track_visibility="onchange",
        help="A user who exports more confidential records than this in one day raises a "
             "leak signal (0: no signal on confidential exports).")
    leak_signal_secret_export = fields.Boolean(
        string="Signal Any Secret Export", default=True, track_visibility="onchange",
        help="Any export of a secret record raises a leak signal for the auditors.")

    @api.constrains("access_log_retention_days", "leak_read_threshold", "leak_export_threshold")
    def _check_confidentiality_settings(self):
        for policy in self:
            if policy.access_log_retention_days < 30:
                raise ValidationError(_("Keep the access log at least 30 days."))
            if policy.leak_read_threshold < 0 or policy.leak_export_threshold < 0:
                raise ValidationError(_("Leak signal thresholds cannot be negative."))
