"""M6: kind, severity and SLA of complaints: deadlines in working hours from the
customer's tier, pausing stages, first response, states, job and notifications."""
from datetime import datetime, timedelta

from odoo.exceptions import AccessError, ValidationError

from .helpdesk_common import T0, HelpdeskCase


def utc(*args):
    return datetime(*args)


class TestWorkingHours(HelpdeskCase):
    """The calendar counts in the policy's time zone (Shanghai, UTC+8)."""

    def plan(self, start, hours):
        return self.calendar.cdm_plan_hours(start, hours, "Asia/Shanghai")

    def test_deadline_runs_over_the_weekend(self):
        # Friday 17:00 local + 2 h: one hour on Friday, one on Monday.
        self.assertEqual(self.plan(utc(2026, 12, 4, 9, 0), 2), utc(2026, 12, 7, 2, 0))

    def test_deadline_from_outside_office_hours_starts_next_working_hour(self):
        # Saturday 10:00 local: the clock starts on Monday 09:00.
        self.assertEqual(self.plan(utc(2026, 12, 5, 2, 0), 2), utc(2026, 12, 7, 3, 0))
        # Wednesday 22:00 local: Thursday 11:00.
        self.assertEqual(self.plan(utc(2026, 12, 2, 14, 0), 2), utc(2026, 12, 3, 3, 0))

    def test_lunch_break_does_not_count(self):
        # Monday 11:00 local + 2 h: 11-12, then 13-14.
        self.assertEqual(self.plan(utc(2026, 12, 7, 3, 0), 2), utc(2026, 12, 7, 6, 0))

    def test_working_hours_between_two_moments(self):
        # Friday 16:00 local to Monday 10:00 local: 2 h + 1 h.
        self.assertEqual(self.calendar.cdm_work_hours(
            utc(2026, 12, 4, 8, 0), utc(2026, 12, 7, 2, 0), "Asia/Shanghai"), 3.0)

    def test_global_leave_is_not_working_time(self):
        self.env["resource.calendar.leaves"].create({
            "name": "Company day off", "calendar_id": self.calendar.id,
            "date_from": "2026-12-07 01:00:00", "date_to": "2026-12-07 10:00:00"})
        # Friday 17:00 + 2 h: Friday 1 h, Monday off, Tuesday 09:00-10:00.
        self.assertEqual(self.plan(utc(2026, 12, 4, 9, 0), 2), utc(2026, 12, 8, 2, 0))

    def test_calendar_without_working_days_is_refused_clearly(self):
        empty = self.env["resource.calendar"].create({"name": "Nobody works", "attendance_ids": [(5, 0, 0)]})
        with self.assertRaisesRegex(Exception, "no working days"):
            empty.cdm_plan_hours(T0, 2, "Asia/Shanghai")


