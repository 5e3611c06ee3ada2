from odoo import _, api, fields, models


class CdmLeakSignal(models.Model):
    """A user's day of access that crossed a threshold of the policy (C7):
    more confidential records opened or exported than allowed, or a secret
    record exported. At most one per user and day; the auditors get an
    activity on it, and its log rows are the evidence."""

    _name = "cdm.leak.signal"
    _description = "Leak Signal"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "day desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one("res.users", string="Employee", required=True, readonly=True,
                              index=True, ondelete="restrict")
    day = fields.Date(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    reason = fields.Text(compute="_compute_reason", help="Thresholds the day crossed.")
    read_threshold = fields.Integer(readonly=True)
    export_threshold = fields.Integer(readonly=True)
    read_count = fields.Integer(string="Confidential Records Opened", readonly=True)
    export_count = fields.Integer(string="Confidential Records Exported", readonly=True)
    secret_export_count = fields.Integer(string="Secret Records Exported", readonly=True)
    log_ids = fields.One2many("cdm.access.log", "signal_id", string="Evidence", readonly=True)
    state = fields.Selection(
        [("open", "To Review"), ("confirmed", "Confirmed"), ("dismissed", "Dismissed")],
        default="open", required=True, track_visibility="onchange")
    review_note = fields.Text(track_visibility="onchange")
    misconduct_case_id = fields.Many2one(
        "cdm.misconduct.case", readonly=True, ondelete="set null",
        help="Draft case opened for the employee with this signal's log rows as evidence.")

    _sql_constraints = [
        ("user_day_unique", "UNIQUE(user_id, day)", "One leak signal per user and day."),
    ]

    @api.depends("user_id", "day")
    def _compute_name(self):
        for signal in self:
            signal.name = "%s / %s" % (signal.user_id.name or "", signal.day or "")

    @api.depends("read_count", "export_count", "secret_export_count")
    def _compute_reason(self):
        for signal in self:
            signal.reason = "\n".join(signal._reasons())

    def _reasons(self):
        """The crossed thresholds, in the reader's language."""
        reasons = []
        if self.read_threshold and self.read_count > self.read_threshold:
            reasons.append(_("%(count)s confidential records opened (threshold %(limit)s)") % {
                "count": self.read_count, "limit": self.read_threshold})
        if self.export_threshold and self.export_count > self.export_threshold:
            reasons.append(_("%(count)s confidential records exported (threshold %(limit)s)") % {
                "count": self.export_count, "limit": self.export_threshold})
        if self.secret_export_count:
            reasons.append(_("%s secret records exported") % self.secret_export_count)
        return reasons

    @api.model
    def _day_counts(self, user, day):
        self.env.cr.execute("""
            SELECT COALESCE(SUM(confidential_count) FILTER (WHERE action = 'read'), 0),
                   COALESCE(SUM(confidential_count) FILTER (WHERE action = 'export'), 0),
                   COALESCE(SUM(secret_count) FILTER (WHERE action = 'export'), 0)
              FROM cdm_access_log WHERE user_id = %s AND day = %s
        """, (user.id, day))
        return self.env.cr.fetchone()

    @api.model
    def _check_user_day(self, user, day):
        """The day's signal of ``user``, opened when a threshold is crossed:
        once per user and day, whatever else happens that day."""
        signal = self.search([("user_id", "=", user.id), ("day", "=", day)], limit=1)
        if signal:
            return signal
        policy = self.env["cdm.policy"].for_company(user.company_id)
        reads, exports, secret_exports = self._day_counts(user, day)
        crossed = (policy.leak_read_threshold and reads > policy.leak_read_threshold) \
            or (policy.leak_export_threshold and exports > policy.leak_export_threshold) \
            or (policy.leak_signal_secret_export and secret_exports)
        if not crossed:
            return self.browse()
        with self.env.cr.savepoint():
            signal = self.create({
                "user_id": user.id, "day": day, "company_id": user.company_id.id,
                "read_count": reads, "export_count": exports,
                "secret_export_count": secret_exports if policy.leak_signal_secret_export else 0,
                "read_threshold": policy.leak_read_threshold,
                "export_threshold": policy.leak_export_threshold,
            })
        self.env.cr.execute("""
            UPDATE cdm_access_log SET signal_id = %s
             WHERE user_id = %s AND day = %s AND confidential_count > 0
        """, (signal.id, user.id, day))
        self.env["cdm.access.log"].invalidate_cache(["signal_id"])
        signal._open_misconduct_case()
        signal._notify_auditors()
        return signal

    def _open_misconduct_case(self):
        """A draft case of leaking confidential information for the employee,
        for a manager to review, written in the company's language."""
        lang = self.company_id.partner_id.lang or self.user_id.lang
        text = self.with_context(lang=lang)
        description = "%s\n%s" % (text._case_title(), "\n".join(text._reasons()))
        self.misconduct_case_id = self.env["cdm.misconduct.case"].sudo()._open_draft(
            self.user_id, "confidential_leak", description, date=self.day, leak_signal_id=self.id)

    def _case_title(self):
        return _("Leak signal of %(day)s: the access log rows of the signal are the evidence.") % {
            "day": self.day}

    def _notify_auditors(self):
        """A To Do for every auditor of the company, in the auditor's language."""
        auditors = self.env.ref("customer_dev_maint.group_auditor").users.filtered(
            lambda u: u.company_id == self.company_id and u.active)
        model_id = self.env["ir.model"]._get_id(self._name)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        today = self.env["cdm.policy"].today(company=self.company_id)
        for auditor in auditors:
            text = self.with_context(lang=auditor.lang)
            self.env["mail.activity"].sudo().create({
                "res_model_id": model_id, "res_id": self.id,
                "activity_type_id": activity_type.id, "user_id": auditor.id,
                "date_deadline": today,
                "summary": text._summary_text(),
                "note": "<br/>".join(text._reasons()),
            })

    def _summary_text(self):
        return _("Review the access of %s") % self.user_id.name

    @api.multi
    def action_confirm(self):
        self.write({"state": "confirmed"})

    @api.multi
    def action_dismiss(self):
        self.write({"state": "dismissed"})
