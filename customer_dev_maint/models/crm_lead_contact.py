from odoo import _, api, fields, models
from odoo.osv import expression

from ..jobs import commit_batch
from .crm_lead import OPEN_OPPORTUNITY_DOMAIN


class CrmLead(models.Model):
    """Regular contact (§3.1 "maintain the relationship through regular
    contact", D8): an open opportunity always has a next activity planned;
    a silent one gets a "Plan Next Contact" activity for its owner, which
    shows inside Odoo (activity menu, kanban card, chatter) for every user,
    whatever their notification preference."""

    _inherit = "crm.lead"

    no_next_activity = fields.Boolean(
        compute="_compute_no_next_activity", search="_search_no_next_activity",
        help="An open opportunity with no next activity planned.",
    )
    contact_reminder_date = fields.Date(
        copy=False, readonly=True,
        help="When the owner was reminded that no next contact is planned.",
    )

    @api.depends("type", "active", "probability", "activity_ids")
    def _compute_no_next_activity(self):
        self._load_fields(["type", "active", "probability"])
        # Whether any activity is planned, as the superuser: the list's
        # activity columns (related fields) read them so, once for all rows.
        for lead in self:
            lead.no_next_activity = lead._is_open_opportunity() and not lead.sudo().activity_ids

    def _search_no_next_activity(self, operator, value):
        domain = OPEN_OPPORTUNITY_DOMAIN + [("activity_ids", "=", False)]
        if (operator == "=") != bool(value):
            domain = ["!"] + expression.normalize_domain(domain)
        return expression.normalize_domain(domain)

    @api.model
    def _cron_remind_silent_opportunities(self, today=None, commit=False, batch_size=200):
        """Give the owner of each open opportunity with no next activity a
        "Plan Next Contact" activity, once: a reminded opportunity is reminded
        again only after it has had another activity in between (D8)."""
        today = today or self.env["cdm.policy"].today()
        reminder_type = self.env.ref("customer_dev_maint.mail_activity_type_plan_contact")
        replanned = self.search([("contact_reminder_date", "!=", False),
                                 ("activity_ids.activity_type_id", "!=", reminder_type.id)])
        if replanned:
            # The owner planned a real next contact: the reminder has done its job.
            self.env["mail.activity"].search([
                ("res_model", "=", self._name), ("res_id", "in", replanned.ids),
                ("activity_type_id", "=", reminder_type.id)]).unlink()
            replanned.write({"contact_reminder_date": False})
        silent = self.search([("no_next_activity", "=", True), ("contact_reminder_date", "=", False),
                              ("user_id", "!=", False)])
        model = self.env["ir.model"]._get(self._name)
        Activity = self.env["mail.activity"]
        for start in range(0, len(silent), batch_size):
            batch_ids = silent.ids[start:start + batch_size]
            self.env.cr.execute(
                "SELECT id FROM crm_lead WHERE id IN %s AND contact_reminder_date IS NULL "
                "FOR NO KEY UPDATE SKIP LOCKED", (tuple(batch_ids),))
            leads = self.browse([row[0] for row in self.env.cr.fetchall()])
            for lead in leads:
                texts = lead.with_context(lang=lead.user_id.lang)._contact_reminder_texts()
                Activity.create(dict(texts, **{
                    "res_model_id": model.id,
                    "res_id": lead.id,
                    "activity_type_id": reminder_type.id,
                    "user_id": lead.user_id.id,
                    "date_deadline": today,
                }))
            leads.write({"contact_reminder_date": today})
            commit_batch(self.env, commit)
        return True

    def _contact_reminder_texts(self):
        """Summary and note of the reminder, in this environment's language
        (the owner's)."""
        return {
            "summary": _("Plan the next contact"),
            "note": "<p>%s</p>" % _("No next activity is planned on this opportunity. "
                                   "Plan the next call, e-mail, visit or customer event."),
        }
