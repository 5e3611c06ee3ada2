"""Odoo's shared tables (C3): messages, e-mails, notifications, followers,
activities, attachments, ratings, meetings and their attendees that point at
a record a user may not read are, for that user, as absent as the record, by
every ORM route (grouping included); and nobody can make a record point at a
customer or deal they may not read."""
from odoo import api
from odoo.exceptions import AccessError

from .confidentiality_common import ConfidentialityCase


class SharedTablesCase(ConfidentialityCase):
    """dev1's secret customer, its contact ``Secret Buyer`` and its deal,
    with one row of each shared table pointing at them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls._make_user("salesman", "sales_team.group_sale_salesman")
        cls.portal = cls._make_user("portal", "base.group_portal")
        cls.customer.write({"confidentiality_level": "secret"})
        cls.contact = cls.env["res.partner"].create({
            "name": "Secret Buyer", "parent_id": cls.customer.id, "email": "buyer@secret.example.com"})
        cls.lead.write({"partner_id": cls.contact.id})
        # The users who may not read the deal, and the one who may.
        cls.outsiders = (cls.dev2, cls.maint2, cls.outsider, cls.salesman, cls.portal, cls.auditor)
        cls.insider = cls.dev1

    def assertAbsent(self, record, group_field, users=None):
        """``record`` is absent for each user: not searched, counted, grouped,
        name-searched nor read."""
        for user in users or self.outsiders:
            Model = self.env[record._name].sudo(user)
            if not Model.check_access_rights("read", raise_exception=False):
                continue
            what = "%s as %s" % (record._name, user.login)
            # Portal users get Odoo's own message conditions added to the domain.
            self.assertNotIn(record.id, Model.search([("id", "!=", 0)]).ids, what)
            self.assertEqual(Model.search_count([("id", "=", record.id)]), 0, what)
            groups = Model.read_group([("id", "=", record.id)], [group_field], [group_field])
            self.assertEqual(sum(group["%s_count" % group_field] for group in groups), 0, what)
            found = Model.name_search("", args=[("id", "in", record.ids)])
            self.assertNotIn(record.id, [row[0] for row in found], what)
            with self.assertRaises(AccessError, msg=what):
                api.call_kw(Model, "read", [record.ids, [group_field]], {})
            with self.assertRaises(AccessError, msg=what):
                record.sudo(user).export_data([group_field])

    def assertPresent(self, record, group_field, user=None):
        Model = self.env[record._name].sudo(user or self.insider)
        self.assertIn(record.id, Model.search([("id", "!=", 0)]).ids, record._name)
        groups = Model.read_group([("id", "=", record.id)], [group_field], [group_field])
        self.assertEqual(sum(group["%s_count" % group_field] for group in groups), 1, record._name)
        self.assertTrue(Model.browse(record.id).read([group_field]))


class TestSharedTables(SharedTablesCase):

    def test_messages(self):
        message = self.lead.message_post(body="Price agreed at 120k", subtype="mail.mt_note")
        self.assertAbsent(message, "record_name")
        self.assertAbsent(message, "res_id")
        self.assertPresent(message, "record_name")
        # Grouped by any field, the secret deal's messages are not counted.
        groups = self.env["mail.message"].sudo(self.dev2).read_group(
            [("body", "ilike", "120k")], ["model"], ["model"])
        self.assertFalse(groups)

    def test_posting_flag_sent_by_a_client_opens_nothing(self):
        """The chatter's own reads while it posts pass the guard under a
        server-only flag: sent by a client, it leaves the guard in place."""
        message = self.lead.message_post(body="Price agreed at 120k", subtype="mail.mt_note")
        for sent in (True, 1, "1"):
            Message = self.env["mail.message"].sudo(self.dev2).with_context(cdm_posting_message=sent)
            found = api.call_kw(Message, "search", [[("body", "ilike", "120k")]],
                                {"context": dict(Message.env.context)})
            self.assertNotIn(message.id, found, sent)
            groups = api.call_kw(Message, "read_group", [[("id", "=", message.id)], ["model"], ["model"]],
                                 {"context": dict(Message.env.context)})
            self.assertFalse(groups, sent)

    def test_chatter_page_of_a_hidden_deal(self):
        """message_fetch (the chatter's page) shows the deal's messages to
        who may read it and nothing to the others; the guard it passes once
        on the search, sent by a client for the read, opens nothing."""
        message = self.lead.message_post(body="Price agreed at 120k", subtype="mail.mt_note")
        domain = [("model", "=", "crm.lead"), ("res_id", "=", self.lead.id)]
        shown = self.env["mail.message"].sudo(self.insider).message_fetch(domain, limit=30)
        self.assertIn(message.id, [row["id"] for row in shown])
        for user in self.outsiders:
            Message = self.env["mail.message"].sudo(user)
            self.assertFalse(Message.message_fetch(domain, limit=30), user.login)
            for sent in (["mail.message", [message.id]], ("mail.message", [message.id])):
                context = {"cdm_guard_passed": sent}
                with self.assertRaises(AccessError, msg=user.login):
                    api.call_kw(Message, "message_format", [[message.id]], {"context": context})
                with self.assertRaises(AccessError, msg=user.login):
                    api.call_kw(Message, "read", [[message.id], ["body"]], {"context": context})

    def test_posting_on_a_hidden_deal_is_refused_and_posting_on_ones_own_works(self):
        with self.assertRaises(AccessError):
            self.lead.sudo(self.dev2).message_post(body="Let me in", message_type="comment",
                                                   subtype="mail.mt_comment")
        message = self.lead.sudo(self.insider).message_post(
            body="Call planned", message_type="comment", subtype="mail.mt_comment")
        # Returned to the poster as any record they read, the guard in place.
        self.assertFalse(message.env.context.get("cdm_posting_message"))
        self.assertEqual(message.read(["body"])[0]["body"], "<p>Call planned</p>")
        self.assertNotIn(message.id, self.env["mail.message"].sudo(self.dev2).search(
            [("body", "ilike", "Call planned")]).ids)

    def test_messages_written_by_a_hidden_contact(self):
        message = self.env["mail.message"].create({
            "body": "Hello from the buyer", "author_id": self.contact.id, "message_type": "comment",
            "model": "res.partner", "res_id": self.dev2.partner_id.id})
        self.assertAbsent(message, "author_id", users=(self.dev2, self.outsider))
        self.assertPresent(message, "author_id")

    def test_queued_emails(self):
        self.lead.with_context(mail_notify_force_send=False).message_post(
            body="Your quote: 120k", subtype="mail.mt_comment", partner_ids=[self.contact.id])
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.contact.ids)])
        self.assertTrue(mail, "an e-mail to the buyer is queued")
        self.assertAbsent(mail, "subject")
        self.assertPresent(mail, "subject")

    def test_notifications(self):
        message = self.lead.with_context(mail_notify_force_send=False).message_post(
            body="Quote", subtype="mail.mt_comment", partner_ids=[self.contact.id])
        notification = self.env["mail.notification"].search([("mail_message_id", "=", message.id)])
        self.assertTrue(notification)
        self.assertAbsent(notification, "res_partner_id")
        self.assertPresent(notification, "res_partner_id")

    def test_followers(self):
        self.lead.message_subscribe(partner_ids=self.contact.ids)
        follower = self.env["mail.followers"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", self.lead.id),
             ("partner_id", "=", self.contact.id)])
        self.assertAbsent(follower, "partner_id")
        self.assertPresent(follower, "partner_id")
        # A hidden contact following a record the user may read is not shown either.
        dev2_lead = self.make_lead(self.dev2)
        dev2_lead.sudo().message_subscribe(partner_ids=self.contact.ids)
        self.assertEqual(dev2_lead.sudo(self.dev2).message_partner_ids, self.env["res.partner"])
        self.assertEqual(dev2_lead.sudo().message_partner_ids, self.contact)

    def test_nobody_follows_a_record_they_may_not_read(self):
        Follower = self.env["mail.followers"].sudo(self.dev2)
        with self.assertRaises(AccessError), self.cr.savepoint():
            Follower.create({"res_model": "crm.lead", "res_id": self.lead.id,
                             "partner_id": self.dev2.partner_id.id})
        follower = Follower.sudo(self.dev1).create({"res_model": "crm.lead", "res_id": self.lead.id,
                                                    "partner_id": self.dev3.partner_id.id})
        self.assertTrue(follower)
        # Nor moves a follower row of theirs onto it.
        own = Follower.create({"res_model": "crm.lead", "res_id": self.make_lead(self.dev2).id,
                               "partner_id": self.dev2.partner_id.id})
        with self.assertRaises(AccessError), self.cr.savepoint():
            own.write({"res_id": self.lead.id})

    def test_activities(self):
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("crm.lead"), "res_id": self.lead.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "user_id": self.dev2.id, "summary": "Call about the 120k deal",
            "date_deadline": self.env["cdm.policy"].today()})
        self.assertAbsent(activity, "res_name")
        self.assertAbsent(activity, "summary")
        self.assertPresent(activity, "res_name", user=self.manager)

    def test_activity_pages_are_full(self):
        """The rows are left out before the limit: a page of 2 is 2 rows."""
        todo = self.env.ref("mail.mail_activity_data_todo").id
        lead_model = self.env["ir.model"]._get_id("crm.lead")
        visible_lead = self.make_lead(self.dev2)
        for lead in (self.lead, self.lead, visible_lead, visible_lead):
            self.env["mail.activity"].create({
                "res_model_id": lead_model, "res_id": lead.id, "activity_type_id": todo,
                "user_id": self.dev2.id, "date_deadline": "2026-05-01"})
        Activity = self.env["mail.activity"].sudo(self.dev2)
        page = Activity.search([("user_id", "=", self.dev2.id)], limit=2, order="id")
        self.assertEqual(len(page), 2)
        self.assertEqual(set(page.mapped("res_id")), {visible_lead.id})
        self.assertEqual(Activity.search_count([("user_id", "=", self.dev2.id)]), 2)

    def test_attachments(self):
        attachment = self.env["ir.attachment"].create({
            "name": "contract.txt", "datas_fname": "contract.txt", "res_model": "crm.lead",
            "res_id": self.lead.id, "datas": "U2lnbmVkIGF0IDEyMGs="})
        self.assertAbsent(attachment, "datas_fname")
        self.assertAbsent(attachment, "index_content")
        self.assertPresent(attachment, "datas_fname")

    def test_ratings(self):
        rating = self.env["rating.rating"].create({
            "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"), "res_id": self.ticket.id,
            "partner_id": self.contact.id, "rating": 1, "feedback": "Trucks offline for a week"})
        self.assertAbsent(rating, "feedback")
        self.assertPresent(rating, "feedback", user=self.maint1)

    def test_meetings_and_attendees(self):
        event = self.env["calendar.event"].create({
            "name": "Price talk", "start": "2026-05-01 09:00:00", "stop": "2026-05-01 10:00:00",
            "opportunity_id": self.lead.id, "partner_ids": [(6, 0, self.contact.ids)]})
        attendee = event.attendee_ids
        self.assertTrue(attendee)
        self.assertAbsent(event, "name")
        self.assertAbsent(attendee, "partner_id")
        self.assertPresent(event, "name")
        self.assertPresent(attendee, "partner_id")

    def test_a_model_joining_confidentiality_is_closed_with_nothing_else(self):
        """Milestones only inherit the confidential mixin: the guard reads that
        declaration, nothing names them, and their messages, followers,
        attachments and activities are closed too."""
        message = self.milestone.message_post(body="Pilot slips", subtype="mail.mt_note")
        attachment = self.env["ir.attachment"].create({
            "name": "pilot.txt", "res_model": "crm.lead.milestone", "res_id": self.milestone.id})
        self.milestone.message_subscribe(partner_ids=self.contact.ids)
        follower = self.milestone.message_follower_ids.filtered(lambda f: f.partner_id == self.contact)
        for record, field in ((message, "record_name"), (attachment, "name"), (follower, "res_id")):
            self.assertAbsent(record, field, users=(self.dev2, self.maint2, self.outsider))
            self.assertPresent(record, field)


class TestNoPointingAtHiddenRecords(SharedTablesCase):
    """A record one makes never shows the name of a record one may not read:
    every many2one to a confidential model is refused at create and write
    when its target is hidden, the same way as a missing id."""

    def test_follower_of_a_hidden_contact(self):
        own_lead = self.make_lead(self.dev2)
        values = {"res_model": "crm.lead", "res_id": own_lead.id}
        Follower = self.env["mail.followers"].sudo(self.dev2)
        with self.assertRaises(AccessError) as hidden:
            Follower.create(dict(values, partner_id=self.contact.id))
        with self.assertRaises(AccessError) as missing:
            Follower.create(dict(values, partner_id=self.contact.id + 100000))
        self.assertEqual(str(hidden.exception), str(missing.exception))
        # A contact they may read is fine.
        self.assertTrue(Follower.create(dict(values, partner_id=self.prospect.id)))

    def test_rating_of_a_hidden_contact(self):
        own_lead = self.make_lead(self.dev2)
        values = {"res_model_id": self.env["ir.model"]._get_id("crm.lead"), "res_id": own_lead.id,
                  "rating": 5}
        for field in ("partner_id", "rated_partner_id"):
            with self.assertRaises(AccessError):
                self.env["rating.rating"].sudo(self.dev2).create(dict(values, **{field: self.contact.id}))
        values["res_id"] = self.make_lead(self.dev1).id
        rating = self.env["rating.rating"].sudo(self.dev1).create(dict(values, partner_id=self.contact.id))
        self.assertEqual(rating.partner_id, self.contact)

    def test_any_many2one_to_a_confidential_model(self):
        """A message signed by, or a meeting attendee who is, a guessed
        contact id would show the hidden contact's name on a record one owns
        (records of confidential models are already refused by their rules
        when they would become hidden)."""
        own_lead = self.make_lead(self.dev2)
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env["mail.message"].sudo(self.dev2).create({
                "body": "hi", "author_id": self.contact.id, "model": "crm.lead", "res_id": own_lead.id,
                "message_type": "comment"})
        event = self.env["calendar.event"].sudo(self.dev2).create({
            "name": "Visit", "start": "2026-05-01 09:00:00", "stop": "2026-05-01 10:00:00"})
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env["calendar.attendee"].sudo(self.dev2).create(
                {"event_id": event.id, "partner_id": self.contact.id})
        # dev1 may, and a value already there passes a save of the form.
        self.env["calendar.attendee"].sudo(self.dev1).create(
            {"event_id": event.id, "partner_id": self.contact.id})
        self.lead.sudo(self.dev1).write({"partner_id": self.contact.id, "name": "Secret deal"})