class TestTicketSla(HelpdeskCase):

    def test_complaint_gets_deadlines_from_the_customers_tier(self):
        ticket = self.open_ticket()
        self.assertEqual(ticket.sla_tier_id, self.tier_strategic)
        self.assertEqual(ticket.commercial_partner_id, self.strategic)
        self.assertEqual(ticket.maintenance_team_id, self.team_maint)
        # Tuesday 09:00 local + 2 h; + 24 h = three working days of 8 h.
        self.assertEqual(ticket.response_deadline, "2026-12-01 03:00:00")
        self.assertEqual(ticket.resolution_deadline, "2026-12-03 10:00:00")
        self.assertEqual(ticket.response_risk_date, "2026-12-01 02:30:00", "75 % of 2 h")
        self.assertEqual((ticket.response_state, ticket.resolution_state, ticket.sla_state),
                         ("on_track", "on_track", "on_track"))

    def test_severity_factor_shortens_the_targets(self):
        ticket = self.open_ticket(severity="critical")
        self.assertEqual(ticket.response_target_hours, 0.5)
        self.assertEqual(ticket.response_deadline, "2026-12-01 01:30:00")
        self.set_clock(utc(2026, 12, 1, 1, 10))
        ticket.sudo(self.maint1).severity = "low"
        self.assertEqual(ticket.response_target_hours, 3.0, "replanned from the start")
        self.assertEqual(ticket.response_deadline, "2026-12-01 04:00:00")

    def test_requests_and_customers_without_tier_have_no_sla(self):
        self.assertFalse(self.open_ticket(kind="request").sla_state)
        no_tier = self.env["res.partner"].create({"name": "Walk-in", "customer": True})
        self.assertFalse(self.open_ticket(partner_id=no_tier.id).sla_state)

    def test_ticket_from_a_revisit_problem_is_a_problem(self):
        revisit = self.open_revisits(self.strategic)
        ticket = self.open_ticket(kind=False, revisit_id=revisit.id)
        self.assertEqual(ticket.kind, "problem")
        self.assertEqual(ticket.sla_state, "on_track")

    def test_complaint_domain_counts_complaints_and_problems(self):
        complaint, problem = self.open_ticket(), self.open_ticket(kind="problem")
        request = self.open_ticket(kind="request")
        found = self.env["helpdesk.ticket"].search(
            self.env["helpdesk.ticket"]._complaint_domain()
            + [("id", "in", (complaint | problem | request).ids)])
        self.assertEqual(found, complaint | problem)

    def test_leaving_the_new_stage_is_the_first_response(self):
        ticket = self.open_ticket()
        self.move(ticket, self.stage_progress, utc(2026, 12, 1, 1, 30))
        self.assertEqual(ticket.first_response_date, "2026-12-01 01:30:00")
        self.assertEqual(ticket.response_state, "met")
        self.assertEqual(ticket.response_work_hours, 0.5)

    def test_staff_reply_to_the_customer_is_the_first_response_a_note_is_not(self):
        ticket = self.open_ticket()
        staff = self.at(utc(2026, 12, 1, 1, 45)).browse(ticket.id)
        staff.message_post(body="Internal: checking", message_type="comment", subtype="mail.mt_note")
        self.assertFalse(ticket.first_response_date)
        self.set_clock(utc(2026, 12, 1, 2, 0))
        staff.message_post(
            body="We are on it.", message_type="comment", subtype="mail.mt_comment")
        self.assertEqual(ticket.first_response_date, "2026-12-01 02:00:00")
        self.assertEqual(ticket.response_state, "met")

    def test_pause_stage_stops_the_clock(self):
        ticket = self.open_ticket()
        self.move(ticket, self.stage_progress, utc(2026, 12, 1, 1, 30))
        # Waiting for the customer from Tuesday 10:00 to Thursday 12:00 local.
        self.move(ticket, self.stage_awaiting, utc(2026, 12, 1, 2, 0))
        self.assertEqual(ticket.sla_paused_since, "2026-12-01 02:00:00")
        # Past the original at-risk moment (Thursday 11:00): the job leaves a paused ticket alone.
        self.assertEqual(self.env["helpdesk.ticket"]._update_sla(now=utc(2026, 12, 3, 4, 0)), 0)
        self.assertEqual(ticket.resolution_state, "on_track")
        self.move(ticket, self.stage_progress, utc(2026, 12, 3, 4, 0))
        self.assertFalse(ticket.sla_paused_since)
        self.assertEqual(ticket.sla_paused_hours, 18.0, "Tue 7 h + Wed 8 h + Thu 3 h")
        # 24 h + 18 h paused from Tuesday 09:00: next Tuesday 11:00 local.
        self.assertEqual(ticket.resolution_deadline, "2026-12-08 03:00:00")
        self.assertEqual(ticket.resolution_state, "on_track")
        self.move(ticket, self.stage_resolved, utc(2026, 12, 3, 7, 0))
        self.assertEqual(ticket.resolution_work_hours, 3.0, "1 h before, 2 h after (lunch left out)")
        self.assertEqual(ticket.resolution_state, "met")

    def test_job_moves_on_track_to_at_risk_to_breached_and_notifies_once(self):
        ticket = self.open_ticket()
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(Ticket._update_sla(now=utc(2026, 12, 1, 2, 29)), 0)
        self.assertEqual(ticket.response_state, "on_track")

        self.assertEqual(Ticket._update_sla(now=utc(2026, 12, 1, 2, 30)), 1)
        self.assertEqual((ticket.response_state, ticket.sla_state), ("at_risk", "at_risk"))
        self.assertEqual(len(self.sla_activities(ticket, self.maint1)), 1, "the owner is told")
        self.assertFalse(self.sla_activities(ticket, self.manager))
        self.assertEqual(Ticket._update_sla(now=utc(2026, 12, 1, 2, 45)), 0, "a second run changes nothing")
        self.assertEqual(len(self.sla_activities(ticket)), 1)

        self.assertEqual(Ticket._update_sla(now=utc(2026, 12, 1, 3, 0), batch_size=1), 1)
        self.assertEqual(ticket.response_state, "breached")
        self.assertEqual(ticket.resolution_state, "on_track")
        self.assertEqual(len(self.sla_activities(ticket, self.manager)), 1, "the manager is told")
        reason = self.sla_activities(ticket, self.maint1) - self.sla_activities(ticket, self.maint1)[-1:]
        self.assertEqual(len(self.sla_activities(ticket, self.maint1)), 2, "the owner is asked why")
        self.assertTrue(reason)
        self.assertEqual(Ticket._update_sla(now=utc(2026, 12, 1, 4, 0)), 0)
        self.assertEqual(len(self.sla_activities(ticket)), 3)

        # A late reply does not turn a breach into a success.
        self.set_clock(utc(2026, 12, 1, 3, 30))
        ticket.sudo(self.maint1).message_post(
            body="Sorry for the wait.", message_type="comment", subtype="mail.mt_comment")
        self.assertEqual(ticket.response_state, "breached")
        self.assertEqual(ticket.response_work_hours, 2.5)

    def test_notifications_are_in_the_readers_language(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_dev_maint"], ["zh_CN"])
        self.maint1.lang = "zh_CN"
        ticket = self.open_ticket()
        self.env["helpdesk.ticket"]._update_sla(now=utc(2026, 12, 1, 2, 30))
        summary = self.sla_activities(ticket, self.maint1).summary
        self.assertIn(ticket.number, summary)
        self.assertNotIn("at risk", summary)

    def test_late_response_is_breached_without_the_job(self):
        ticket = self.open_ticket()
        self.move(ticket, self.stage_progress, utc(2026, 12, 1, 5, 0))
        self.assertEqual(ticket.response_state, "breached")
        self.assertEqual(len(self.sla_activities(ticket, self.manager)), 1)

    def test_breached_ticket_is_closed_only_with_a_reason(self):
        ticket = self.open_ticket()
        self.move(ticket, self.stage_progress, utc(2026, 12, 1, 5, 0))
        ticket.sudo(self.maint1).write({"cancel_cause": "withdrawn",
                                        "cancel_reason": "The customer withdrew the complaint."})
        with self.assertRaisesRegex(ValidationError, "breach reason"):
            self.move(ticket, self.stage_cancelled, utc(2026, 12, 1, 6, 0))
        ticket.sudo(self.maint1).sla_breach_reason = "Customer's contact was unreachable by phone."
        self.move(ticket, self.stage_cancelled, utc(2026, 12, 1, 6, 0))
        self.assertTrue(ticket.stage_id.closed)

    def test_sla_facts_cannot_be_written_by_the_person_they_judge(self):
        ticket = self.open_ticket()
        self.move(ticket, self.stage_progress, utc(2026, 12, 1, 5, 0))
        for values in ({"response_state": "met"}, {"first_response_date": "2026-12-01 01:00:00"},
                       {"sla_paused_hours": 40.0}, {"low_score_reopened": True}):
            with self.assertRaisesRegex(AccessError, "set by the server"):
                ticket.sudo(self.maint1).write(values)
        self.assertEqual(ticket.response_state, "breached")


class TestSlaCompliance(HelpdeskCase):

    def test_compliance_per_owner_for_the_appraisal(self):
        on_time = self.open_ticket()
        self.move(on_time, self.stage_progress, utc(2026, 12, 1, 1, 30))
        late = self.open_ticket(user=self.maint2)
        self.move(late, self.stage_progress, utc(2026, 12, 1, 5, 0), user=self.maint2)
        figures = self.env["helpdesk.ticket"].sudo(self.manager).sla_compliance("2026-12-01", "2026-12-31")
        self.assertEqual((figures[self.maint1.id]["due"], figures[self.maint1.id]["met"]), (1, 1))
        self.assertEqual(figures[self.maint1.id]["rate"], 100.0)
        self.assertEqual((figures[self.maint2.id]["due"], figures[self.maint2.id]["met"]), (1, 0))
        self.assertFalse(self.env["helpdesk.ticket"].sla_compliance("2027-01-01", "2027-01-31"))

    def test_compliance_grouping_is_checked(self):
        with self.assertRaises(ValidationError):
            self.env["helpdesk.ticket"].sla_compliance("2026-12-01", "2026-12-31", groupby="name")

    def test_sla_report_counts_each_target(self):
        ticket = self.open_ticket()
        self.move(ticket, self.stage_progress, utc(2026, 12, 1, 1, 30))
        rows = self.env["cdm.ticket.sla.report"].sudo(self.maint1).search([("ticket_id", "=", ticket.id)])
        self.assertEqual(sorted(rows.mapped("target")), ["resolution", "response"])
        response = rows.filtered(lambda row: row.target == "response")
        self.assertEqual((response.state, response.met_count, response.work_hours), ("met", 1, 0.5))

    def test_settings_refuse_bad_values(self):
        for values in ({"sla_risk_percent": 0}, {"sla_factor_high": 0}, {"low_satisfaction_score": 5},
                       {"follow_up_revisit_days": 0}, {"sla_batch_size": 0}):
            with self.assertRaises(ValidationError):
                self.policy.sudo(self.manager).write(values)

    def test_later_job_run_after_a_day_has_no_work(self):
        self.open_ticket()
        Ticket = self.env["helpdesk.ticket"]
        Ticket._update_sla(now=T0 + timedelta(days=10))
        self.assertEqual(Ticket._update_sla(now=T0 + timedelta(days=11)), 0)
