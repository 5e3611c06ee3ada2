"""The best-practice library (I2): an entry in one click from a resolved
complaint, a completed revisit or a won deal, linked to its source and
seen only where its source is; anonymised copies for everybody; read by
every policy role, edited by its author and the managers."""
from odoo.exceptions import AccessError, UserError

from .confidentiality_common import ConfidentialityCase
from .web_client import WebForm, call_button


class BestPracticeCase(ConfidentialityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.maint3 = cls._make_user("maint3", "customer_dev_maint.group_maintenance_user")
        cls.stage_resolved = cls.env.ref("customer_dev_maint.helpdesk_ticket_stage_resolved")

    def done_revisit(self):
        revisit = self.revisit.sudo(self.maint1)
        revisit.write({"date_done": "2026-02-01", "satisfaction": 4, "channel": "visit",
                       "feedback": "Test Customer Co. worried about the winter routes.",
                       "suggestions": "Check the trackers before the first snow."})
        revisit.action_complete()
        return revisit.sudo()

    def resolved_complaint(self):
        ticket = self.env["helpdesk.ticket"].sudo(self.maint1).create({
            "name": "Late delivery", "description": "<p>Parts came a week late</p>",
            "partner_id": self.customer.id, "user_id": self.maint1.id, "kind": "complaint"})
        ticket.write({"stage_id": self.stage_resolved.id})
        return ticket.sudo()

    def won_deal(self):
        lead = self.make_opportunity(partner_id=self.customer.id, stage_id=self.stage_contract.id,
                                     needs="Track 40 trucks", solution="Fleet tracking package",
                                     contract_number="C-7", contract_signature_date="2026-03-01",
                                     contract_amount=1000.0)
        lead.sudo(self.dev1).action_set_won()
        return lead.sudo()

    def click(self, user, source):
        action = call_button(self.env, user, source._name, "action_create_best_practice", source.ids)
        self.assertEqual(action["res_model"], "cdm.best.practice")
        return self.env["cdm.best.practice"].browse(action["res_id"])


class TestBestPracticeFromSources(BestPracticeCase):

    def test_one_click_on_a_completed_revisit_writes_a_linked_entry(self):
        revisit = self.done_revisit()
        entry = self.click(self.maint1, revisit)
        self.assertEqual(entry.revisit_id, revisit)
        self.assertEqual(entry.source_type, "revisit")
        self.assertEqual(entry.partner_id, self.customer)
        self.assertEqual(entry.author_id, self.maint1)
        self.assertEqual(entry.team_id, revisit.team_id)
        self.assertIn("winter routes", entry.situation)
        self.assertEqual(entry.what_worked, "Check the trackers before the first snow.")

    def test_one_click_on_a_resolved_complaint_writes_a_linked_entry(self):
        ticket = self.resolved_complaint()
        entry = self.click(self.maint1, ticket)
        self.assertEqual((entry.ticket_id, entry.source_type, entry.name),
                         (ticket, "complaint", "Late delivery"))
        self.assertIn("Parts came a week late", entry.situation)
        self.assertEqual(entry.partner_id, self.customer)

    def test_one_click_on_a_won_deal_writes_a_linked_entry(self):
        lead = self.won_deal()
        entry = self.click(self.dev1, lead)
        self.assertEqual((entry.lead_id, entry.source_type), (lead, "deal"))
        self.assertEqual((entry.situation, entry.what_worked), ("Track 40 trucks", "Fleet tracking package"))
        self.assertEqual(entry.team_id, self.team_dev_east)

    def test_no_entry_from_a_source_not_yet_done(self):
        ticket = self.env["helpdesk.ticket"].sudo(self.maint1).create({
            "name": "Still open", "partner_id": self.customer.id, "kind": "complaint"}).sudo()
        for user, source in ((self.maint1, self.revisit), (self.maint1, ticket), (self.dev1, self.lead)):
            with self.assertRaises(UserError):
                call_button(self.env, user, source._name, "action_create_best_practice", source.ids)
        self.assertFalse(self.env["cdm.best.practice"].search([]))

    def test_no_entry_from_a_source_the_user_may_not_read(self):
        revisit = self.done_revisit()
        self.set_level("secret")
        with self.assertRaises(AccessError):
            call_button(self.env, self.maint3, "cdm.revisit", "action_create_best_practice", revisit.ids)
        with self.assertRaises(AccessError):
            call_button(self.env, self.auditor, "cdm.revisit", "action_create_best_practice", revisit.ids)

    def test_the_link_and_the_author_are_the_servers(self):
        entry = self.click(self.maint1, self.done_revisit())
        other = self.resolved_complaint()
        for values in ({"ticket_id": other.id}, {"partner_id": False}, {"author_id": self.dev1.id},
                       {"source_user_id": self.maint3.id}):
            with self.assertRaises(AccessError):
                entry.sudo(self.maint1).write(values)
        with self.assertRaises(AccessError):
            self.env["cdm.best.practice"].sudo(self.maint3).create(
                {"name": "Borrowed", "revisit_id": self.revisit.id})


class TestBestPracticeConfidentiality(BestPracticeCase):

    def test_an_entry_is_seen_where_its_source_is(self):
        """The entry passes on its source's confidentiality gate: the source's
        owner, the customer's owners and authorised users, managers; for a
        confidential customer also auditors and the development team lead
        of the customer (of the deal's team for a deal)."""
        sources = (self.done_revisit(), self.resolved_complaint(), self.won_deal())
        entries = [self.click(user, source) for user, source in
                   zip((self.maint1, self.maint1, self.dev1), sources)]
        users = (self.dev1, self.dev2, self.dev3, self.devlead, self.maint1, self.maint2, self.maint3,
                 self.manager, self.auditor)
        gate = {"confidential": {self.dev1, self.dev3, self.devlead, self.maint1, self.manager, self.auditor},
                "secret": {self.dev1, self.dev3, self.maint1, self.manager}}
        for level in ("confidential", "secret"):
            self.set_level(level)
            for source, entry in zip(sources, entries):
                self.assertEqual(entry.confidentiality_level, level)
                for user in users:
                    self.assertEqual(self.sees(user, entry), user in gate[level],
                                     "%s, entry of a %s of a %s customer" % (user.login, source._name, level))
                    if not self.sees(user, entry):
                        self.assertFalse(self.sees(user, source), "%s reads %s" % (user.login, source))
        # Who may not see a secret entry does not read it, nor find it by its text.
        self.assertFalse(self.sees(self.maint3, entries[0]))
        with self.assertRaises(AccessError):
            entries[0].sudo(self.maint3).read(["situation"])
        self.assertFalse(self.env["cdm.best.practice"].sudo(self.maint3).search(
            [("situation", "ilike", "winter")]))

    def test_a_normal_customers_entries_are_read_by_every_policy_role(self):
        entry = self.click(self.maint1, self.done_revisit())
        for user in (self.dev1, self.dev2, self.devlead, self.maint2, self.maint3, self.manager,
                     self.auditor):
            self.assertTrue(self.sees(user, entry), user.login)
        self.assertFalse(self.sees(self.outsider, entry))

    def test_a_manager_publishes_an_anonymised_copy_everybody_reads(self):
        self.customer.sudo().child_ids = [(0, 0, {"name": "Wang Wei"})]
        entry = self.click(self.maint1, self.done_revisit())
        entry.sudo(self.maint1).situation = "Wang Wei of Test Customer Co. worried about the winter routes."
        self.set_level("secret")
        with self.assertRaises(AccessError):
            call_button(self.env, self.maint1, "cdm.best.practice", "action_publish_anonymised", entry.ids)
        action = call_button(self.env, self.manager, "cdm.best.practice", "action_publish_anonymised",
                             entry.ids)
        copy = self.env["cdm.best.practice"].browse(action["res_id"])
        self.assertNotEqual(copy, entry)
        self.assertTrue(copy.anonymised)
        self.assertFalse(copy.partner_id or copy.ticket_id or copy.revisit_id or copy.lead_id)
        self.assertEqual(copy.confidentiality_level, "normal")
        self.assertNotIn("Test Customer", copy.situation)
        self.assertNotIn("Wang Wei", copy.situation)
        self.assertIn("winter routes", copy.situation)
        self.assertEqual(entry.published_copy_id, copy)
        # The manager reviews the text, then everybody reads it; the original stays closed.
        WebForm(self.env, self.manager, "cdm.best.practice").save(copy, {"name": "Winter routes"})
        for user in (self.dev2, self.maint3, self.auditor):
            self.assertTrue(self.sees(user, copy), user.login)
            self.assertFalse(self.sees(user, entry), user.login)


class TestBestPracticeRights(BestPracticeCase):

    def test_edited_by_its_author_and_managers_only(self):
        entry = self.click(self.maint1, self.done_revisit())
        WebForm(self.env, self.maint1, "cdm.best.practice").save(entry, {"what_worked": "Call first."})
        WebForm(self.env, self.manager, "cdm.best.practice").save(entry, {"what_worked": "Call early."})
        self.assertEqual(entry.what_worked, "Call early.")
        for user in (self.maint2, self.dev1, self.auditor):
            with self.assertRaises(AccessError):
                entry.sudo(user).write({"what_worked": "Mine now"})
        with self.assertRaises(AccessError):
            entry.sudo(self.maint2).unlink()

    def test_every_role_writes_entries_by_hand_and_finds_them_by_tag_and_department(self):
        tag = self.env["cdm.best.practice.tag"].sudo(self.dev1).create({"name": "Winter"})
        entry = WebForm(self.env, self.dev1, "cdm.best.practice").create({
            "name": "Demo in the snow", "situation": "A prospect doubted the trackers in winter.",
            "what_worked": "A live demo on a snowy day.", "tag_ids": [tag.id]})
        self.assertEqual((entry.author_id, entry.team_id, entry.source_type),
                         (self.dev1, self.team_dev_east, "none"))
        Entry = self.env["cdm.best.practice"].sudo(self.maint2)
        self.assertEqual(Entry.search([("tag_ids", "in", tag.ids)]), entry)
        self.assertEqual(Entry.search([("team_id", "=", self.team_dev_east.id)]), entry)
        self.assertFalse(Entry.search([("team_id", "=", self.team_maint.id)]))
        with self.assertRaises(AccessError):
            self.env["cdm.best.practice"].sudo(self.auditor).create({"name": "Audit"})
