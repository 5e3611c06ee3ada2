"""Issue 8 items 2-4 on the revisit screens: each role is shown only the
buttons it may use; satisfaction shows as stars, blank until given; the
owner's list starts with the most overdue revisit, coloured by state."""
import json

from lxml import etree

from odoo.exceptions import AccessError, UserError

from .maintenance_common import MaintenanceCase

BUTTONS = ("action_complete", "action_open_reschedule", "action_cancel",
           "action_create_opportunity", "action_create_ticket")


class TestRevisitButtons(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.make_customer("Acme", tier=cls.tier_key, handover="2026-01-01")

    def form(self, user):
        arch = self.env["cdm.revisit"].sudo(user).fields_view_get(view_type="form")["arch"]
        return etree.fromstring(arch)

    def buttons(self, user):
        """The buttons the user's form can show (Odoo marks those of other
        groups invisible for good)."""
        return {node.get("name") for node in self.form(user).iter("button")
                if json.loads(node.get("modifiers") or "{}").get("invisible") is not True} & set(BUTTONS)

    def test_each_role_sees_only_the_buttons_it_may_use(self):
        self.assertEqual(self.buttons(self.auditor), set(), "the auditor reads, nothing more")
        self.assertEqual(self.buttons(self.dev1), set())
        self.assertEqual(self.buttons(self.maint1), set(BUTTONS) - {"action_cancel"})
        self.assertEqual(self.buttons(self.manager), set(BUTTONS))

    def test_read_only_roles_get_no_edit_or_create(self):
        for user in (self.auditor, self.dev1):
            form = self.form(user)
            self.assertEqual((form.get("edit"), form.get("create"), form.get("delete")),
                             ("false", "false", "false"), user.login)

    def test_what_the_view_hides_the_server_refuses(self):
        revisit = self.open_revisits(self.acme)
        with self.assertRaises(AccessError):
            revisit.sudo(self.auditor).action_complete()
        with self.assertRaisesRegex(UserError, "manager"):
            revisit.sudo(self.maint1).action_cancel()

    def test_only_managers_see_the_correction_field(self):
        def has_correction(user):
            return bool(self.form(user).xpath("//field[@name='correction_reason']"))
        self.assertFalse(has_correction(self.maint1))
        self.assertTrue(has_correction(self.manager))

    def test_satisfaction_is_blank_until_rated_then_stars(self):
        revisit = self.open_revisits(self.acme)
        self.assertFalse(revisit.satisfaction_stars, "no star before the customer rates")
        revisit.sudo(self.maint1).write({"satisfaction_stars": "4"})
        self.assertEqual(revisit.satisfaction, 4)
        self.assertEqual(revisit.satisfaction_stars, "4")
        tree = etree.fromstring(self.env["cdm.revisit"].sudo(self.maint1).fields_view_get(
            view_id=self.env.ref("customer_dev_maint.cdm_revisit_view_tree").id, view_type="tree")["arch"])
        stars = tree.xpath("//field[@name='satisfaction_stars']")[0]
        self.assertEqual(stars.get("widget"), "priority")
        self.assertIn("state", stars.get("modifiers"), "hidden on revisits not done")
        self.assertFalse(tree.xpath("//field[@name='satisfaction']"), "no bare number")
        days = tree.xpath("//field[@name='days_overdue']")[0]
        self.assertIn("is_overdue", days.get("modifiers"), "no 'Days Overdue 0' on planned revisits")

    def test_my_revisits_start_with_the_most_overdue(self):
        self.freeze_today("2026-06-01")
        late = self.make_customer("Late", tier=self.tier_strategic, handover="2026-01-02")
        ahead = self.make_customer("Ahead", tier=self.tier_standard, handover="2026-05-20")
        action = self.env.ref("customer_dev_maint.cdm_revisit_action_calendar")
        self.assertEqual(action.view_mode.split(",")[0], "tree", "a list first, not this month")
        tree = etree.fromstring(self.env["cdm.revisit"].sudo(self.maint1).fields_view_get(
            view_id=action.view_id.id, view_type="tree")["arch"])
        revisits = self.env["cdm.revisit"].sudo(self.maint1).search(
            [("user_id", "=", self.maint1.id), ("state", "=", "planned"),
             ("partner_id", "in", (self.acme | late | ahead).ids)], order=tree.get("default_order"))
        self.assertEqual(revisits.mapped("partner_id"), late | self.acme | ahead)
        self.assertEqual(revisits.mapped("calendar_color"), ["#D9534F", "#D9534F", "#5BC0DE"],
                         "overdue red, planned blue")
        self.assertEqual(revisits[0].days_overdue, 120, "2 Jan + 30 days = 1 Feb, 120 days before 1 June")

    def test_due_this_week_counts_in_the_policys_week(self):
        revisit = self.open_revisits(self.acme)  # due Monday 2 March 2026
        self.freeze_today("2026-03-01")  # a Sunday: the week before
        self.assertFalse(revisit.is_due_this_week)
        self.freeze_today("2026-03-04")
        revisit.invalidate_cache()
        self.assertTrue(revisit.is_due_this_week)
        self.assertEqual(revisit.calendar_color, "#D9534F", "overdue by Wednesday")
        found = self.Revisit.search([("is_due_this_week", "=", True), ("partner_id", "=", self.acme.id)])
        self.assertEqual(found, revisit)
