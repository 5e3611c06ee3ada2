from odoo import _, api, fields, models
from odoo.tools.misc import format_date


class CrmLeadHandover(models.Model):
    """The handover of a won customer from Customer Development to Customer
    Maintenance (§2, §3.1 -> §3.2, D7): one per won deal, with a checklist the
    maintenance owner completes. The deal keeps its development owner."""

    _name = "crm.lead.handover"
    _description = "Customer Handover"
    _inherit = ["mail.thread", "mail.activity.mixin", "cdm.confidential.mixin"]
    _order = "handover_date desc, id desc"
    # Handovers share their deal's confidentiality (C1).
    _cdm_owner_paths = ("lead_id.user_id", "maintenance_user_id")
    _cdm_team_path = "lead_id.team_id"
    _cdm_parent_field = "lead_id"

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

    @api.depends("partner_id", "lead_id", "maintenance_user_id")
    def _compute_name(self):
        """Named in the language of the maintenance owner, who works on it."""
        for handover in self:
            handover.name = handover.with_context(
                lang=handover.maintenance_user_id.lang or self.env.lang)._name_text()

    def _name_text(self):
        self.ensure_one()
        return _("Handover of %s") % (self.partner_id.display_name or self.lead_id.name or "")

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
            # The checklist is written in the language of who completes it.
            owner = self.env["res.users"].browse(vals.get("maintenance_user_id"))
            names = self.with_context(lang=owner.lang or self.env.lang)._default_item_names()
            vals = dict(vals, item_ids=[(0, 0, {"sequence": index, "name": item})
                                        for index, item in enumerate(names)])
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
            owner = handover.maintenance_user_id
            self.env["mail.activity"].create({
                "res_model_id": model.id,
                "res_id": handover.id,
                "activity_type_id": activity_type.id if activity_type else False,
                "user_id": owner.id,
                "date_deadline": handover.handover_date,
                "summary": handover.with_context(lang=owner.lang or self.env.lang)._summary_text(),
            })
            handover.message_subscribe_users(user_ids=handover.maintenance_user_id.ids)

    def _summary_text(self):
        self.ensure_one()
        return _("Take over customer %(customer)s (handed over on %(date)s)") % {
            "customer": self.partner_id.display_name,
            "date": format_date(self.env, self.handover_date)}

    def _close_activities(self):
        """A completed checklist marks the maintenance owner's Customer
        Handover activity done, so it does not turn late."""
        activity_type = self.env.ref("customer_dev_maint.mail_activity_type_handover",
                                     raise_if_not_found=False)
        activities = self.mapped("activity_ids").filtered(
            lambda activity: activity.activity_type_id == activity_type)
        if activities:
            activities.action_feedback(feedback=_("Handover checklist completed."))
