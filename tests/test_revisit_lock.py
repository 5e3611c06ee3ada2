"""Item 7: a completed revisit is locked for everyone, server-side; a
manager corrects its outcome only with a reason, on another's revisit."""
from odoo.exceptions import UserError

from .maintenance_common import MaintenanceCase


class TestRevisitLock(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.make_customer("Acme", tier=cls.tier_key, handover="2026-01-01")
        cls.manager2 = cls._make_user("manager2", "customer_dev_maint.group_manager")

    def setUp(self):
        super().setUp()
        self.freeze_today("2026-03-20")
        self.revisit = self.open_revisits(self.acme)
        self.assertEqual(self.revisit.date_due, "2026-03-02")
        self.complete(self.revisit, date_done="2026-03-10", satisfaction=2)
        self.assertFalse(self.revisit.on_time)

    def rates(self):
        return self.Revisit.compliance_rates("2026-01-01", "2026-12-31", today="2026-03-20")

    def test_owner_cannot_rewrite_a_completed_revisit(self):
        before = self.rates()
        for values in ({"date_due": "2026-03-31", "reschedule_reason": "oops"},
                       {"satisfaction": 5}, {"date_done": "2026-03-01"}, {"state": "planned"},
                       {"feedback": "All fine"}):
            with self.assertRaisesRegex(UserError, "closed"):
                self.revisit.sudo(self.maint1).write(values)
        self.revisit.invalidate_cache()
        self.assertEqual((self.revisit.satisfaction, self.revisit.date_due, self.revisit.date_done),
                         (2, "2026-03-02", "2026-03-10"))
        self.assertFalse(self.revisit.on_time)
        self.assertEqual(self.rates(), before, "the compliance rate stays")
        self.assertEqual(self.acme.satisfaction_avg, 2.0)

    def test_manager_corrects_the_outcome_with_a_reason(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self.revisit.sudo(self.manager2).write({"satisfaction": 4})
        self.revisit.sudo(self.manager2).write(
            {"satisfaction": 4, "correction_reason": "The customer rated 4 on the call sheet."})
        self.assertEqual(self.revisit.satisfaction, 4)
        self.assertEqual(self.revisit.correction_reason, "The customer rated 4 on the call sheet.")
        note = self.revisit.message_ids[:1]
        self.assertIn("Manager2", note.body)
        self.assertIn("call sheet", note.body)
        self.assertEqual(self.acme.satisfaction_avg, 4.0)

    def test_manager_cannot_move_the_plan_or_status_of_a_completed_revisit(self):
        for values in ({"date_due": "2026-03-31"}, {"state": "planned"}, {"user_id": self.maint2.id}):
            values["correction_reason"] = "To make it on time"
            with self.assertRaisesRegex(UserError, "keeps its plan and status"):
                self.revisit.sudo(self.manager2).write(values)
        self.assertEqual(self.revisit.date_due, "2026-03-02")
        self.assertEqual(self.revisit.state, "done")

    def test_manager_cannot_correct_their_own_revisit(self):
        mine = self.make_customer("Mine", tier=self.tier_key, owner=self.manager)
        revisit = self.open_revisits(mine)
        self.complete(revisit, user=self.manager, date_done="2026-03-10")
        with self.assertRaisesRegex(UserError, "yours"):
            revisit.sudo(self.manager).write({"satisfaction": 5, "correction_reason": "Better"})
        self.assertEqual(revisit.satisfaction, 4)

    def test_cancelled_revisit_stays_cancelled(self):
        following = self.open_revisits(self.acme)
        following.sudo(self.manager).action_cancel()
        with self.assertRaisesRegex(UserError, "closed"):
            following.sudo(self.manager2).write({"state": "planned", "correction_reason": "Revive"})
        self.assertEqual(following.state, "cancelled")

    def test_needs_still_become_an_opportunity_after_completion(self):
        revisit = self.open_revisits(self.acme)
        self.complete(revisit, date_done="2026-03-20", needs="A second site.")
        revisit.sudo(self.maint1).action_create_opportunity()
        self.assertTrue(revisit.lead_id)
