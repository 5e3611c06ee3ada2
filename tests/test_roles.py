"""R1: each policy role has exactly the rights it should; outsiders none."""
from odoo.exceptions import AccessError

from .common import CustomerRelationsCase

# model -> role -> operations allowed on the model (access rights, R1)
EXPECTED_RIGHTS = {
    "crm.lead": {
        "dev1": {"read", "write", "create"},
        "maint1": {"read", "write", "create"},
        "manager": {"read", "write", "create", "unlink"},
        "auditor": set(),
        "outsider": set(),
    },
    "helpdesk.ticket": {
        "dev1": set(),
        "maint1": {"read", "write", "create"},
        "manager": {"read", "write", "create", "unlink"},
        "auditor": set(),
        "outsider": set(),
    },
    "cdm.policy": {
        "dev1": {"read"},
        "maint1": {"read"},
        "manager": {"read", "write", "create"},
        "auditor": {"read"},
        "outsider": set(),
    },
    "cdm.service.tier": {
        "dev1": {"read"},
        "maint1": {"read"},
        "manager": {"read", "write", "create", "unlink"},
        "auditor": {"read"},
        "outsider": set(),
    },
    "crm.team": {
        "dev1": {"read"},
        "maint1": {"read"},
        "manager": {"read", "write", "create", "unlink"},
        "auditor": {"read"},
        "outsider": {"read"},
    },
}


class TestRoleRights(CustomerRelationsCase):

    def test_access_rights_match_the_role_matrix(self):
        self.assertAccessRights(EXPECTED_RIGHTS)

    def test_manager_implies_both_department_roles(self):
        self.assertTrue(self.manager.has_group("customer_dev_maint.group_development_user"))
        self.assertTrue(self.manager.has_group("customer_dev_maint.group_maintenance_user"))
        self.assertTrue(self.manager.has_group("sales_team.group_sale_manager"))
        self.assertTrue(self.manager.has_group("helpdesk_mgmt.group_helpdesk_manager"))

    def test_department_roles_imply_their_odoo_groups(self):
        self.assertTrue(self.dev1.has_group("sales_team.group_sale_salesman"))
        self.assertTrue(self.dev1.has_group("crm.group_use_lead"))
        self.assertFalse(self.dev1.has_group("helpdesk_mgmt.group_helpdesk_user_own"))
        self.assertTrue(self.maint1.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertFalse(self.maint1.has_group("customer_dev_maint.group_development_user"))
        self.assertFalse(self.auditor.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.outsider.has_group("customer_dev_maint.group_auditor"))


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
