"""R2: the policy departments are sales teams; records take their department
from their owner."""
from .common import CustomerRelationsCase


class TestDepartments(CustomerRelationsCase):

    def test_maintenance_department_of_a_user_is_their_maintenance_team(self):
        Team = self.env["crm.team"]
        self.assertEqual(Team._maintenance_department_of(self.maint1), self.team_maint)
        self.assertFalse(Team._maintenance_department_of(self.dev1),
                         "a development team is no maintenance department")
        self.assertFalse(Team._maintenance_department_of(self.manager))

    def test_choosing_a_maintenance_owner_fills_the_department(self):
        customer = self.env["res.partner"].new({"name": "New Co", "is_company": True})
        customer.maintenance_user_id = self.maint2
        customer._onchange_maintenance_user_id()
        self.assertEqual(customer.maintenance_team_id, self.team_maint)

    def test_an_owner_outside_maintenance_leaves_the_department_alone(self):
        customer = self.env["res.partner"].new({"name": "New Co", "is_company": True})
        customer.maintenance_user_id = self.dev1
        customer._onchange_maintenance_user_id()
        self.assertFalse(customer.maintenance_team_id)

    def test_a_ticket_takes_its_customers_maintenance_department(self):
        ticket = self.env["helpdesk.ticket"].sudo(self.maint1).create({
            "name": "Late delivery", "description": "x", "partner_id": self.customer.id})
        self.assertEqual(ticket.maintenance_team_id, self.team_maint)

    def test_the_callers_values_are_left_as_they_were(self):
        """One dict of values creates tickets for two customers: each takes
        its own customer's department (the first one's is not written back
        into the caller's dict)."""
        other_team = self.env["crm.team"].create({"name": "Maintenance North",
                                                  "department_role": "maintenance"})
        other = self.env["res.partner"].create({
            "name": "North Co.", "is_company": True, "customer": True,
            "maintenance_user_id": self.maint1.id, "maintenance_team_id": other_team.id})
        vals = {"name": "Late delivery", "description": "x", "partner_id": self.customer.id}
        Ticket = self.env["helpdesk.ticket"].sudo(self.maint1)
        first = Ticket.create(vals)
        self.assertEqual(vals, {"name": "Late delivery", "description": "x",
                                "partner_id": self.customer.id})
        second = Ticket.create(dict(vals, partner_id=other.id))
        self.assertEqual((first.maintenance_team_id, second.maintenance_team_id),
                         (self.team_maint, other_team))
