"""D8, D9: regular contact (activity types, silent opportunities) and analysis."""
from .crm_lead_common import DevelopmentPipelineCase


class TestRegularContact(DevelopmentPipelineCase):

    def _reminders(self, lead):
        """The open "Plan Next Contact" activities on ``lead``."""
        return self.env["mail.activity"].search([
            ("res_model", "=", "crm.lead"), ("res_id", "=", lead.id),
            ("activity_type_id", "=", self.env.ref(
                "customer_dev_maint.mail_activity_type_plan_contact").id)])

    def _plan_call(self, lead):
        return self.env["mail.activity"].sudo(self.dev1).create({
            "res_model_id": self.env["ir.model"]._get("crm.lead").id, "res_id": lead.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "user_id": self.dev1.id, "date_deadline": "2026-03-20", "summary": "Follow-up call"})

    def test_contact_activity_types_ship_with_icons(self):
        for xmlid, name in (("mail.mail_activity_data_call", "Call"),
                            ("mail.mail_activity_data_email", "Email"),
                            ("customer_dev_maint.mail_activity_type_visit", "Visit"),
                            ("customer_dev_maint.mail_activity_type_customer_event", "Customer Event")):
            activity_type = self.env.ref(xmlid)
            self.assertEqual(activity_type.name, name)
            self.assertTrue(activity_type.icon.startswith("fa-"))

    def test_open_opportunity_without_next_activity_is_flagged(self):
        silent = self.make_opportunity(name="Silent")
        planned = self.make_opportunity(name="Planned")
        self._plan_call(planned)
        lead = self.make_lead(name="Just a lead")
        self.assertTrue(silent.no_next_activity)
        self.assertFalse(planned.no_next_activity)
        self.assertFalse(lead.no_next_activity)
        found = self.as_user(self.dev1, "crm.lead").search([("no_next_activity", "=", True)])
        self.assertIn(silent, found)
        self.assertNotIn(planned, found)
        self.assertNotIn(lead, found)

    def test_silent_opportunity_owner_is_reminded_once_inside_odoo(self):
        # The owner's notification preference is e-mail (Odoo's default): the
        # reminder still shows in their activities, not only in a mailbox.
        self.dev1.notification_type = "email"
        silent = self.make_opportunity(name="Silent")
        planned = self.make_opportunity(name="Planned")
        self._plan_call(planned)
        Lead = self.env["crm.lead"]
        Lead._cron_remind_silent_opportunities(today="2026-03-10")
        reminder = self._reminders(silent)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.dev1)
        self.assertEqual(reminder.date_deadline, "2026-03-10")
        self.assertEqual(reminder.summary, "Plan the next contact")
        mine = self.env["mail.activity"].sudo(self.dev1).search([("user_id", "=", self.dev1.id)])
        self.assertIn(reminder, mine)
        counts = self.env["res.users"].sudo(self.dev1).activity_user_count()
        # The reminder and the call planned on the other opportunity.
        self.assertEqual([row["total_count"] for row in counts if row["model"] == "crm.lead"], [2])
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "crm.lead"),
                                                      ("res_id", "=", silent.id)]))
        self.assertEqual(silent.contact_reminder_date, "2026-03-10")
        self.assertFalse(self._reminders(planned))
        Lead._cron_remind_silent_opportunities(today="2026-03-11")
        self.assertEqual(len(self._reminders(silent)), 1)
        self.assertEqual(silent.contact_reminder_date, "2026-03-10")

    def test_dismissed_reminder_is_not_repeated_until_a_contact_was_planned(self):
        silent = self.make_opportunity(name="Silent")
        Lead = self.env["crm.lead"]
        Lead._cron_remind_silent_opportunities(today="2026-03-10")
        self._reminders(silent).sudo(self.dev1).action_feedback(feedback="Seen")
        Lead._cron_remind_silent_opportunities(today="2026-03-11")
        self.assertFalse(self._reminders(silent))
        self.assertEqual(silent.contact_reminder_date, "2026-03-10")

    def test_reminder_is_rearmed_once_a_next_activity_was_planned(self):
        silent = self.make_opportunity(name="Silent")
        Lead = self.env["crm.lead"]
        Lead._cron_remind_silent_opportunities(today="2026-03-10")
        activity = self._plan_call(silent)
        Lead._cron_remind_silent_opportunities(today="2026-03-11")
        self.assertFalse(silent.contact_reminder_date)
        self.assertFalse(self._reminders(silent), "the reminder is closed once a call is planned")
        activity.action_feedback(feedback="Customer will decide next week")
        Lead._cron_remind_silent_opportunities(today="2026-03-12")
        self.assertEqual(len(self._reminders(silent)), 1)
        self.assertEqual(silent.contact_reminder_date, "2026-03-12")


class TestAnalysis(DevelopmentPipelineCase):

    def test_pipeline_groups_by_every_dimension_and_outcome(self):
        self.team_maint.user_id = self.maint2
        won = self.complete_for_contract(self.make_opportunity(name="Won", source_channel="referral"))
        won.action_set_won()
        lost = self.make_opportunity(name="Lost", source_channel="exhibition")
        reason = self.env.ref("crm.lost_reason_1")
        lost.write({"lost_reason": reason.id})
        lost.action_set_lost()
        self.make_opportunity(name="Open", source_channel="exhibition")
        Lead = self.as_user(self.dev1, "crm.lead").with_context(active_test=False)
        domain = [("name", "in", ["Won", "Lost", "Open"])]
        for groupby in ("source_channel", "industry_id", "state_id", "country_id", "team_id",
                        "user_id", "stage_id", "lost_reason", "screening_band"):
            groups = Lead.read_group(domain, [groupby], [groupby])
            self.assertEqual(sum(group["%s_count" % groupby] for group in groups), 3, groupby)
        outcome = {group["deal_outcome"]: group["deal_outcome_count"]
                   for group in Lead.read_group(domain, ["deal_outcome"], ["deal_outcome"])}
        self.assertEqual(outcome, {"won": 1, "lost": 1, "open": 1})
        lost_groups = Lead.read_group(domain + [("deal_outcome", "=", "lost")],
                                      ["lost_reason"], ["lost_reason"])
        self.assertEqual(lost_groups[0]["lost_reason"][0], reason.id)
