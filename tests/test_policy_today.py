from datetime import datetime

from odoo.exceptions import AccessError

from .common import CustomerRelationsCase


class TestPolicyToday(CustomerRelationsCase):
    """One definition of today: the policy's time zone, not the user's or the server's."""

    def test_today_follows_the_policy_time_zone_near_midnight(self):
        policy = self.env["cdm.policy"].for_company()
        moment = datetime(2026, 3, 1, 17, 30)  # 17:30 UTC = 01:30 next day in Shanghai
        policy.timezone = "Asia/Shanghai"
        self.assertEqual(self.env["cdm.policy"].today(now=moment), "2026-03-02")
        policy.timezone = "America/New_York"
        self.assertEqual(self.env["cdm.policy"].today(now=moment), "2026-03-01")

    def test_every_user_shares_the_policy_day_whatever_their_own_time_zone(self):
        self.env["cdm.policy"].for_company().timezone = "Asia/Shanghai"
        self.dev1.tz = "Pacific/Honolulu"
        self.maint1.tz = False
        moment = datetime(2026, 3, 1, 17, 30)
        days = {self.env["cdm.policy"].sudo(user).today(now=moment) for user in (self.dev1, self.maint1)}
        self.assertEqual(days, {"2026-03-02"})

    def test_only_the_manager_changes_the_time_zone(self):
        policy = self.env["cdm.policy"].for_company()
        policy.sudo(self.manager).timezone = "Asia/Shanghai"
        self.assertEqual(policy.timezone, "Asia/Shanghai")
        with self.assertRaises(AccessError):
            policy.sudo(self.maint1).write({"timezone": "UTC"})
