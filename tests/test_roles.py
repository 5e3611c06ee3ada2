"""R1: each policy role has exactly the rights it should; outsiders none."""
from odoo.exceptions import AccessError

from .common import CustomerRelationsCase


class TestRoleRights(CustomerRelationsCase):
    """Each role does its own work and is refused the rest."""

    def test_leads_are_worked_by_both_departments_and_deleted_by_a_manager(self):
        for user in (self.dev1, self.maint1):
            lead = self.env["crm.lead"].sudo(user).create({"name": "Needs of %s" % user.login})
            lead.write({"description": "Wants a second line."})
            with self.assertRaises(AccessError, msg=user.login):
                lead.unlink()
        lead.sudo(self.manager).unlink()
        self.assertFalse(lead.exists())

    def test_a_development_user_has_the_leads_menu(self):
        menu = self.env.ref("crm.menu_crm_leads")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.sudo(self.dev1)._visible_menu_ids())
        self.assertIn(menu.id, Menu.sudo(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.sudo(self.auditor)._visible_menu_ids())

    def test_tickets_are_the_maintenance_departments(self):
        ticket = self.env["helpdesk.ticket"].sudo(self.maint1).create({
            "name": "Printer broken", "description": "It jams.", "partner_id": self.customer.id})
        ticket.write({"description": "It jams twice a day."})
        for user in (self.dev1, self.auditor, self.outsider):
            with self.assertRaises(AccessError, msg=user.login):
                ticket.sudo(user).read(["name"])
        with self.assertRaises(AccessError):
            ticket.unlink()
        ticket.sudo(self.manager).unlink()
        self.assertFalse(ticket.exists())

    def test_the_manager_works_in_both_departments(self):
        lead = self.env["crm.lead"].sudo(self.manager).create({"name": "Referral"})
        ticket = self.env["helpdesk.ticket"].sudo(self.manager).create({
            "name": "Invoice wrong", "description": "x", "partner_id": self.customer.id})
        self.assertTrue(lead.exists() and ticket.exists())

    def test_service_tiers_are_read_by_everyone_in_the_policy_and_set_by_a_manager(self):
        tiers = self.env["cdm.service.tier"]
        for user in (self.dev1, self.maint1, self.auditor):
            self.assertGreaterEqual(len(tiers.sudo(user).search([])), 3, user.login)
        for user in (self.dev1, self.maint1, self.auditor):
            with self.assertRaises(AccessError, msg=user.login):
                tiers.sudo(user).create({"name": "Platinum", "revisit_interval_days": 15})
        with self.assertRaises(AccessError):
            tiers.sudo(self.outsider).search([])
        tier = tiers.sudo(self.manager).create({"name": "Platinum", "revisit_interval_days": 15})
        tier.unlink()

    def test_departments_are_seen_by_staff_and_set_by_a_manager(self):
        Team = self.env["crm.team"]
        for user in (self.dev1, self.maint1, self.auditor, self.outsider):
            self.assertIn(self.team_maint, Team.sudo(user).search([]), user.login)
            with self.assertRaises(AccessError, msg=user.login):
                Team.sudo(user).create({"name": "Shadow department"})
        team = Team.sudo(self.manager).create({"name": "Development South",
                                               "department_role": "development"})
        team.unlink()


class TestRoleActions(CustomerRelationsCase):
    """The same rights, exercised the way a user would."""

    def test_development_user_works_a_lead_but_not_tickets(self):
        lead = self.env["crm.lead"].sudo(self.dev1).create({"name": "Prospect A"})
        self.assertEqual(lead.user_id, self.dev1)
        self.assertEqual(lead.team_id, self.team_dev_east, "the lead takes its owner's department")
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].sudo(self.dev1).create(
                {"name": "Not mine", "description": "x"})

    def test_maintenance_user_opens_a_ticket_for_the_customer(self):
        ticket = self.env["helpdesk.ticket"].sudo(self.maint1).create({
            "name": "Printer broken", "description": "It jams.",
            "partner_id": self.customer.id, "user_id": self.maint1.id})
        self.assertEqual(ticket.maintenance_team_id, self.team_maint,
                         "the ticket takes its customer's maintenance department")
        with self.assertRaises(AccessError):
            ticket.unlink()

    def test_only_the_manager_edits_the_policy(self):
        policy = self.env["cdm.policy"].for_company()
        policy.sudo(self.manager).write({"version": "2.0"})
        self.assertEqual(policy.version, "2.0")
        for user in (self.dev1, self.maint1, self.auditor, self.outsider):
            with self.assertRaises(AccessError):
                policy.sudo(user).write({"version": "3.0"})
        self.assertEqual(policy.version, "2.0")

    def test_auditor_reads_the_policy_but_no_customer_work(self):
        policy = self.env["cdm.policy"].for_company()
        self.assertTrue(policy.sudo(self.auditor).read(["version"]))
        with self.assertRaises(AccessError):
            self.env["crm.lead"].sudo(self.auditor).search([])

    def test_outsider_has_no_customer_relations_rights(self):
        with self.assertRaises(AccessError):
            self.env["crm.lead"].sudo(self.outsider).search([])
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].sudo(self.outsider).search([])
        with self.assertRaises(AccessError):
            self.env["cdm.policy"].sudo(self.outsider).search([])
        with self.assertRaises(AccessError):
            self.env["crm.lead"].sudo(self.outsider).create({"name": "Sneaky"})
