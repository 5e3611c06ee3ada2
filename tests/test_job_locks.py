"""The scheduled jobs' batch locks do not hold up staff: while a job holds a
batch of customers, a ticket or lead can be created for them (the foreign
key check of the INSERT takes FOR KEY SHARE on the customer), and a second
run of the job skips them."""
from odoo import SUPERUSER_ID, api

from .common import CustomerRelationsCase


class TestJobLocks(CustomerRelationsCase):

    def setUp(self):
        super().setUp()
        # Committed, so that the job and the staff, each in a cursor of its own, see it.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            self.partner_id = env["res.partner"].create({
                "name": "Batch Held Co", "is_company": True, "customer": True,
                "maintenance_user_id": env.ref("base.user_root").id,
                "service_tier_id": env.ref("customer_dev_maint.tier_standard").id,
            }).id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["cdm.revisit"].search([("partner_id", "=", self.partner_id)]).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _staff_refers_to_customer(self):
        """In another transaction: the foreign key check of a new ticket or
        lead on the customer, and a second run of the job's batch query;
        fails on a lock wait instead of waiting."""
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '2s'")
            cr.execute("SELECT 1 FROM res_partner WHERE id = %s FOR KEY SHARE", (self.partner_id,))
            cr.execute("SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED",
                       (self.partner_id,))
            skipped = not cr.fetchall()
            cr.rollback()
        return skipped

    def _holding(self, job):
        """Run ``job`` on an environment of a cursor of its own, without
        committing, and check the staff's transaction while it holds its batch."""
        with self.registry.cursor() as cr:
            job(api.Environment(cr, SUPERUSER_ID, {}))
            self.assertTrue(self._staff_refers_to_customer(),
                            "held by the job: the second run skips the customer")
            cr.rollback()
        self.assertFalse(self._staff_refers_to_customer(), "let go after the batch")

    def test_revisit_batch_does_not_block_new_tickets(self):
        self._holding(lambda env: env["cdm.revisit"]._schedule_revisits(
            partner_ids=[self.partner_id], commit=False))

    def test_health_batch_does_not_block_new_tickets(self):
        self._holding(lambda env: env["res.partner"]._cron_refresh_customer_health(commit=False))
