"""M3, at scale: the scheduling job creates the new planned revisits of a batch
together, and stores what creating them one by one stores: the revisit and its
computed fields, its owner's To-Do on the customer (in the owner's language, the
owner following the customer), the customer's next revisit; escalation writes
its To-Dos the same way. A rerun makes nothing twice."""
from unittest import mock

from odoo.tools import mute_logger

from .maintenance_common import MaintenanceCase

MODEL = "odoo.addons.customer_dev_maint.models.cdm_revisit_schedule.CdmRevisit"
FIELDS = ["name", "user_id", "team_id", "tier_id", "company_id", "date_due", "date_target", "state",
          "on_time", "cdm_customer_id", "confidentiality_level", "due_rescheduled", "user_reassigned",
          "cycle_skipped", "activity_date_deadline"]


class TestRevisitScheduleBatch(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_chinese()
        cls.maint2.lang = "zh_CN"
        cls.customers = cls.env["res.partner"]
        for index, (tier, owner) in enumerate([(cls.tier_strategic, cls.maint1),
                                               (cls.tier_standard, cls.maint2),
                                               (cls.tier_key, cls.maint2)]):
            cls.customers |= cls.make_customer("Batch %d" % index, tier=tier, owner=owner,
                                               handover="2026-0%d-10" % (index + 1), sync=False)
        cls.customers[2].confidentiality_level = "confidential"

    def schedule(self):
        return self.Revisit._schedule_revisits(partner_ids=self.customers.ids, today="2026-01-05")

    def state(self):
        self.env.cache.invalidate()
        result = []
        for customer in self.customers:
            revisit = self.open_revisits(customer)
            activity = revisit.activity_id
            result.append((
                len(revisit), revisit.read(FIELDS)[0] if revisit else None,
                customer.next_revisit_date,
                (activity.res_model, activity.res_id, activity.res_name, activity.user_id,
                 activity.activity_type_id, activity.summary, activity.date_deadline),
                activity.user_id.partner_id in customer.message_partner_ids,
                revisit.message_follower_ids.mapped("partner_id"),
            ))
        for row in result:
            row[1].pop("id", None)
        return result

    def test_the_batch_stores_what_one_by_one_creation_stores(self):
        self.assertEqual(self.schedule(), 3)
        together = self.state()
        self.assertTrue(all(row[0] == 1 and row[3][0] == "res.partner" for row in together))
        self.assertIn("Batch 1", together[1][3][5])
        self.assertNotIn("Revisit", together[1][3][5], "the To-Do is in its owner's language")
        self.assertEqual(together[2][1]["confidentiality_level"], "confidential")
        self.env.cr.execute("DELETE FROM cdm_revisit WHERE partner_id IN %s", (tuple(self.customers.ids),))
        self.env.cr.execute("DELETE FROM mail_activity WHERE res_model = 'res.partner' AND res_id IN %s",
                            (tuple(self.customers.ids),))
        self.env.cr.execute("DELETE FROM mail_followers WHERE res_model = 'res.partner' AND res_id IN %s",
                            (tuple(self.customers.ids),))
        self.env.cache.invalidate()
        with mock.patch("%s._insert_planned" % MODEL, side_effect=ValueError("set refused")), \
                mute_logger("odoo.addons.customer_dev_maint.models.cdm_revisit_schedule"):
            self.assertEqual(self.schedule(), 3)
        self.assertEqual(self.state(), together, "one by one, the same revisits and To-Dos")

    def test_rerun_makes_nothing_twice(self):
        self.schedule()
        activities = self.env["mail.activity"].search_count([("res_model", "=", "res.partner"),
                                                             ("res_id", "in", self.customers.ids)])
        self.assertEqual(activities, 3)
        self.assertEqual(self.schedule(), 0)
        self.assertEqual(self.env["mail.activity"].search_count([("res_model", "=", "res.partner"),
                                                                 ("res_id", "in", self.customers.ids)]), 3)

    def test_escalation_writes_one_to_do_per_overdue_revisit_once(self):
        self.schedule()
        revisits = self.Revisit.search([("partner_id", "in", self.customers.ids), ("state", "=", "planned")])
        escalated = self.Revisit._escalate_overdue(today="2026-12-01")
        self.assertEqual(escalated, revisits)
        for revisit in revisits:
            todo = revisit.escalation_activity_id
            self.assertEqual((todo.res_model, todo.res_id, todo.user_id, todo.res_name),
                             ("cdm.revisit", revisit.id, self.manager, revisit.name))
            self.assertIn(revisit.partner_id.name, todo.summary)
            self.assertEqual(revisit.escalation_date, "2026-12-01")
            self.assertIn(self.manager.partner_id, revisit.message_partner_ids)
        self.assertFalse(self.Revisit._escalate_overdue(today="2026-12-02"), "once")
