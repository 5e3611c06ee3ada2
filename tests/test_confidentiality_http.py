"""The shared tables (C3) and the solution files (C4) through the web
client's controllers and RPC of a running server, as the real users."""
import base64
import io
import xmlrpc.client

from PIL import Image

from .confidentiality_common import ConfidentialityCase
from .http_common import HttpMixin

BLANK_PIXEL = base64.b64decode("R0lGODlhAQABAIABAP///wAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==")


class TestConfidentialityOverHttp(HttpMixin, ConfidentialityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._fixtures()
        cls.cr.commit()

    @classmethod
    def _fixtures(cls):
        cls.salesman = cls._make_user("salesman", "sales_team.group_sale_salesman")
        cls.customer.write({"confidentiality_level": "secret"})
        cls.contact = cls.env["res.partner"].create({
            "name": "Secret Buyer", "parent_id": cls.customer.id, "email": "buyer@secret.example.com",
            "image": cls._picture()})
        cls.lead.write({"partner_id": cls.contact.id})
        cls.lead.message_subscribe(partner_ids=cls.contact.ids)
        cls.lead.message_post(body="Price agreed at 120k", subtype="mail.mt_note")
        # dev2's own deal, which the secret buyer follows and wrote on.
        cls.dev2_lead = cls.env["crm.lead"].sudo(cls.dev2).create({
            "name": "Open deal", "type": "opportunity", "stage_id": cls.stage_new.id}).sudo()
        cls.dev2_lead.message_subscribe(partner_ids=(cls.contact | cls.dev2.partner_id).ids)
        cls.env["mail.message"].create({
            "body": "Hello", "author_id": cls.contact.id, "message_type": "comment",
            "model": "crm.lead", "res_id": cls.dev2_lead.id})
        # A deal of the salesman on a normal customer of dev1, with its
        # solution file.
        cls.normal_customer = cls.env["res.partner"].create({
            "name": "Normal Co.", "is_company": True, "customer": True, "user_id": cls.dev1.id})
        cls.deal = cls.env["crm.lead"].create({
            "name": "Shared deal", "type": "opportunity", "user_id": cls.salesman.id,
            "partner_id": cls.normal_customer.id})
        cls.solution_file = cls.env["ir.attachment"].create({
            "name": "fleet-solution.txt", "datas_fname": "fleet-solution.txt", "res_model": "crm.lead",
            "res_id": cls.deal.id, "mimetype": "text/plain",
            "datas": base64.b64encode(b"Fleet tracking at 2800 per truck")})
        cls.deal.write({"solution_attachment_ids": [(6, 0, cls.solution_file.ids)]})

    @staticmethod
    def _picture():
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
        return base64.b64encode(buffer.getvalue())

    def _followers(self, session, follower_ids, res_model):
        result = self.json_call(session, "/mail/read_followers", follower_ids=follower_ids,
                                res_model=res_model)["result"]
        return [follower["name"] for follower in result["followers"]]

    def test_followers_dialog(self):
        secret_followers = self.lead.message_follower_ids.ids
        dev1 = self.session_of(self.dev1)
        self.assertIn("Secret Buyer", self._followers(dev1, secret_followers, "crm.lead"))
        dev2 = self.session_of(self.dev2)
        # The client names the model it checks: a model without rules.
        self.assertEqual(self._followers(dev2, secret_followers, "res.country"), [])
        self.assertEqual(self._followers(dev2, secret_followers, "crm.lead"), [])
        # On dev2's own deal, the hidden buyer is not among its followers.
        names = self._followers(dev2, self.dev2_lead.sudo().message_follower_ids.ids, "crm.lead")
        self.assertNotIn("Secret Buyer", names)
        self.assertIn("Dev2", names)

    def test_avatar_of_a_hidden_author(self):
        path = "/mail/crm.lead/%s/avatar/%s" % (self.dev2_lead.id, self.contact.id)
        dev2 = self.session_of(self.dev2)
        self.assertEqual(dev2.get(self.url(path), timeout=60).content, BLANK_PIXEL)
        # The manager reads the buyer: its picture.
        manager = self.session_of(self.manager)
        self.assertNotEqual(manager.get(self.url(path), timeout=60).content, BLANK_PIXEL)

    def test_shared_tables_over_json_rpc(self):
        call = self.call_kw
        dev2 = self.session_of(self.dev2)
        domain = [("model", "=", "crm.lead"), ("res_id", "=", self.lead.id)]
        groups = call(dev2, "mail.message", "read_group", [domain, ["record_name"], ["record_name"]], {})
        self.assertEqual(groups["result"], [])
        followers = call(dev2, "mail.followers", "search_read",
                         [[("res_model", "=", "crm.lead"), ("res_id", "=", self.lead.id)],
                          ["partner_id"]], {})
        self.assertEqual(followers["result"], [])
        groups = call(self.session_of(self.dev1), "mail.message", "read_group",
                      [domain, ["record_name"], ["record_name"]], {})
        self.assertEqual(groups["result"][0]["record_name"], "Secret deal")

    def test_shared_tables_over_xml_rpc(self):
        self.dev2.sudo().write({"password": "secret-pw"})
        self.cr.commit()
        proxy = xmlrpc.client.ServerProxy(self.url("/xmlrpc/2/object"))
        args = [[("res_model", "=", "crm.lead"), ("res_id", "=", self.lead.id)]]
        found = proxy.execute_kw(self.cr.dbname, self.dev2.id, "secret-pw", "mail.followers",
                                 "search_count", args)
        self.assertEqual(found, 0)

    def test_solution_file_by_web_content(self):
        path = "/web/content/%s?download=true" % self.solution_file.id
        response = self.session_of(self.salesman).get(self.url(path), timeout=60)
        self.assertNotIn(b"2800", response.content)
        self.assertIn(response.status_code, (403, 404))
        response = self.session_of(self.dev1).get(self.url(path), timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"2800 per truck", response.content)
