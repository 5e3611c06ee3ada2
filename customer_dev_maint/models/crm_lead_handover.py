from odoo import _, api, fields, models


class CrmLeadHandover(models.Model):
    """The handover of a won customer from Customer Development to Customer
    Maintenance (§2, §3.1 -> §3.2, D7): one per won deal, with a checklist the
    maintenance owner completes. The deal keeps its development owner."""

    _name = "crm.lead.handover"
    _description = "Customer Handover"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "handover_date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one(
        "crm.lead", string="Deal", required=True, ondelete="cascade", index=True, readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True,
        help="The customer company handed over (the deal's commercial partner).",
    )
    user_id = fields.Many2one(
        related="lead_id.user_id", store=True, readonly=True, string="Development Owner",
    )
    team_id = fields.Many2one(
        related="lead_id.team_id", store=True, readonly=True, string="Development Department",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True, readonly=True)
    maintenance_user_id = fields.Many2one(
        "res.users", string="Maintenance Owner", required=True, index=True,
        track_visibility="onchange",
    )
    maintenance_team_id = fields.Many2one(
        "crm.team", string="Maintenance Department", index=True,
        domain=[("department_role", "=", "maintenance")],
    )
    service_tier_id = fields.Many2one("cdm.service.tier", ondelete="restrict")
    handover_date = fields.Date(required=True, default=lambda self: self.env["cdm.policy"].today())
    done_date = fields.Date(
        compute="_compute_state", store=True, help="Date the last checklist item was done.",
    )
    item_ids = fields.One2many("crm.lead.handover.item", "handover_id", string="Checklist")
    state = fields.Selection(
        [("open", "In Progress"), ("done", "Completed")],
        compute="_compute_state", store=True, index=True, track_visibility="onchange",
    )
    progress = fields.Float(compute="_compute_state", store=True, group_operator="avg")
    note = fields.Text()

    _sql_constraints = [
        ("lead_uniq", "unique(lead_id)", "A deal hands its customer over only once."),
    ]

    @api.depends("partner_id", "lead_id")
    def _compute_name(self):
        for handover in self:
            handover.name = _("Handover of %s") % (
                handover.partner_id.display_name or handover.lead_id.name or "")

    @api.depends("item_ids.done", "item_ids.done_date")
    def _compute_state(self):
        for handover in self:
            items = handover.item_ids
            done = items.filtered("done")
            complete = bool(items) and len(done) == len(items)
            handover.progress = 100.0 * len(done) / len(items) if items else 0.0
            handover.state = "done" if complete else "open"
            handover.done_date = max(done.mapped("done_date")) if complete else False

    @api.model
    def create(self, vals):
        if "item_ids" not in vals:
            vals["item_ids"] = [(0, 0, {"sequence": index, "name": item})
                                for index, item in enumerate(self._default_item_names())]
        return super().create(vals)

    @api.model
    def _default_item_names(self):
        return [
            _("Introduce the maintenance owner to the customer's contacts"),
            _("Hand over the contract, the solution and the meeting notes"),
            _("Review open milestones and deliverables with the project owner"),
            _("Agree on the customer's service plan and first revisit"),
            _("Confirm the customer's contacts and communication preferences"),
        ]

    def _notify_maintenance_owner(self):
        """An activity for the maintenance owner: complete the handover."""
        activity_type = self.env.ref("customer_dev_maint.mail_activity_type_handover",
                                     raise_if_not_found=False)
        model = self.env["ir.model"]._get(self._name)
        for handover in self:
            self.env["mail.activity"].create({
                "res_model_id": model.id,
                "res_id": handover.id,
                "activity_type_id": activity_type.id if activity_type else False,
                "user_id": handover.maintenance_user_id.id,
                "date_deadline": handover.handover_date,
                "summary": _("Take over customer %s") % handover.partner_id.display_name,
            })
            handover.message_subscribe_users(user_ids=handover.maintenance_user_id.ids)

    def _close_activities(self):
        """A completed checklist marks the maintenance owner's Customer
        Handover activity done, so it does not turn late."""
        activity_type = self.env.ref("customer_dev_maint.mail_activity_type_handover",
                                     raise_if_not_found=False)
        activities = self.mapped("activity_ids").filtered(
            lambda activity: activity.activity_type_id == activity_type)
        if activities:
            activities.action_feedback(feedback=_("Handover checklist completed."))
