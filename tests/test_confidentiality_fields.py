"""Sensitive fields (C4): a deal's contract and solution and the private
contact data of a customer's people, for the development and maintenance
departments only, by every route: forms, fields_get, read, search, grouping,
sorting, export, printed reports and the chatter's tracked changes."""
from odoo import api
from odoo.addons.base.ir.ir_qweb.qweb import QWebException
from odoo.exceptions import AccessError

from .confidentiality_common import ConfidentialityCase

PRIVATE = ["private_mobile", "private_email", "private_address", "birthday", "personal_notes"]


class TestPrivateContactData(ConfidentialityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create({
            "name": "Lin Wei", "parent_id": cls.customer.id, "email": "lin.wei@customer.example",
            "private_mobile": "+86 138 0000 1234", "private_email": "lin@home.example",
            "private_address": "12 Garden Road", "birthday": "1980-05-17",
            "personal_notes": "Plays go on Sundays",
        })
        cls.salesman = cls._make_user("salesman", "sales_team.group_sale_salesman")

    def test_departments_read_and_export_it(self):
        for user in (self.dev1, self.maint1, self.manager):
            contact = self.contact.sudo(user)
            self.assertEqual(contact.read(["private_mobile"])[0]["private_mobile"], "+86 138 0000 1234")
            self.assertEqual(contact.export_data(["name", "birthday"])["datas"], [["Lin Wei", "1980-05-17"]])
            self.assertEqual(contact.search([("private_email", "=", "lin@home.example")]), self.contact)
            self.assertTrue(set(PRIVATE) <= set(contact.fields_get()))

    def test_others_do_not_get_it_by_any_route(self):
        for user in (self.outsider, self.salesman, self.auditor):
            Partner = self.env["res.partner"].sudo(user)
            contact = self.contact.sudo(user)
            self.assertEqual(contact.read(["name", "email"])[0]["email"], "lin.wei@customer.example")
            self.assertFalse(set(PRIVATE) & set(Partner.fields_get()), user.login)
            for name in PRIVATE:
                with self.assertRaises(AccessError):
                    api.call_kw(Partner, "read", [contact.ids, [name]], {})
                with self.assertRaises(AccessError):
                    contact.export_data(["name", name])
            with self.assertRaisesRegex(AccessError, "Private Mobile"):
                api.call_kw(Partner, "search", [[("private_mobile", "like", "138")]], {})
            with self.assertRaises(AccessError):
                Partner.search_count([("birthday", "<", "1990-01-01")])
            with self.assertRaises(AccessError):
                Partner.search([], order="birthday")
            with self.assertRaises(AccessError):
                Partner.read_group([], ["birthday"], ["birthday:year"])
            # Through a related path and through the users' delegation to partners.
            with self.assertRaises(AccessError):
                self.env["crm.lead"].sudo(user).search([("partner_id.private_mobile", "like", "138")])
            with self.assertRaises(AccessError):
                self.env["res.users"].sudo(user).search([("private_email", "!=", False)])

    def test_form_shows_the_page_only_to_the_departments(self):
        def arch(user):
            return self.env["res.partner"].sudo(user).fields_view_get(
                view_id=self.env.ref("base.view_partner_form").id, view_type="form")["arch"]
        self.assertIn('name="private_mobile"', arch(self.maint1))
        self.assertIn('name="personal_notes"', arch(self.dev1))
        for user in (self.outsider, self.auditor):
            self.assertNotIn("private_mobile", arch(user))
            self.assertNotIn("Private Contact Data", arch(user))

    def test_others_still_work_with_the_contact(self):
        """Mail and copies do not need the fields: a user without them
        writes to the contact and duplicates it, the copy without them."""
        contact = self.contact.sudo(self.salesman)
        contact.message_post(body="Call back on Monday", message_type="comment")
        copy = contact.copy()
        self.assertEqual(copy.sudo().private_mobile, False)
        self.assertEqual(self.contact.private_mobile, "+86 138 0000 1234")
        contact.write({"phone": "+86 21 5555 0000"})
        self.assertEqual(self.contact.private_mobile, "+86 138 0000 1234")


class TestSensitiveDealFields(ConfidentialityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls._make_user("salesman", "sales_team.group_sale_salesman")
        cls.deal = cls.env["crm.lead"].create({
            "name": "Shared deal", "type": "opportunity", "user_id": cls.salesman.id,
            "partner_id": cls.customer.id, "team_id": cls.team_dev_east.id,
            "solution": "Fleet package", "contract_amount": 120000.0,
        })

    def test_search_group_and_sort_refused_outside_the_departments(self):
        Lead = self.env["crm.lead"].sudo(self.salesman)
        self.assertEqual(Lead.search([("id", "=", self.deal.id)]), self.deal)
        with self.assertRaisesRegex(AccessError, "Contract Amount"):
            Lead.search([("contract_amount", ">", 100000)])
        with self.assertRaises(AccessError):
            Lead.search([("solution", "ilike", "fleet")])
        with self.assertRaises(AccessError):
            Lead.read_group([("id", "=", self.deal.id)], ["contract_amount", "user_id"], ["user_id"])
        with self.assertRaises(AccessError):
            Lead.search([], order="contract_amount desc")
        with self.assertRaises(AccessError):
            self.env["res.partner"].sudo(self.salesman).search(
                [("opportunity_ids.contract_amount", ">", 0)])
        # The departments keep every route.
        Lead = self.env["crm.lead"].sudo(self.dev1)
        self.assertEqual(Lead.search([("contract_amount", ">", 100000), ("id", "=", self.deal.id)]),
                         self.deal)
        groups = Lead.read_group([("id", "=", self.deal.id)], ["contract_amount", "user_id"], ["user_id"])
        self.assertEqual(groups[0]["contract_amount"], 120000.0)

    def test_won_revenue_on_the_customer_is_for_the_departments(self):
        self.assertNotIn("revenue_in_window", self.env["res.partner"].sudo(self.salesman).fields_get())
        with self.assertRaises(AccessError):
            self.customer.sudo(self.salesman).read(["revenue_in_window"])
        self.customer.sudo(self.maint1).read(["revenue_in_window"])

    def test_tracked_changes_hidden_from_readers_outside_the_departments(self):
        self.deal.with_context(tracking_disable=False).write({"contract_amount": 150000.0})
        message = self.deal.message_ids.filtered("tracking_value_ids")[:1]
        self.assertTrue(message, "the change of the contract amount is tracked")

        def shown(user):
            formatted = message.sudo(user).message_format()[0]
            return [value["changed_field"] for value in formatted["tracking_value_ids"]]
        self.assertIn("Contract Amount", shown(self.dev1))
        self.assertIn("Contract Amount", shown(self.manager))
        self.assertNotIn("Contract Amount", shown(self.salesman))
        # The message itself is still there for the salesman, the value is not.
        self.assertIn(message, self.deal.sudo(self.salesman).message_ids)
        with self.assertRaises(AccessError):
            message.sudo(self.salesman).tracking_value_ids.read(["new_value_float"])

    def test_printed_report_refused_when_it_prints_a_sensitive_field(self):
        view = self.env["ir.ui.view"].create({
            "name": "cdm_test_contract_sheet", "type": "qweb",
            "key": "customer_dev_maint.cdm_test_contract_sheet",
            "arch": '<t t-name="customer_dev_maint.cdm_test_contract_sheet">'
                    '<t t-foreach="docs" t-as="o"><p t-esc="o.contract_amount"/></t></t>'})
        self.env["ir.model.data"].create({
            "module": "customer_dev_maint", "name": "cdm_test_contract_sheet", "model": "ir.ui.view",
            "res_id": view.id})
        report = self.env["ir.actions.report"].create({
            "name": "Contract Sheet", "model": "crm.lead", "report_type": "qweb-html",
            "report_name": view.key})
        with self.assertRaisesRegex((AccessError, QWebException), "security restrictions"):
            report.sudo(self.salesman).render_qweb_html(self.deal.ids)
        html = report.sudo(self.dev1).render_qweb_html(self.deal.ids)[0]
        self.assertIn(b"120000", html)
