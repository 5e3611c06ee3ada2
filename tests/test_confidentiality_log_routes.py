"""Access log (C5) on every route: a refused name, change, duplicate, message
or picture of a confidential record leaves one row, and so does an allowed
change, duplicate or message; ``/web/image`` and ``/web/content`` answer a
hidden record as they answer a missing one."""
from odoo import api
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from .http_common import HttpMixin
from .test_confidentiality_log import LogCase


class TestLoggedRoutes(LogCase):

    def setUp(self):
        super().setUp()
        self.set_level("secret")

    def test_a_refused_name_is_logged(self):
        for record in (self.customer, self.lead, self.ticket):
            with self.assertRaises(AccessError):
                record.sudo(self.dev2).name_get()
        rows = self.log_rows(self.dev2, action="name_denied")
        self.assertEqual(sorted(rows.mapped("model")), ["crm.lead", "helpdesk.ticket", "res.partner"])

    def test_a_refused_and_an_allowed_change_are_logged_once_each(self):
        with self.assertRaises(AccessError):
            self.lead.sudo(self.dev2).write({"description": "Mine now"})
        self.assertEqual(len(self.log_rows(self.dev2, action="write_denied")), 1)
        self.lead.sudo(self.dev1).write({"description": "Updated terms"})
        rows = self.log_rows(self.dev1)
        self.assertEqual(rows.mapped("action"), ["write"])
        self.assertEqual(rows.res_ids, str(self.lead.id))

    def test_a_refused_and_an_allowed_duplicate_are_logged(self):
        with self.assertRaises(AccessError):
            self.lead.sudo(self.dev2).copy()
        self.assertEqual(len(self.log_rows(self.dev2, action="copy_denied")), 1)
        self.lead.sudo(self.dev1).copy()
        self.assertEqual(len(self.log_rows(self.dev1, action="copy")), 1)

    def test_a_refused_and_an_allowed_message_are_logged(self):
        with self.assertRaises(AccessError):
            self.lead.sudo(self.dev2).message_post(body="Hello", message_type="comment")
        self.assertEqual(len(self.log_rows(self.dev2, action="message_denied")), 1)
        self.lead.sudo(self.dev1).message_post(body="Call them", message_type="comment")
        self.assertEqual(len(self.log_rows(self.dev1, action="message")), 1)

    def test_every_route_over_rpc_answers_and_is_logged_once(self):
        """As the web client and XML-RPC call them (``call_kw``, the context
        as a keyword): the owner's calls answer and leave one row each, the
        other user's are refused and leave one row each."""
        def rpc(user, method, args, **kwargs):
            Lead = api.Environment(self.env.cr, user.id, {})["crm.lead"]
            return api.call_kw(Lead, method, args, dict(kwargs, context={"lang": "en_US"}))
        rpc(self.dev1, "write", [self.lead.ids, {"description": "Via RPC"}])
        self.assertEqual(rpc(self.dev1, "name_get", [self.lead.ids]), [(self.lead.id, "Secret deal")])
        self.assertIsInstance(rpc(self.dev1, "copy", [self.lead.ids]), int)
        self.assertIsInstance(rpc(self.dev1, "message_post", [self.lead.ids], body="Hi",
                                  message_type="comment"), int)
        self.assertEqual(sorted(self.log_rows(self.dev1).mapped("action")),
                         ["copy", "message", "write"])
        for method, args, kwargs in (("write", [self.lead.ids, {"description": "x"}], {}),
                                     ("name_get", [self.lead.ids], {}),
                                     ("copy", [self.lead.ids], {}),
                                     ("message_post", [self.lead.ids], {"body": "Hi"})):
            with self.assertRaises(AccessError):
                rpc(self.dev2, method, args, **kwargs)
        self.assertEqual(sorted(self.log_rows(self.dev2).mapped("action")),
                         ["copy_denied", "message_denied", "name_denied", "write_denied"])

    def test_normal_records_are_not_logged(self):
        self.set_level("normal")
        self.lead.sudo(self.dev1).write({"description": "Updated terms"})
        self.lead.sudo(self.dev1).message_post(body="Call them", message_type="comment")
        self.assertFalse(self.log_rows(self.dev1))


class TestPicturesOfHiddenRecords(HttpMixin, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = cls.env.ref("customer_dev_maint.group_development_user")
        cls.owner, cls.other = [cls.env["res.users"].create({
            "name": login, "login": login, "groups_id": [(6, 0, group.ids)]})
            for login in ("cdm_http_owner", "cdm_http_other")]
        cls.partner = cls.env["res.partner"].create({
            "name": "Hidden Secret Co", "is_company": True, "customer": True,
            "user_id": cls.owner.id, "confidentiality_level": "secret"})
        cls.missing_id = cls.partner.id + 100000
        cls.cr.commit()

    def refused_rows(self, user):
        return self.env["cdm.access.log"].search_count([
            ("user_id", "=", user.id), ("action", "=", "image_denied"),
            ("res_ids", "=", str(self.partner.id))])

    def test_a_hidden_picture_answers_as_a_missing_one_and_is_logged(self):
        session = self.session_of(self.other)
        for route in ("/web/image/res.partner/%s/image", "/web/content/res.partner/%s/image"):
            hidden = session.get(self.url(route % self.partner.id), timeout=120)
            missing = session.get(self.url(route % self.missing_id), timeout=120)
            self.assertEqual(hidden.status_code, missing.status_code, route)
            self.assertEqual(hidden.status_code, 404, route)
            self.assertEqual(hidden.content, missing.content, route)
        self.assertEqual(self.refused_rows(self.other), 2)

    def test_the_owner_gets_the_picture(self):
        session = self.session_of(self.owner)
        answer = session.get(self.url("/web/image/res.partner/%s/image" % self.partner.id), timeout=120)
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(self.refused_rows(self.owner), 0)
