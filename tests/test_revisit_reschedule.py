"""Item 11: a due date or owner changed by hand stands against the
scheduling job, with its reason kept; a manager's cancel skips one cycle."""
from odoo.exceptions import AccessError, UserError

from .maintenance_common import MaintenanceCase


class TestRevisitReschedule(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha = cls.make_customer("Alpha", tier=cls.tier_strategic, handover="2026-01-10", sync=False)
        cls.ids = cls.alpha.ids

    def setUp(self):
        super().setUp()
        self.freeze_today("2026-02-01")
        self.schedule()
        self.revisit = self.open_revisits(self.alpha)
        self.assertEqual(self.revisit.date_due, "2026-02-09", "10 Jan + 30 days (Strategic)")

    def schedule(self):
        return self.Revisit._schedule_revisits(partner_ids=self.ids)

    def test_owner_reschedules_and_the_job_keeps_the_date(self):
        self.revisit.sudo(self.maint1)._reschedule("2026-02-20", "The customer is closed for New Year.")
        self.assertEqual(self.revisit.date_due, "2026-02-20")
        self.assertTrue(self.revisit.due_rescheduled)
        self.assertEqual(self.revisit.reschedule_reason, "The customer is closed for New Year.")
        self.assertEqual(self.revisit.activity_id.date_deadline, "2026-02-20", "the activity moved too")
        self.assertEqual(self.schedule(), 0, "the nightly job leaves it")
        self.assertEqual(self.revisit.date_due, "2026-02-20")

    def test_rescheduled_date_stands_when_the_tier_changes(self):
        self.revisit.sudo(self.maint1)._reschedule("2026-02-20", "Customer audit week.")
        self.alpha.sudo(self.manager).write({"service_tier_id": self.tier_key.id,
                                             "tier_change_reason": "Contract renewed at Key level."})
        self.assertEqual(self.revisit.tier_id, self.tier_key)
        self.assertEqual(self.revisit.date_due, "2026-02-20")

    def test_reschedule_through_the_dialog(self):
        Wizard = self.env["cdm.revisit.reschedule.wizard"].sudo(self.maint1)
        wizard = Wizard.with_context(default_revisit_id=self.revisit.id).create(
            {"date_due": "2026-03-02", "reason": "Their plant is shut in February."})
        self.assertEqual(wizard.user_id, self.maint1, "the owner is offered by default")
        wizard.action_reschedule()
        self.assertEqual(self.revisit.date_due, "2026-03-02")
        self.assertFalse(self.revisit.user_reassigned, "the owner did not change")

    def test_date_written_without_a_reason_is_refused(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self.revisit.sudo(self.maint1).write({"date_due": "2026-02-20"})
        with self.assertRaisesRegex(UserError, "reason"):
            self.revisit.sudo(self.maint1)._reschedule("2026-02-20", "   ")
        self.revisit.invalidate_cache()
        self.assertEqual(self.revisit.date_due, "2026-02-09")
        self.assertFalse(self.revisit.due_rescheduled)

    def test_a_day_that_has_passed_is_refused(self):
        with self.assertRaisesRegex(UserError, "has passed"):
            self.revisit.sudo(self.maint1)._reschedule("2026-01-31", "Backdating")
        self.assertEqual(self.revisit.date_due, "2026-02-09")

    def test_another_maintenance_user_cannot_reschedule_it(self):
        # maint2 neither maintains the customer nor owns the revisit: the record rules
        # keep it from them, so they cannot reschedule it either.
        with self.assertRaises(AccessError):
            self.revisit.sudo(self.maint2)._reschedule("2026-02-20", "I would rather")
        self.assertEqual(self.revisit.date_due, "2026-02-09")
        self.revisit.sudo(self.manager)._reschedule("2026-02-20", "Agreed with the customer.")
        self.assertEqual(self.revisit.date_due, "2026-02-20", "a manager may")

    def test_reassigned_owner_stands_until_the_customer_changes_hands(self):
        self.revisit.sudo(self.manager)._reschedule("2026-02-09", "Maint1 is on leave.", user=self.maint2)
        self.assertEqual(self.revisit.user_id, self.maint2)
        self.assertEqual(self.revisit.activity_id.user_id, self.maint2)
        self.assertEqual(self.schedule(), 0, "the job keeps the owner set by hand")
        self.assertEqual(self.revisit.user_id, self.maint2)
        self.alpha.write({"maintenance_user_id": self.manager.id})
        self.assertEqual(self.revisit.user_id, self.manager, "the new maintenance owner takes it over")
        self.assertFalse(self.revisit.user_reassigned)

    def test_completing_a_rescheduled_revisit_counts_the_next_from_its_done_date(self):
        self.revisit.sudo(self.maint1)._reschedule("2026-02-20", "Customer audit week.")
        self.freeze_today("2026-02-21")
        self.complete(self.revisit, date_done="2026-02-21")
        following = self.open_revisits(self.alpha)
        self.assertEqual(following.date_due, "2026-03-23", "21 Feb + 30 days")
        self.assertFalse(following.due_rescheduled)

    def test_cancel_skips_this_cycle(self):
        self.revisit.sudo(self.manager).action_cancel()
        self.assertEqual(self.revisit.state, "cancelled")
        self.assertTrue(self.revisit.cycle_skipped)
        following = self.open_revisits(self.alpha)
        self.assertEqual(following.date_due, "2026-03-11", "9 Feb (cancelled due date) + 30 days")
        self.assertEqual(self.schedule(), 0, "the next night plans nothing again")
        self.assertEqual(self.open_revisits(self.alpha), following)

    def test_only_a_manager_cancels(self):
        with self.assertRaisesRegex(UserError, "manager"):
            self.revisit.sudo(self.maint1).action_cancel()
        self.assertEqual(self.revisit.state, "planned")

    def test_cancel_by_the_job_does_not_skip_a_cycle(self):
        self.alpha.write({"active": False})
        self.assertEqual(self.revisit.state, "cancelled")
        self.assertFalse(self.revisit.cycle_skipped)
        self.alpha.write({"active": True})
        self.assertEqual(self.open_revisits(self.alpha).date_due, "2026-02-09", "from the handover again")
