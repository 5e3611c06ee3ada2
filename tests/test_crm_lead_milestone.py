"""D6: kick-off, milestones, reminders before due, overdue flags, on-time rate."""
import json

from lxml import etree

from odoo.exceptions import AccessError, ValidationError

from .crm_lead_common import DevelopmentPipelineCase


class TestMilestones(DevelopmentPipelineCase):

    def setUp(self):
        super().setUp()
        self.deal = self.make_opportunity(kickoff_date="2026-03-01")
        self.Milestone = self.as_user(self.dev1, "crm.lead.milestone")

    def _milestone(self, name, planned, **vals):
        values = {"name": name, "lead_id": self.deal.id, "planned_date": planned}
        values.update(vals)
        return self.Milestone.create(values)

    def _reminders(self, milestone_name):
        return self.env["mail.activity"].search([
            ("res_model", "=", "crm.lead"), ("res_id", "=", self.deal.id),
            ("summary", "=", "Milestone due: %s" % milestone_name)])

    def test_milestone_knows_its_deal_customer_owner_and_department(self):
        milestone = self._milestone("Pilot live", "2026-04-01", deliverable="Pilot site running")
        self.assertEqual(milestone.user_id, self.dev1)
        self.assertEqual(milestone.partner_id, self.prospect)
        self.assertEqual(milestone.team_id, self.team_dev_east)
        self.assertEqual(self.deal.milestone_count, 1)

    def test_maintenance_user_reads_but_cannot_plan_milestones(self):
        milestone = self._milestone("Pilot live", "2026-04-01")
        self.prospect.maintenance_user_id = self.maint1  # the customer they maintain
        self.assertEqual(milestone.sudo(self.maint1).name, "Pilot live")
        with self.assertRaises(AccessError):
            self.as_user(self.maint1, "crm.lead.milestone").create(
                {"name": "X", "lead_id": self.deal.id, "planned_date": "2026-04-01"})

    def test_overdue_flag_with_a_fixed_date(self):
        late = self._milestone("Late", "2026-03-10")
        due_today = self._milestone("Due today", "2026-03-11")
        delivered = self._milestone("Delivered", "2026-03-05", state="done", done_date="2026-03-06")
        overdue = (late | due_today | delivered)._overdue(today="2026-03-11")
        self.assertEqual(overdue, late)

    def test_overdue_flag_on_the_deal_and_in_search(self):
        past = self._milestone("Long ago", "2000-01-01")
        self._milestone("Far ahead", "2999-01-01")
        self.assertTrue(past.is_overdue)
        self.assertTrue(self.deal.milestone_overdue)
        Lead = self.as_user(self.dev1, "crm.lead")
        self.assertIn(self.deal, Lead.search([("milestone_overdue", "=", True)]))
        self.assertIn(past, self.Milestone.search([("is_overdue", "=", True)]))
        past.action_done()
        self.deal.invalidate_cache()
        self.assertFalse(self.deal.milestone_overdue)
        self.assertNotIn(self.deal, Lead.search([("milestone_overdue", "=", True)]))

    def test_reminder_comes_the_set_number_of_days_before_due_once(self):
        soon = self._milestone("Soon", "2026-03-10")
        later = self._milestone("Later", "2026-03-20")
        Milestone = self.env["crm.lead.milestone"]
        Milestone._cron_milestone_reminders(today="2026-03-06")
        self.assertFalse(self._reminders("Soon"))
        Milestone._cron_milestone_reminders(today="2026-03-07")
        reminder = self._reminders("Soon")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.dev1)
        self.assertEqual(reminder.date_deadline, "2026-03-10")
        self.assertEqual(soon.reminder_date, "2026-03-07")
        self.assertFalse(self._reminders("Later"))
        Milestone._cron_milestone_reminders(today="2026-03-08")
        self.assertEqual(len(self._reminders("Soon")), 1)
        later.write({"planned_date": "2026-03-09"})
        Milestone._cron_milestone_reminders(today="2026-03-08")
        self.assertEqual(len(self._reminders("Later")), 1)

    def test_reminder_days_are_a_policy_setting(self):
        self._milestone("Soon", "2026-03-10")
        self.policy.sudo(self.manager).write({"milestone_reminder_days": 0})
        self.env["crm.lead.milestone"]._cron_milestone_reminders(today="2026-03-09")
        self.assertFalse(self._reminders("Soon"))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.policy.sudo(self.manager).write({"milestone_reminder_days": -1})

    def test_on_time_rate_per_deal_and_per_person(self):
        self._milestone("On time", "2026-03-10", state="done", done_date="2026-03-09")
        self._milestone("Late", "2026-03-10", state="done", done_date="2026-03-12")
        self._milestone("Overdue", "2026-03-11", user_id=self.dev2.id)
        self._milestone("Future", "2026-04-30")
        self._milestone("Cancelled", "2026-03-01", state="cancelled")
        self.assertAlmostEqual(self.deal.milestone_ids._on_time_rate(today="2026-03-15"), 33.3)
        Milestone = self.as_user(self.manager, "crm.lead.milestone")
        counts = Milestone.on_time_counts(today="2026-03-15")
        self.assertEqual(counts, [
            {"user_id": self.dev1.id, "due": 2, "on_time": 1, "rate": 50.0},
            {"user_id": self.dev2.id, "due": 1, "on_time": 0, "rate": 0.0}])
        counts = Milestone.on_time_counts(today="2026-03-01")
        self.assertNotIn(self.dev2.id, [row["user_id"] for row in counts])
        # A period: only milestones planned in it.
        counts = Milestone.on_time_counts("2026-03-11", "2026-03-31", today="2026-03-15")
        self.assertEqual(counts, [{"user_id": self.dev2.id, "due": 1, "on_time": 0, "rate": 0.0}])

    def test_deal_shows_no_on_time_rate_before_a_milestone_falls_due(self):
        """A new deal has nothing to rate: the form shows "No milestone due
        yet", not 0.0; the rate appears once a milestone is delivered or
        overdue. A milestone being typed without a date is no error."""
        Lead = self.as_user(self.dev1, "crm.lead")
        form = self.env.ref("crm.crm_case_form_view_oppor")
        arch = etree.fromstring(Lead.fields_view_get(view_id=form.id, view_type="form")["arch"])
        rate = arch.xpath("//field[@name='milestone_on_time_rate']")[0]
        self.assertEqual(json.loads(rate.get("modifiers"))["invisible"], [["milestone_due_count", "=", 0]])
        self.assertEqual(self.deal.milestone_due_count, 0)
        self._milestone("Future", "2999-04-30")
        self.assertEqual(self.deal.milestone_due_count, 0)
        typed = Lead.new({"name": "Typed",
                          "milestone_ids": [(0, 0, {"name": "No date yet", "state": "planned"})]})
        self.assertEqual((typed.milestone_due_count, typed.milestone_overdue), (0, False))
        self._milestone("Late", "2000-03-10", state="done", done_date="2000-03-12")
        self.deal.invalidate_cache()
        self.assertEqual((self.deal.milestone_due_count, self.deal.milestone_on_time_rate), (1, 0.0))

    def test_delivered_milestone_needs_its_date(self):
        milestone = self._milestone("Pilot", "2026-03-10")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            milestone.write({"state": "done", "done_date": False, "name": "Pilot"})
            milestone.write({"done_date": False})
        milestone.invalidate_cache()
        self.assertEqual(milestone.state, "planned")
        milestone.action_done()
        self.assertEqual(milestone.state, "done")
        self.assertTrue(milestone.done_date)
