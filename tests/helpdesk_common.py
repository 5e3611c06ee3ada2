"""Fixtures of the complaint tests: office hours, a Strategic customer, a clock."""
from datetime import datetime

from .frozen_today import freeze_now
from .maintenance_common import MaintenanceCase

# Tuesday 1 December 2026, 09:00 in Shanghai (01:00 UTC).
T0 = datetime(2026, 12, 1, 1, 0)


class HelpdeskCase(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        attendances = [(0, 0, {"name": "%s %s" % (day, start), "dayofweek": str(day),
                               "hour_from": start, "hour_to": end})
                       for day in range(5) for start, end in ((9, 12), (13, 18))]
        cls.calendar = cls.env["resource.calendar"].create({
            "name": "Office hours", "attendance_ids": [(5, 0, 0)] + attendances})
        cls.policy.write({"timezone": "Asia/Shanghai", "sla_calendar_id": cls.calendar.id})
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_awaiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_resolved = cls.env.ref("customer_dev_maint.helpdesk_ticket_stage_resolved")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        cls.contact = cls.env["res.partner"].create({"name": "Zhang Wei", "email": "zhang@example.com"})
        cls.strategic = cls.make_customer("Strategic Co", tier=cls.tier_strategic,
                                          child_ids=[(4, cls.contact.id)])
        cls.contact = cls.contact.with_env(cls.env)
        cls.sla_type = cls.env.ref("customer_dev_maint.mail_activity_type_sla")

    def setUp(self):
        super().setUp()
        self._clock = None
        self.addCleanup(self._stop_clock)

    def _stop_clock(self):
        if self._clock:
            self._clock.stop()
            self._clock = None

    def set_clock(self, moment):
        """From now on the policy's clock answers ``moment`` (naive UTC)."""
        self._stop_clock()
        self._clock = freeze_now(self.env, moment)
        self._clock.start()

    def at(self, moment, user=None, model="helpdesk.ticket"):
        """``model`` as ``user`` (default maint1), the clock set to ``moment`` (naive UTC)."""
        self.set_clock(moment)
        return self.env[model].sudo(user or self.maint1)

    def open_ticket(self, moment=T0, kind="complaint", severity="normal", user=None, **values):
        vals = {"name": "Delivery late again", "description": "<p>Third time.</p>",
                "partner_id": self.contact.id, "user_id": (user or self.maint1).id,
                "kind": kind, "severity": severity}
        vals.update(values)
        return self.at(moment, user).create(vals)

    def move(self, ticket, stage, moment, user=None):
        self.set_clock(moment)
        ticket = ticket.sudo(user or self.maint1)
        try:
            with self.env.cr.savepoint():  # a refused change leaves nothing behind, as a request would
                ticket.write({"stage_id": stage.id})
        except Exception:
            self.env.clear()
            raise
        return ticket

    def sla_activities(self, ticket, user=None):
        domain = [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id),
                  ("activity_type_id", "=", self.sla_type.id)]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["mail.activity"].search(domain)
