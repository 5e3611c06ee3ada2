import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import batch_mail
from ..jobs import commit_batch
from ..server_only import as_server
from .helpdesk_ticket import COMPLAINT_KINDS

SLA_STATES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
    ("cancelled", "Cancelled"),
]
# Worst first: the ticket's overall SLA state is its worst open target's.
# A cancelled complaint's targets count in no compliance figure (M6).
SLA_RANK = {"breached": 0, "at_risk": 1, "on_track": 2, "met": 3, "cancelled": 4}
TARGETS = ("response", "resolution")


class HelpdeskTicket(models.Model):
    """Response and resolution targets of complaints and problems (M6).

    The targets are the customer's service tier's, times the policy's
    severity factor, counted in working hours from the ticket's creation;
    time in a pausing stage does not count. Deadlines are stored as moments,
    so the SLA job and the filters compare dates only; the job moves states
    to at risk and breached and notifies the owner and the manager, once."""

    _inherit = "helpdesk.ticket"

    sla_tier_id = fields.Many2one(
        "cdm.service.tier", string="SLA Tier", readonly=True, server_owned=True, index=True,
        ondelete="set null",
        copy=False, help="Service tier of the customer when the ticket was opened.",
    )
    sla_start = fields.Datetime(string="SLA Clock Start", readonly=True, server_owned=True, copy=False)
    response_target_hours = fields.Float(
        string="Response Target (working hours)", readonly=True, server_owned=True, copy=False)
    resolution_target_hours = fields.Float(
        string="Resolution Target (working hours)", readonly=True, server_owned=True, copy=False)
    response_deadline = fields.Datetime(readonly=True, server_owned=True, copy=False, index=True)
    resolution_deadline = fields.Datetime(readonly=True, server_owned=True, copy=False, index=True)
    response_risk_date = fields.Datetime(
        string="Response At Risk From", readonly=True, server_owned=True, copy=False)
    resolution_risk_date = fields.Datetime(
        string="Resolution At Risk From", readonly=True, server_owned=True, copy=False)
    first_response_date = fields.Datetime(readonly=True, server_owned=True, copy=False)
    resolution_date = fields.Datetime(readonly=True, server_owned=True, copy=False)
    response_work_hours = fields.Float(
        string="Response Time (working hours)", readonly=True, server_owned=True, copy=False,
        group_operator="avg")
    resolution_work_hours = fields.Float(
        string="Resolution Time (working hours)", readonly=True, server_owned=True, copy=False,
        group_operator="avg")
    response_state = fields.Selection(
        SLA_STATES, readonly=True, server_owned=True, copy=False, index=True, track_visibility="onchange")
    resolution_state = fields.Selection(
        SLA_STATES, readonly=True, server_owned=True, copy=False, index=True, track_visibility="onchange")
    sla_state = fields.Selection(
        SLA_STATES, string="SLA", compute="_compute_sla_state", store=True, index=True,
        help="The worst state of the ticket's targets.",
    )
    sla_paused_since = fields.Datetime(readonly=True, server_owned=True, copy=False)
    sla_paused_hours = fields.Float(
        string="Paused (working hours)", readonly=True, server_owned=True, copy=False,
        help="Working hours spent in stages that pause the SLA clock.",
    )
    sla_notified = fields.Char(
        readonly=True, server_owned=True, copy=False,
        help="Notifications already sent (at risk, breached, per target): each goes once.",
    )
    sla_breach_reason = fields.Text(
        string="Breach Reason", track_visibility="onchange", copy=False,
        help="Why a target was missed; needed before the ticket is closed.",
    )

    @api.depends("response_state", "resolution_state")
    def _compute_sla_state(self):
        for ticket in self:
            states = [state for state in (ticket.response_state, ticket.resolution_state) if state]
            ticket.sla_state = min(states, key=SLA_RANK.get) if states else False

    @api.constrains("stage_id", "sla_breach_reason")
    def _check_breach_reason(self):
        for ticket in self:
            if ticket.stage_id.closed and "breached" in (ticket.response_state, ticket.resolution_state) \
                    and not (ticket.sla_breach_reason or "").strip():
                raise ValidationError(_(
                    "Ticket %s missed its SLA: give the breach reason before closing it."
                ) % ticket.number)

    # Hooks ----------------------------------------------------------------

    @api.model
    def create(self, vals):
        # The targets and facts are server-owned fields (``server_owned=True``):
        # refused to clients by the rule every model shares (base_server_owned).
        ticket = super().create(vals)
        ticket._sla_start(self._sla_now())
        return ticket

    @api.multi
    def write(self, vals):
        now = self._sla_now()
        before = {ticket.id: ticket.stage_id for ticket in self} if "stage_id" in vals else {}
        result = super().write(vals)
        if before:
            for ticket in self:
                ticket._sla_stage_changed(before[ticket.id], now)
        if {"kind", "severity", "partner_id"} & set(vals):
            for ticket in self.filtered(lambda rec: not rec.resolution_date):
                if not ticket.sla_start:
                    ticket._sla_start(now)
                else:
                    ticket._sla_plan(now)
        return result

    @api.multi
    @api.returns("self", lambda value: value.id)
    def message_post(self, body="", subject=None, message_type="notification", subtype=None,
                     parent_id=False, attachments=None, content_subtype="html", **kwargs):
        message = super().message_post(
            body=body, subject=subject, message_type=message_type, subtype=subtype,
            parent_id=parent_id, attachments=attachments, content_subtype=content_subtype, **kwargs)
        if message_type == "comment" and not self.env.user.share \
                and message.subtype_id == self.env.ref("mail.mt_comment"):
            # A staff reply to the customer is the first response (M6).
            for ticket in self.filtered(lambda rec: rec.response_state and not rec.first_response_date):
                ticket._sla_respond(self._sla_now())
        return message

    # Clock ----------------------------------------------------------------

    @api.model
    def _sla_now(self):
        """The moment a ticket event happens: the policy's clock
        (``cdm.policy._now``); no context key moves it."""
        return self.env["cdm.policy"]._now()

    def _sla_policy(self):
        return self.env["cdm.policy"].for_company(self.company_id or self.env.user.company_id).sudo()

    def _sla_hours(self, start, end):
        policy = self._sla_policy()
        return policy.sla_calendar().cdm_work_hours(start, end, policy.timezone)

    def _sla_targets(self):
        """(response, resolution) targets in working hours, 0 for none."""
        self.ensure_one()
        tier = self.sla_tier_id
        if self.kind not in COMPLAINT_KINDS or not tier:
            return 0.0, 0.0
        factor = self._sla_policy()["sla_factor_%s" % self.severity]
        return tier.response_hours * factor, tier.resolution_hours * factor

    def _sla_start(self, now):
        """Start the clock of a complaint or problem whose customer has a tier."""
        self.ensure_one()
        tier = self.commercial_partner_id.service_tier_id
        if self.kind not in COMPLAINT_KINDS or not tier:
            return
        as_server(self.sudo()).write({"sla_tier_id": tier.id, "sla_start": fields.Datetime.to_string(now)})
        self._sla_plan(now)

    def _sla_plan(self, now):
        """(Re)compute targets, deadlines and states of the open targets."""
        self.ensure_one()
        if not self.sla_start:
            return
        if not self.sla_tier_id:
            as_server(self.sudo()).sla_tier_id = self.commercial_partner_id.service_tier_id
        policy = self._sla_policy()
        calendar, tz = policy.sla_calendar(), policy.timezone
        start = fields.Datetime.from_string(self.sla_start)
        values = {}
        for target, hours in zip(TARGETS, self._sla_targets()):
            if self["%s_state" % target] in ("met",) or \
                    (target == "response" and self.first_response_date):
                continue
            if not hours:
                values.update({"%s_%s" % (target, key): False for key in (
                    "target_hours", "deadline", "risk_date", "state")})
                continue
            paused = self.sla_paused_hours
            risk = hours * policy.sla_risk_percent / 100.0
            values.update({
                "%s_target_hours" % target: hours,
                "%s_deadline" % target: fields.Datetime.to_string(
                    calendar.cdm_plan_hours(start, hours + paused, tz)),
                "%s_risk_date" % target: fields.Datetime.to_string(
                    calendar.cdm_plan_hours(start, risk + paused, tz)),
            })
        as_server(self.sudo()).write(values)
        self._sla_evaluate(now)

    def _sla_elapsed(self, now):
        """Working hours the clock has run until ``now``, pauses left out."""
        self.ensure_one()
        start = fields.Datetime.from_string(self.sla_start)
        elapsed = self._sla_hours(start, now) - self.sla_paused_hours
        if self.sla_paused_since:
            elapsed -= self._sla_hours(fields.Datetime.from_string(self.sla_paused_since), now)
        return max(elapsed, 0.0)

    def _sla_evaluate(self, now):
        """Move the open targets' states to what ``now`` makes them, and send
        the notifications that go with the change (once each)."""
        self.ensure_one()
        if self.sla_paused_since or not self.sla_start:
            return
        moment = fields.Datetime.to_string(now)
        values = {}
        for target in TARGETS:
            state = self["%s_state" % target]
            deadline = self["%s_deadline" % target]
            if not deadline or state == "met" or self._sla_target_done(target):
                continue
            if moment >= deadline:
                new = "breached"
            elif moment >= self["%s_risk_date" % target]:
                new = "at_risk"
            else:
                new = "on_track"
            if new != state and not (state == "breached"):
                values["%s_state" % target] = new
        if values:
            as_server(self.sudo()).write(values)
            self._sla_notify(now)

    def _sla_target_done(self, target):
        return bool(self.first_response_date if target == "response" else self.resolution_date)

    def _sla_close_target(self, target, now):
        """Record the response or the resolution at ``now``: met when within target."""
        self.ensure_one()
        if not self.sla_start:
            return
        elapsed = self._sla_elapsed(now)
        values = {"%s_work_hours" % target: round(elapsed, 2)}
        values["first_response_date" if target == "response" else "resolution_date"] = \
            fields.Datetime.to_string(now)
        hours = self["%s_target_hours" % target]
        if hours:
            values["%s_state" % target] = "met" if elapsed <= hours + 1e-6 else "breached"
        as_server(self.sudo()).write(values)
        self._sla_notify(now)

    def _sla_respond(self, now):
        self._sla_close_target("response", now)

    def _sla_stage_changed(self, old_stage, now):
        """Pause, resume, respond, resolve or reopen as the new stage says."""
        self.ensure_one()
        stage = self.stage_id
        if not self.sla_start or stage == old_stage:
            return
        if stage.sla_pause and not self.sla_paused_since:
            as_server(self.sudo()).sla_paused_since = fields.Datetime.to_string(now)
        elif not stage.sla_pause and self.sla_paused_since:
            pause = self._sla_hours(fields.Datetime.from_string(self.sla_paused_since), now)
            as_server(self.sudo()).write({"sla_paused_since": False,
                               "sla_paused_hours": self.sla_paused_hours + pause})
            self._sla_plan(now)
        if not self.first_response_date and old_stage == self._sla_new_stage():
            self._sla_respond(now)
        resolved = stage.closed or stage.sla_resolved
        if resolved and not self.resolution_date:
            if not self.first_response_date:
                self._sla_respond(now)
            self._sla_close_target("resolution", now)
        elif not resolved and self.resolution_date:
            self._sla_reopen(now)

    def _sla_reopen(self, now):
        """A resolved ticket is open again: its resolution clock runs on."""
        self.ensure_one()
        values = {"resolution_date": False, "resolution_work_hours": 0.0}
        if self.resolution_state == "met":
            values["resolution_state"] = "on_track"
        as_server(self.sudo()).write(values)
        self._sla_evaluate(now)

    @api.model
    def _sla_new_stage(self):
        """The stage new tickets start in (helpdesk_mgmt's default)."""
        return self.env["helpdesk.ticket.stage"].search([], limit=1)

    # Notifications ------------------------------------------------------------

    def _sla_manager(self):
        self.ensure_one()
        return self.maintenance_team_id.user_id or self._sla_policy().revisit_escalation_user_id

    def _sla_notify(self, now):
        """At risk: the owner gets an activity; breached: the manager gets
        one and the owner is asked for the reason. Each once per target."""
        self.ensure_one()
        sent = set((self.sla_notified or "").split(",")) - {""}
        for target in TARGETS:
            state = self["%s_state" % target]
            if state not in ("at_risk", "breached"):
                continue
            key = "%s_%s" % (target, state)
            if key in sent:
                continue
            sent.add(key)
            if state == "at_risk":
                self._sla_activity(self.user_id or self._sla_manager(), target, state, now)
            else:
                self._sla_activity(self._sla_manager(), target, state, now)
                if self.user_id and self.user_id != self._sla_manager():
                    self._sla_activity(self.user_id, target, "reason", now)
        as_server(self.sudo()).sla_notified = ",".join(sorted(sent))

    def _sla_format(self, moment):
        """``moment`` (naive UTC) in the policy's time zone and the reader's
        (context) language's date and time format."""
        return self._sla_format_in(moment, self._sla_policy().timezone)

    @api.model
    def _sla_format_in(self, moment, timezone):
        """``moment`` (naive UTC) in ``timezone`` and the context language's
        date and time format."""
        if not moment:
            return ""
        lang = self.env["res.lang"]._lang_get(self.env.context.get("lang") or "en_US")
        pattern = "%s %s" % (lang.date_format or "%m/%d/%Y", lang.time_format or "%H:%M:%S")
        local = pytz.utc.localize(fields.Datetime.from_string(moment)).astimezone(
            pytz.timezone(timezone or "UTC"))
        return local.strftime(pattern.replace(":%S", ""))

    def _sla_activity(self, user, target, what, now):
        if not user:
            return
        self.env["mail.activity"].sudo().create({
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": self.env.ref("customer_dev_maint.mail_activity_type_sla").id,
            "user_id": user.id,
            "summary": self.with_context(lang=user.lang)._sla_summary(target, what),
            "date_deadline": self.env["cdm.policy"].today(company=self.company_id, now=now),
        })

    def _sla_summary(self, target, what):
        """The notification's text, in the context's language."""
        return self._sla_summary_text(
            self.number, target, what,
            self._sla_format(self["%s_deadline" % target]) if what != "reason" else "")

    @api.model
    def _sla_summary_text(self, number, target, what, deadline, texts=None):
        """The notification's text for ticket ``number``, in the context's
        language (``texts``: the context language's :meth:`_sla_texts`, for
        callers that write many); ``deadline`` is already formatted."""
        labels, summaries = texts or self._sla_texts()
        return summaries[what] % {"ticket": number, "target": labels[target], "deadline": deadline}

    @api.model
    def _sla_texts(self):
        """(target labels, notification texts) in the context's language."""
        labels = {
            "response": _("first response"),
            "resolution": _("resolution"),
        }
        summaries = {
            "at_risk": _("%(ticket)s: %(target)s at risk, due %(deadline)s"),
            "breached": _("%(ticket)s: %(target)s target breached (due %(deadline)s)"),
            "reason": _("%(ticket)s: %(target)s target breached, record the reason"),
        }
        return labels, summaries

    # Job ------------------------------------------------------------------

    @api.model
    def _cron_update_sla(self):
        self._update_sla(commit=True)

    @api.model
    def _update_sla(self, now=None, batch_size=None, commit=False):
        """Scheduled job: move running targets whose at-risk moment or deadline
        has come, ``batch_size`` tickets per transaction, locked with
        ``FOR NO KEY UPDATE SKIP LOCKED``. A second run changes nothing. Returns the
        number of tickets changed.

        Each batch is evaluated at once (:meth:`_sla_evaluate_batch`): one
        query reads it, one statement writes its states, and its
        notifications and chatter tracking are written together."""
        now = now or self._sla_now()
        if batch_size is None:
            batch_size = self.env["cdm.policy"].for_company().sla_batch_size or 500
        moment = fields.Datetime.to_string(now)
        last_id, changed = 0, 0
        while True:
            self.env.cr.execute("""
                SELECT id FROM helpdesk_ticket
                 WHERE id > %(last_id)s AND sla_paused_since IS NULL
                   AND ((first_response_date IS NULL AND (
                            (response_state = 'on_track' AND response_risk_date <= %(now)s)
                         OR (response_state IN ('on_track', 'at_risk') AND response_deadline <= %(now)s)))
                     OR (resolution_date IS NULL AND (
                            (resolution_state = 'on_track' AND resolution_risk_date <= %(now)s)
                         OR (resolution_state IN ('on_track', 'at_risk')
                             AND resolution_deadline <= %(now)s))))
                 ORDER BY id LIMIT %(limit)s
                   FOR NO KEY UPDATE SKIP LOCKED
            """, {"last_id": last_id, "now": moment, "limit": batch_size})
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            last_id = ids[-1]
            self._sla_evaluate_batch(ids, now)
            changed += len(ids)
            if commit_batch(self.env, commit):
                self.env.clear()
        return changed

    @api.model
    def _sla_evaluate_batch(self, ids, now):
        """:meth:`_sla_evaluate` for the tickets ``ids`` at once: the same
        states, the same notifications (once each, in the reader's
        language), and the chatter tracking of the states in the language
        of each ticket's owner (the company's without one)."""
        cr = self.env.cr
        moment = fields.Datetime.to_string(now)
        cr.execute("""
            SELECT t.id, t.number, t.company_id, t.user_id, t.sla_start, t.sla_paused_since,
                   t.sla_notified, t.response_state, t.resolution_state,
                   t.response_deadline, t.resolution_deadline,
                   t.response_risk_date, t.resolution_risk_date,
                   t.first_response_date, t.resolution_date,
                   team.user_id AS team_manager_id, owner.lang AS owner_lang,
                   company_partner.lang AS company_lang
              FROM helpdesk_ticket t
              LEFT JOIN crm_team team ON team.id = t.maintenance_team_id
              LEFT JOIN res_users u ON u.id = t.user_id
              LEFT JOIN res_partner owner ON owner.id = u.partner_id
              LEFT JOIN res_company c ON c.id = t.company_id
              LEFT JOIN res_partner company_partner ON company_partner.id = c.partner_id
             WHERE t.id IN %s
             ORDER BY t.id
        """, (tuple(ids),))
        rows = cr.dictfetchall()
        changes = {}
        for row in rows:
            if row["sla_paused_since"] or not row["sla_start"]:
                continue
            values = {}
            for target in TARGETS:
                state = row["%s_state" % target]
                deadline = row["%s_deadline" % target]
                done = row["first_response_date" if target == "response" else "resolution_date"]
                if not deadline or state == "met" or done:
                    continue
                risk = row["%s_risk_date" % target]
                if moment >= deadline:
                    new = "breached"
                elif risk and moment >= risk:
                    new = "at_risk"
                else:
                    new = "on_track"
                if new != state and state != "breached":
                    values["%s_state" % target] = new
            if values:
                changes[row["id"]] = values
        if not changes:
            return
        rows = [row for row in rows if row["id"] in changes]
        notified, activities = self._sla_notify_batch(rows, changes, now)
        final = []
        for row in rows:
            states = {key: changes[row["id"]].get(key, row[key])
                      for key in ("response_state", "resolution_state")}
            present = [state for state in states.values() if state]
            final.append((row["id"], states["response_state"], states["resolution_state"],
                          min(present, key=SLA_RANK.get) if present else None,
                          notified[row["id"]] or None))
        cr.execute("""
            UPDATE helpdesk_ticket t
               SET response_state = v.response_state, resolution_state = v.resolution_state,
                   sla_state = v.sla_state, sla_notified = v.sla_notified,
                   write_uid = %s, write_date = now() AT TIME ZONE 'UTC'
              FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[])
                   AS v(id, response_state, resolution_state, sla_state, sla_notified)
             WHERE t.id = v.id
        """, [self.env.uid] + [[item[index] for item in final] for index in range(5)])
        self.invalidate_cache(["response_state", "resolution_state", "sla_state", "sla_notified",
                               "write_uid", "write_date"], list(changes))
        batch_mail.create_activities(self.env, self._name, activities)
        if not (self.env.context.get("tracking_disable") or self.env.context.get("mail_notrack")):
            self._sla_track_batch(rows, changes)

    @api.model
    def _sla_notify_batch(self, rows, changes, now):
        """:meth:`_sla_notify` for the changed tickets ``rows``: returns the
        tickets' new ``sla_notified`` ({id: text}) and the activities to
        create (values for ``batch_mail.create_activities``)."""
        Policy = self.env["cdm.policy"]
        activity_type = self.env.ref("customer_dev_maint.mail_activity_type_sla").id
        companies = {}

        def company_facts(company_id):
            if company_id not in companies:
                company = self.env["res.company"].browse(company_id) if company_id \
                    else self.env.user.company_id
                policy = Policy.for_company(company).sudo()
                companies[company_id] = {
                    "manager": policy.revisit_escalation_user_id.id,
                    "timezone": policy.timezone,
                    "today": Policy.today(company=company, now=now),
                }
            return companies[company_id]

        notified, wanted = {}, []
        for row in rows:
            facts = company_facts(row["company_id"])
            manager = row["team_manager_id"] or facts["manager"]
            owner = row["user_id"]
            sent = set((row["sla_notified"] or "").split(",")) - {""}
            for target in TARGETS:
                key = "%s_state" % target
                state = changes[row["id"]].get(key, row[key])
                if state not in ("at_risk", "breached"):
                    continue
                if "%s_%s" % (target, state) in sent:
                    continue
                sent.add("%s_%s" % (target, state))
                if state == "at_risk":
                    wanted.append((row, owner or manager, target, state, facts))
                else:
                    wanted.append((row, manager, target, state, facts))
                    if owner and owner != manager:
                        wanted.append((row, owner, target, "reason", facts))
            notified[row["id"]] = ",".join(sorted(sent))
        wanted = [item for item in wanted if item[1]]
        langs = {}
        if wanted:
            self.env.cr.execute("""
                SELECT u.id, p.lang FROM res_users u JOIN res_partner p ON p.id = u.partner_id
                 WHERE u.id IN %s
            """, (tuple({item[1] for item in wanted}),))
            langs = dict(self.env.cr.fetchall())
        activities, readers = [], {}
        for row, user_id, target, what, facts in wanted:
            lang = langs.get(user_id) or None
            if lang not in readers:
                reader = self.with_context(lang=lang)
                readers[lang] = reader, reader._sla_texts()
            reader, texts = readers[lang]
            deadline = reader._sla_format_in(row["%s_deadline" % target], facts["timezone"]) \
                if what != "reason" else ""
            activities.append({
                "res_id": row["id"],
                "res_name": row["number"],
                "user_id": user_id,
                "activity_type_id": activity_type,
                "summary": reader._sla_summary_text(row["number"], target, what, deadline, texts),
                "date_deadline": facts["today"],
            })
        return notified, activities

    @api.model
    def _sla_track_batch(self, rows, changes):
        """Log the tracking of the changed states, one note per ticket, in
        the language of its owner (the company's without one)."""
        texts, entries = {}, []
        for row in rows:
            lang = row["owner_lang"] or row["company_lang"] or self.env.lang or "en_US"
            moves = {key: (row[key], new) for key, new in sorted(changes[row["id"]].items())}
            cache_key = (lang, tuple(sorted(moves.items())))
            if cache_key not in texts:
                texts[cache_key] = batch_mail.tracking_values(
                    self.with_context(lang=lang).env, self._name, moves)
            entries.append((row["id"], row["number"], texts[cache_key]))
        batch_mail.log_tracking(self.env, self._name, entries)

    def _sla_tracking_lang(self):
        self.ensure_one()
        return (self.user_id.lang or self.company_id.partner_id.lang
                or self.env.lang or "en_US")
