"""M3: the scheduling job keeps exactly one planned revisit per maintained
customer, due at the last revisit (or handover) plus the tier's interval."""
from unittest import mock

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.addons.customer_dev_maint.server_only import ServerValue
from odoo.tools import mute_logger

from .maintenance_common import MaintenanceCase

MODULE = "odoo.addons.customer_dev_maint.models"
MODEL = MODULE + ".cdm_revisit_schedule.CdmRevisit"


class TestRevisitSchedule(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha = cls.make_customer("Alpha", tier=cls.tier_strategic, handover="2026-01-10", sync=False)
        cls.beta = cls.make_customer("Beta", tier=cls.tier_standard, owner=cls.maint2,
                                     handover="2026-03-01", sync=False)
        cls.ids = (cls.alpha | cls.beta).ids

    def schedule(self, **kwargs):
        return self.Revisit._schedule_revisits(partner_ids=self.ids, **kwargs)

    def test_job_plans_one_revisit_per_customer_from_the_handover_date(self):
        self.assertFalse(self.open_revisits(self.alpha))
        self.assertEqual(self.schedule(), 2)
        alpha = self.open_revisits(self.alpha)
        self.assertEqual(len(alpha), 1)
        self.assertEqual(alpha.date_due, "2026-02-09", "handover 10 Jan + 30 days (Strategic)")
        self.assertEqual(alpha.user_id, self.maint1)
        self.assertEqual(alpha.team_id, self.team_maint)
        self.assertEqual(alpha.tier_id, self.tier_strategic)
        self.assertEqual(self.open_revisits(self.beta).date_due, "2026-05-30", "1 Mar + 90 days")
        self.assertEqual(self.alpha.next_revisit_date, "2026-02-09")

    def test_revisit_shows_as_revisit_activity_on_the_customer(self):
        self.schedule()
        revisit = self.open_revisits(self.alpha)
        activity = revisit.activity_id
        self.assertEqual(activity.res_model, "res.partner")
        self.assertEqual(activity.res_id, self.alpha.id)
        self.assertEqual(activity.activity_type_id,
                         self.env.ref("customer_dev_maint.mail_activity_type_revisit"))
        self.assertEqual(activity.user_id, self.maint1)
        self.assertEqual(activity.date_deadline, "2026-02-09")
        self.assertIn(activity, self.alpha.activity_ids)

    def test_second_run_changes_nothing(self):
        self.schedule()
        before = self.Revisit.search_read([("partner_id", "in", self.ids)],
                                          ["date_due", "user_id", "activity_id", "write_date"])
        activities = self.env["mail.activity"].search_count([("res_model", "=", "res.partner"),
                                                             ("res_id", "in", self.ids)])
        self.assertEqual(self.schedule(), 0)
        after = self.Revisit.search_read([("partner_id", "in", self.ids)],
                                         ["date_due", "user_id", "activity_id", "write_date"])
        self.assertEqual(before, after)
        self.assertEqual(activities, self.env["mail.activity"].search_count(
            [("res_model", "=", "res.partner"), ("res_id", "in", self.ids)]))

    def test_small_batches_give_the_same_result(self):
        self.assertEqual(self.schedule(batch_size=1), 2)
        self.assertEqual(len(self.Revisit.search([("partner_id", "in", self.ids)])), 2)

    def test_tier_change_moves_the_open_revisit(self):
        self.schedule()
        revisit = self.open_revisits(self.alpha)
        self.alpha.sudo(self.manager).write({"service_tier_id": self.tier_key.id,
                                            "tier_change_reason": "Grew into a key account."})
        self.assertEqual(self.open_revisits(self.alpha), revisit, "moved, not replaced")
        self.assertEqual(revisit.date_due, "2026-03-11", "10 Jan + 60 days (Key)")
        self.assertEqual(revisit.tier_id, self.tier_key)
        self.assertEqual(revisit.activity_id.date_deadline, "2026-03-11")
        self.assertEqual(self.schedule(), 0, "the job agrees with the move")

    def test_owner_change_moves_the_open_revisit_and_its_activity(self):
        self.schedule()
        revisit = self.open_revisits(self.alpha)
        self.alpha.write({"maintenance_user_id": self.maint2.id})
        self.assertEqual(revisit.user_id, self.maint2)
        self.assertEqual(revisit.activity_id.user_id, self.maint2)
        self.assertEqual(len(self.open_revisits(self.alpha)), 1)

    def test_handover_write_schedules_from_the_handover_date(self):
        gamma = self.env["res.partner"].create({"name": "Gamma", "is_company": True, "customer": True})
        self.assertFalse(self.open_revisits(gamma))
        gamma.write({"maintenance_user_id": self.maint1.id, "maintenance_team_id": self.team_maint.id,
                     "service_tier_id": self.tier_key.id, "handover_date": "2026-04-01"})
        self.assertEqual(self.open_revisits(gamma).date_due, "2026-05-31")

    def test_next_revisit_counts_from_the_last_completed_one(self):
        self.schedule()
        first = self.open_revisits(self.alpha)
        self.complete(first, date_done="2026-02-20")
        second = self.open_revisits(self.alpha)
        self.assertNotEqual(second, first)
        self.assertEqual(second.date_due, "2026-03-22", "20 Feb + 30 days, not the handover")
        self.assertEqual(self.schedule(), 0)

    def test_customer_no_longer_maintained_has_its_revisit_cancelled(self):
        self.schedule()
        revisit = self.open_revisits(self.beta)
        activity = revisit.activity_id
        self.beta.write({"maintenance_user_id": False})
        self.assertEqual(revisit.state, "cancelled")
        self.assertFalse(activity.exists())

    def test_customer_without_handover_counts_from_its_creation(self):
        delta = self.make_customer("Delta", handover=False)
        revisit = self.open_revisits(delta)
        created = delta.create_date[:10]
        self.assertEqual(len(revisit), 1)
        self.assertGreater(revisit.date_due, created)

    def test_job_refreshes_the_customers_health(self):
        self.schedule()
        score = self.alpha.health_score
        self.env.cr.execute("UPDATE res_partner SET health_score = 0, health_satisfaction = 0 WHERE id = %s",
                            (self.alpha.id,))
        self.alpha.invalidate_cache()
        self.assertEqual(self.alpha.health_score, 0)
        self.schedule()
        self.assertEqual(self.alpha.health_score, score)
        self.assertEqual(self.alpha.health_satisfaction, 50.0, "no rating yet: neutral")

    def test_deleted_activity_is_recreated_by_the_job(self):
        self.schedule()
        revisit = self.open_revisits(self.alpha)
        revisit.activity_id.unlink()
        self.assertFalse(revisit.activity_id)
        self.assertEqual(self.schedule(), 1)
        self.assertTrue(revisit.activity_id)

    def test_failing_customer_is_logged_and_skipped(self):
        original = type(self.Revisit)._schedule_partner

        def failing(model, row, expected):
            if row["partner_id"] == self.alpha.id:
                raise ValueError("broken customer")
            return original(model, row, expected)

        with mock.patch("%s._schedule_partner" % MODEL, failing), \
                mute_logger("odoo.addons.customer_dev_maint.models.cdm_revisit_schedule"):
            self.assertEqual(self.schedule(batch_size=5), 1)
        self.assertFalse(self.open_revisits(self.alpha))
        self.assertEqual(len(self.open_revisits(self.beta)), 1, "the rest of the batch went on")

    def test_cron_is_registered_and_runs_the_job(self):
        cron = self.env.ref("customer_dev_maint.ir_cron_schedule_revisits")
        self.assertEqual(cron.numbercall, -1)
        self.assertFalse(cron.doall)
        # The scheduled action commits each batch: not inside a test.
        with mock.patch("%s.cdm_revisit_schedule.commit_batch" % MODULE, return_value=False), \
                mock.patch("%s.cdm_revisit_escalation.commit_batch" % MODULE, return_value=False):
            cron.method_direct_trigger()
        self.assertEqual(len(self.open_revisits(self.alpha)), 1)

    def test_negative_tier_interval_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.tier_key.write({"revisit_interval_days": -1})
        self.assertEqual(self.tier_key.revisit_interval_days, 60)

    def test_database_refuses_a_second_open_revisit(self):
        self.schedule()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.Revisit.create({"partner_id": self.alpha.id, "date_due": "2026-06-01"})
        self.assertEqual(len(self.open_revisits(self.alpha)), 1)


class TestRevisitScheduleRace(MaintenanceCase):
    """Two workers at once: committed data on separate cursors, cleaned up."""

    def setUp(self):
        super().setUp()
        self.registry = self.env.registry
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"cdm_no_revisit_sync": ServerValue(),
                                                     "tracking_disable": True})
            tier = env.ref("customer_dev_maint.tier_standard")
            user = env.ref("base.user_root")
            partners = env["res.partner"]
            for number in range(6):
                partners |= env["res.partner"].create({
                    "name": "Race %s" % number, "is_company": True, "maintenance_user_id": user.id,
                    "service_tier_id": tier.id, "handover_date": "2026-01-01"})
            self.race_ids = partners.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM mail_activity WHERE res_model = 'res.partner' AND res_id IN %s",
                       (tuple(self.race_ids),))
            cr.execute("DELETE FROM cdm_revisit WHERE partner_id IN %s", (tuple(self.race_ids),))
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'res.partner' AND res_id IN %s",
                       (tuple(self.race_ids),))
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s",
                       (tuple(self.race_ids),))
            cr.execute("DELETE FROM cdm_tier_change WHERE partner_id IN %s", (tuple(self.race_ids),))
            cr.execute("DELETE FROM res_partner WHERE id IN %s", (tuple(self.race_ids),))

    def test_two_workers_at_once_leave_exactly_one_open_revisit_per_customer(self):
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # Worker 1 takes the first batch and holds it (not committed yet).
            done1 = env1["cdm.revisit"]._schedule_revisits(partner_ids=self.race_ids[:3], batch_size=3)
            self.assertEqual(done1, 3)
            # Worker 2 runs over everything meanwhile: it skips the rows worker 1 holds.
            done2 = env2["cdm.revisit"]._schedule_revisits(partner_ids=self.race_ids, batch_size=2)
            self.assertEqual(done2, 3, "worker 2 planned only the customers worker 1 does not hold")
            cr1.commit()
            cr2.commit()
            # A further run by either worker changes nothing.
            self.assertEqual(env2["cdm.revisit"]._schedule_revisits(partner_ids=self.race_ids), 0)
            self.assertEqual(env1["cdm.revisit"]._schedule_revisits(partner_ids=self.race_ids), 0)
            cr1.execute("""SELECT partner_id, COUNT(*) FROM cdm_revisit
                            WHERE state = 'planned' AND partner_id IN %s GROUP BY partner_id""",
                        (tuple(self.race_ids),))
            counts = dict(cr1.fetchall())
            self.assertEqual(counts, {pid: 1 for pid in self.race_ids})
        finally:
            cr1.rollback()
            cr2.rollback()
            cr1.close()
            cr2.close()
