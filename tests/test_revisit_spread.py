"""M11: each owner's new revisits are spread over the working days of a
window (a policy setting) up to their latest due date, never past it."""
from collections import Counter

from .maintenance_common import MaintenanceCase

# Handed over on Friday 2 January 2026: Standard (90 days) gives Thursday 2 April.
HANDOVER = "2026-01-02"
TARGET = "2026-04-02"
WINDOW = ["2026-03-27", "2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02"]


class TestRevisitSpread(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.write({"revisit_spread_days": 5})
        cls.batch = cls.env["res.partner"]
        for number in range(10):
            cls.batch |= cls.make_customer("Batch %s" % number, handover=HANDOVER, sync=False)

    def setUp(self):
        super().setUp()
        self.freeze_today("2026-01-05")

    def schedule(self, partners=None, **kwargs):
        partners = partners if partners is not None else self.batch
        return self.Revisit._schedule_revisits(partner_ids=partners.ids, today="2026-01-05", **kwargs)

    def planned(self, partners=None):
        partners = partners if partners is not None else self.batch
        return self.Revisit.search([("partner_id", "in", partners.ids), ("state", "=", "planned")])

    def test_ten_customers_handed_over_together_spread_two_a_day(self):
        self.assertEqual(self.schedule(), 10)
        revisits = self.planned()
        self.assertEqual(set(revisits.mapped("date_target")), {TARGET})
        self.assertEqual(Counter(revisits.mapped("date_due")), {day: 2 for day in WINDOW},
                         "five working days up to the target, two revisits each")
        self.assertEqual(revisits.mapped("activity_id.date_deadline"), revisits.mapped("date_due"))
        self.assertEqual(self.schedule(), 0, "a second run moves nothing")

    def test_batches_share_the_load(self):
        self.schedule(batch_size=3)
        self.assertEqual(Counter(self.planned().mapped("date_due")), {day: 2 for day in WINDOW})

    def test_a_day_already_busy_is_avoided(self):
        busy = self.env["res.partner"]
        for number in range(3):
            busy |= self.make_customer("Busy %s" % number, handover="2026-01-02", sync=False)
        self.policy.write({"revisit_spread_days": 0})
        self.schedule(busy)
        self.assertEqual(set(self.planned(busy).mapped("date_due")), {TARGET}, "no spreading at 0")
        self.policy.write({"revisit_spread_days": 5})
        self.schedule(self.batch[:4])
        days = Counter(self.planned(self.batch[:4]).mapped("date_due"))
        self.assertNotIn(TARGET, days, "the target day already has three")
        self.assertEqual(days, {day: 1 for day in WINDOW[:4]})

    def test_owners_are_spread_separately(self):
        others = self.env["res.partner"]
        for number in range(2):
            others |= self.make_customer("Other %s" % number, owner=self.maint2, handover=HANDOVER,
                                         sync=False)
        self.schedule(self.batch[:5] | others)
        self.assertEqual(sorted(self.planned(others).mapped("date_due")), ["2026-04-01", TARGET],
                         "maint2's two revisits do not count maint1's")

    def test_a_weekend_target_moves_to_the_friday_before(self):
        # 4 January 2026 (Sunday) + 90 days = Saturday 4 April.
        sunday = self.make_customer("Sunday", handover="2026-01-04", sync=False)
        self.schedule(sunday)
        revisit = self.planned(sunday)
        self.assertEqual(revisit.date_target, "2026-04-04")
        self.assertEqual(revisit.date_due, "2026-04-03")

    def test_never_before_today(self):
        self.freeze_today("2026-03-31")
        self.Revisit._schedule_revisits(partner_ids=self.batch.ids, today="2026-03-31")
        days = Counter(self.planned().mapped("date_due"))
        self.assertEqual(set(days), {"2026-03-31", "2026-04-01", TARGET})
        self.assertTrue(all(day <= TARGET for day in days))

    def test_a_tier_change_spreads_again_from_the_new_target(self):
        self.schedule(self.batch[:1])
        customer = self.batch[0]
        customer.sudo(self.manager).write({"service_tier_id": self.tier_key.id,
                                           "tier_change_reason": "Potential confirmed."})
        revisit = self.planned(customer)
        self.assertEqual(revisit.date_target, "2026-03-03", "2 Jan + 60 days (Key)")
        self.assertEqual(revisit.date_due, "2026-03-03")

    def test_the_next_revisit_counts_from_the_done_date(self):
        self.schedule(self.batch[:3])
        early = self.planned(self.batch[:3]).filtered(lambda rec: rec.date_due < TARGET)[:1]
        self.freeze_today("2026-03-31")
        self.complete(early, date_done="2026-03-31")
        following = self.planned(early.partner_id)
        self.assertEqual(following.date_target, "2026-06-29", "31 Mar + 90 days")
        self.assertLessEqual(following.date_due, following.date_target)
