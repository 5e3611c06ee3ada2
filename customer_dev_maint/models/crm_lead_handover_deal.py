from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..server_only import with_server
from .crm_lead_gate import GATE_TRIGGERS


class CrmLead(models.Model):
    """The deal's side of the handover (§2, §3.1 -> §3.2, D7): winning a
    deal hands its customer over to Customer Maintenance, once, with a
    ``crm.lead.handover`` checklist. Runs after the gates have accepted the
    win (this file's hook wraps the gate's)."""

    _inherit = "crm.lead"

    handover_to_user_id = fields.Many2one(
        "res.users", string="Maintenance Owner", copy=False, track_visibility="onchange",
        help="Who maintains the customer once the deal is won. Empty: the customer's "
             "current maintenance owner, else the leader of the maintenance department.",
    )
    handover_to_team_id = fields.Many2one(
        "crm.team", string="Maintenance Department", copy=False,
        domain=[("department_role", "=", "maintenance")],
    )
    handover_tier_id = fields.Many2one(
        "cdm.service.tier", string="Service Tier", copy=False,
        help="Service tier given to a new customer at handover. Empty: the policy's default.",
    )
    handover_id = fields.Many2one(
        "crm.lead.handover", string="Handover Checklist", copy=False, readonly=True,
    )

    @api.onchange("handover_to_user_id")
    def _onchange_handover_to_user_id(self):
        team = self.env["crm.team"]._maintenance_department_of(self.handover_to_user_id)
        if team:
            self.handover_to_team_id = team

    @api.model
    def create(self, vals):
        with self._atomic():
            lead = super().create(vals)
            lead.filtered(lambda rec: rec._is_won())._handover_to_maintenance()
        return lead

    @api.multi
    def write(self, vals):
        if not GATE_TRIGGERS & set(vals):
            return super().write(vals)
        won_before = self.filtered(lambda lead: lead._is_won())
        with self._atomic():
            res = super().write(vals)
            (self - won_before).filtered(lambda lead: lead._is_won())._handover_to_maintenance()
        return res

    @api.multi
    def action_view_handover(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead.handover",
            "res_id": self.handover_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def _handover_defaults(self):
        """Maintenance owner, department and tier the customer gets."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        user = self.handover_to_user_id or customer.maintenance_user_id
        team = self.handover_to_team_id or customer.maintenance_team_id
        Team = self.env["crm.team"].sudo()
        team = team or Team._maintenance_department_of(user)
        if not team:
            team = Team.search([("department_role", "=", "maintenance")], order="id", limit=1)
        if not user:
            user = team.user_id
        tier = (self.handover_tier_id or customer.service_tier_id
                or self.env["cdm.policy"].for_company(self.company_id or None).handover_tier_id
                or self.env.ref("customer_dev_maint.tier_standard", raise_if_not_found=False))
        return user, team, tier

    def _handover_to_maintenance(self, today=None):
        """Hand the customers of these won deals over to Customer Maintenance
        (D7), once per deal: owner and tier on the customer, a checklist and
        an activity for the maintenance owner."""
        today = today or self.env["cdm.policy"].today()
        Handover = self.env["crm.lead.handover"]
        for lead in self.filtered(lambda rec: rec.type == "opportunity" and not rec.handover_id):
            if not lead.partner_id:
                raise ValidationError(_(
                    "%s cannot be marked won without a customer: the customer is handed "
                    "over to Customer Maintenance.") % lead.name)
            user, team, tier = lead._handover_defaults()
            if not user:
                raise ValidationError(_(
                    "Choose the maintenance owner of %s: no maintenance department has a "
                    "leader to take the customer over.") % lead.name)
            customer = lead.partner_id.commercial_partner_id
            # The handover is a consequence of the win: it sets the maintenance
            # fields of the customer whoever wins the deal, and never overwrites
            # an owner or tier the maintenance department already set.
            partner_vals = {}
            if not customer.maintenance_user_id:
                partner_vals["maintenance_user_id"] = user.id
            if not customer.maintenance_team_id and team:
                partner_vals["maintenance_team_id"] = team.id
            if not customer.service_tier_id and tier:
                partner_vals["service_tier_id"] = tier.id
            if not customer.handover_date:
                partner_vals["handover_date"] = today
            if partner_vals:
                # As superuser: the deal's owner may not write the customer; the
                # tier history still names who handed it over.
                with_server(customer.sudo(), cdm_acting_uid=self.env.uid).write(partner_vals)
            handover = Handover.create({
                "lead_id": lead.id,
                "partner_id": customer.id,
                "maintenance_user_id": user.id,
                "maintenance_team_id": team.id,
                "service_tier_id": tier.id if tier else False,
                "handover_date": today,
            })
            lead.write({
                "handover_id": handover.id,
                "handover_to_user_id": user.id,
                "handover_to_team_id": team.id,
                "handover_tier_id": tier.id if tier else False,
            })
            handover._notify_maintenance_owner()
        return True
