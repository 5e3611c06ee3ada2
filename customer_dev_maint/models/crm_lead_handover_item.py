from odoo import api, fields, models


class CrmLeadHandoverItem(models.Model):
    """One step of a customer handover checklist (D7)."""

    _name = "crm.lead.handover.item"
    _description = "Customer Handover Checklist Item"
    _inherit = ["cdm.confidential.mixin"]
    _order = "handover_id, sequence, id"
    # Items share their handover's confidentiality (C1); read inside the
    # handover's form.
    _cdm_owner_paths = ("handover_id.maintenance_user_id", "handover_id.lead_id.user_id")
    _cdm_team_path = "handover_id.lead_id.team_id"
    _cdm_parent_field = "handover_id"
    _cdm_log_reads = False

    handover_id = fields.Many2one(
        "crm.lead.handover", required=True, ondelete="cascade", index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    done = fields.Boolean()
    done_date = fields.Date(readonly=True)
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True)
    lead_id = fields.Many2one(related="handover_id.lead_id", store=True, readonly=True)
    partner_id = fields.Many2one(related="handover_id.partner_id", store=True, readonly=True)
    maintenance_user_id = fields.Many2one(
        related="handover_id.maintenance_user_id", store=True, readonly=True,
    )
    maintenance_team_id = fields.Many2one(
        related="handover_id.maintenance_team_id", store=True, readonly=True,
    )
    company_id = fields.Many2one(related="handover_id.company_id", store=True, readonly=True)

    @api.multi
    def write(self, vals):
        if "done" in vals:
            vals = dict(vals,
                        done_date=self.env["cdm.policy"].today() if vals["done"] else False,
                        done_user_id=self.env.uid if vals["done"] else False)
        res = super().write(vals)
        if vals.get("done"):
            self.mapped("handover_id").filtered(lambda h: h.state == "done")._close_activities()
        return res
