"""Sensitive fields (C4) by side paths: a predicate on the value through the
customers' own name_search, a search path through the users' delegation to
partners, the e-mail a follower receives, the files of a deal's solution and
contract, and the stored figures computed from a sensitive one."""
import base64

from odoo import api
from odoo.exceptions import AccessError

from .confidentiality_common import ConfidentialityCase

MOBILE = "+86 138 0000 1234"


class TestSensitiveSidePaths(ConfidentialityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls._make_user("salesman", "sales_team.group_sale_salesman")
        cls.contact = cls.env["res.partner"].create({
            "name": "Lin Wei", "parent_id": cls.customer.id, "email": "lin.wei@customer.example",
            "private_mobile": MOBILE})
        cls.contact_user = cls.env["res.users"].create({
            "name": "Lin Wei", "login": "cdm_test_linwei", "partner_id": cls.contact.id,
            "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])]})
        # A deal of the salesman on dev1's customer: both read it, only dev1
        # reads its solution and contract.
        cls.deal = cls.env["crm.lead"].create({
            "name": "Shared deal", "type": "opportunity", "user_id": cls.salesman.id,
            "partner_id": cls.customer.id, "team_id": cls.team_dev_east.id,
        })
        cls.solution_file = cls.env["ir.attachment"].create({
            "name": "fleet-solution.txt", "datas_fname": "fleet-solution.txt", "res_model": "crm.lead",
            "res_id": cls.deal.id, "mimetype": "text/plain",
            "datas": base64.b64encode(b"Fleet tracking for 40 trucks at 2800 per truck")})
        cls.deal.write({"solution_attachment_ids": [(6, 0, cls.solution_file.ids)]})
        cls.outside = (cls.outsider, cls.salesman, cls.auditor)

    def test_name_search_with_a_predicate_on_a_private_field(self):
        for user in self.outside:
            Partner = self.env["res.partner"].sudo(user)
            for operator, value in (("=", MOBILE), ("=like", "+86%")):
                with self.assertRaisesRegex(AccessError, "Private Mobile"):
                    api.call_kw(Partner, "name_search", ["Lin"], {
                        "args": [("private_mobile", operator, value)]})
        found = self.env["res.partner"].sudo(self.maint1).name_search(
            "Lin", args=[("private_mobile", "=", MOBILE)])
        self.assertEqual([row[0] for row in found], self.contact.ids)

    def test_users_searched_through_their_partner(self):
        for user in self.outside:
            with self.assertRaises(AccessError):
                self.env["res.users"].sudo(user).search([("partner_id.private_mobile", "=like", "+86%")])
            with self.assertRaises(AccessError):
                self.env["res.users"].sudo(user).read_group(
                    [("partner_id.private_mobile", "=", MOBILE)], ["login"], ["login"])
        self.assertEqual(self.env["res.users"].sudo(self.dev1).with_context(active_test=False).search(
            [("partner_id.private_mobile", "=", MOBILE)]), self.contact_user)

    def test_tracked_contract_amount_stays_out_of_follower_emails(self):
        self.deal.message_subscribe(partner_ids=self.outsider.partner_id.ids)
        col_info = self.deal.fields_get(["contract_amount"])["contract_amount"]
        tracking = self.env["mail.tracking.value"].create_tracking_values(
            0.0, 987654.0, "contract_amount", col_info)
        message = self.deal.with_context(mail_notify_force_send=False).message_post(
            body="Contract signed", subtype="mail.mt_comment", tracking_value_ids=[(0, 0, tracking)])
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertTrue(mails, "the followers are e-mailed")
        for mail in mails:
            self.assertNotIn("987654", mail.body_html)
            self.assertIn("Contract signed", mail.body_html)
        # The chatter keeps the change for the departments.
        formatted = message.sudo(self.dev1).message_format()[0]
        self.assertIn("Contract Amount",
                      [value["changed_field"] for value in formatted["tracking_value_ids"]])

    def test_solution_file_is_absent_for_readers_of_the_deal_outside_the_departments(self):
        self.assertTrue(self.deal.sudo(self.salesman).read(["name"]))
        Attachment = self.env["ir.attachment"].sudo(self.salesman)
        self.assertFalse(Attachment.search([("res_model", "=", "crm.lead"), ("res_id", "=", self.deal.id)]))
        self.assertFalse(Attachment.search([("index_content", "ilike", "2800 per truck")]))
        self.assertFalse(Attachment.read_group(
            [("res_model", "=", "crm.lead"), ("res_id", "=", self.deal.id)], ["name"], ["name"]))
        for field in ("datas", "index_content", "name"):
            with self.assertRaises(AccessError):
                api.call_kw(Attachment, "read", [self.solution_file.ids, [field]], {})
        # dev1 reads it, text and content.
        Attachment = self.env["ir.attachment"].sudo(self.dev1)
        self.assertEqual(Attachment.search([("index_content", "ilike", "2800 per truck")]),
                         self.solution_file)
        self.assertIn(b"2800", base64.b64decode(self.solution_file.sudo(self.dev1).datas))
        # An ordinary attachment of the deal stays the salesman's to read.
        note = self.env["ir.attachment"].create({
            "name": "visit-notes.txt", "res_model": "crm.lead", "res_id": self.deal.id,
            "datas": base64.b64encode(b"Met the buyer")})
        self.assertEqual(self.env["ir.attachment"].sudo(self.salesman).search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", self.deal.id)]), note)

    def test_figures_computed_from_the_won_revenue(self):
        for user in self.outside:
            Partner = self.env["res.partner"].sudo(user)
            fields = Partner.fields_get()
            for name in ("health_revenue", "suggested_tier_id"):
                self.assertNotIn(name, fields, user.login)
                with self.assertRaises(AccessError):
                    self.customer.sudo(user).read([name])
            with self.assertRaises(AccessError):
                Partner.search([("health_revenue", ">", 10)])
            with self.assertRaises(AccessError):
                self.customer.sudo(user).write({"health_revenue": 99.0})
        for user in (self.dev1, self.maint1):
            self.customer.sudo(user).read(["health_revenue", "suggested_tier_id"])
        # A user outside the departments still edits the customer: the server
        # recomputes the figures it owns.
        self.customer.sudo(self.salesman).write({"phone": "+86 21 5555 0000"})
        self.contact.sudo(self.salesman).copy()
