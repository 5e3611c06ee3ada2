"""M1 foundation: the three shipped tiers and their service plans."""
import psycopg2

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import CustomerRelationsCase
from .view_buttons import form_arch, offered


class TestServiceTier(CustomerRelationsCase):

    def test_three_tiers_ship_in_order(self):
        tiers = self.env["cdm.service.tier"].search([])
        self.assertEqual(
            tiers.mapped("name")[:3], ["Strategic", "Key", "Standard"])
        strategic = self.env.ref("customer_dev_maint.tier_strategic")
        self.assertEqual(strategic.revisit_interval_days, 30)
        self.assertTrue(strategic.dedicated_owner_required)

    def test_manager_edits_a_tier_and_users_cannot(self):
        tier = self.env.ref("customer_dev_maint.tier_key")
        tier.sudo(self.manager).write({"revisit_interval_days": 45})
        self.assertEqual(tier.revisit_interval_days, 45)
        with self.assertRaises(AccessError):
            tier.sudo(self.maint1).write({"revisit_interval_days": 10})

    def test_negative_revisit_interval_is_refused(self):
        tier = self.env.ref("customer_dev_maint.tier_standard")
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                tier.write({"revisit_interval_days": -5})
        self.assertEqual(tier.revisit_interval_days, 90)

    def test_response_longer_than_resolution_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "response target"):
            self.env["cdm.service.tier"].create({
                "name": "Odd", "revisit_interval_days": 30,
                "response_hours": 50, "resolution_hours": 10})

    def test_customer_carries_tier_and_handover_date(self):
        self.customer.write({"service_tier_id": self.env.ref("customer_dev_maint.tier_key").id,
                             "handover_date": "2026-01-15"})
        self.assertEqual(self.customer.service_tier_id.name, "Key")
        self.assertEqual(self.customer.handover_date, "2026-01-15")

    def test_only_managers_are_offered_the_archive_toggle(self):
        Tier = self.env["cdm.service.tier"]
        for user, allowed in ((self.auditor, False), (self.maint1, False), (self.manager, True)):
            self.assertEqual(offered(Tier, user, "toggle_active"), allowed, user.login)
            self.assertEqual(form_arch(Tier, user).get("edit") != "false", allowed, user.login)
