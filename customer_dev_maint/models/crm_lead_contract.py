from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmLead(models.Model):
    """The contract of a deal (§3.1 "sign the contract, clarifying both
    sides' rights and responsibilities", D4). What the Contract gate asks of
    it is defined once, in ``crm_lead_gate``."""

    _inherit = "crm.lead"

    contract_number = fields.Char(copy=False, index=True, track_visibility="onchange")
    contract_signature_date = fields.Date(
        string="Contract Signed On", copy=False, track_visibility="onchange",
    )
    contract_amount = fields.Monetary(
        currency_field="company_currency", copy=False, track_visibility="onchange",
    )
    contract_start_date = fields.Date(string="Contract Start", copy=False)
    contract_end_date = fields.Date(string="Contract End", copy=False)
    contract_terms = fields.Text(
        string="Rights and Responsibilities", copy=False,
        help="Summary of each side's rights and responsibilities under the contract.",
    )
    contract_attachment_ids = fields.Many2many(
        "ir.attachment", "crm_lead_contract_attachment_rel", "lead_id", "attachment_id",
        string="Signed Contract", copy=False,
    )

    _sql_constraints = [
        ("contract_number_company_uniq", "unique(contract_number, company_id)",
         "This contract number is already used in this company."),
        ("contract_amount_not_negative", "CHECK(contract_amount >= 0)",
         "The contract amount cannot be negative."),
    ]

    @api.constrains("contract_start_date", "contract_end_date")
    def _check_contract_term(self):
        for lead in self:
            if (lead.contract_start_date and lead.contract_end_date
                    and lead.contract_end_date < lead.contract_start_date):
                raise ValidationError(_(
                    "The contract of %s cannot end before it starts.") % lead.name)

    @api.model
    def _check_contract_amount(self, vals):
        """Refuse a negative amount before the database does, with a message
        every route (form, import, RPC) shows as is."""
        if (vals.get("contract_amount") or 0.0) < 0:
            raise ValidationError(_("The contract amount cannot be negative."))

    @api.model
    def create(self, vals):
        self._check_contract_amount(vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._check_contract_amount(vals)
        return super().write(vals)
