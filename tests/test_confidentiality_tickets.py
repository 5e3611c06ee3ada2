"""Confidentiality of what complaints add to tickets (C2, C3): coordination
tasks, satisfaction confirmations and the SLA analysis follow their ticket's
level and company; a task's owner in another department works on their own
task and sees nothing else of the ticket; figures computed in SQL count only
the tickets the caller may see."""
from datetime import datetime

from odoo.exceptions import AccessError

from .helpdesk_common import HelpdeskCase

PROGRESS_AT = datetime(2026, 12, 1, 1, 30)
RESOLVED_AT = datetime(2026, 12, 2, 2, 0)
CONFIRMED_AT = datetime(2026, 12, 2, 3, 0)
LEVELS = ("normal", "confidential", "secret")
# What each role sees of Strategic Co's complaint records, per level: N
# normal, C confidential, S secret. Strategic Co is developed by dev1 and
# maintained by maint1, who owns the complaint; dev2 and maint2 each own one
# coordination task on it. Write is checked where the role's access rights
# allow writing the model at all.
OF_THE_TICKET = {"dev1": "", "dev2": "", "maint1": "NCS", "maint2": "N", "manager": "NCS",
                 "auditor": "", "outsider": ""}
VISIBLE = {
    "ticket": OF_THE_TICKET,
    "task_of_dev2": dict(OF_THE_TICKET, dev2="NCS"),
    "task_of_maint2": dict(OF_THE_TICKET, maint2="NCS"),
    "satisfaction": OF_THE_TICKET,
    "sla_rows": OF_THE_TICKET,
}


class TicketRecordsCase(HelpdeskCase):
    """A resolved complaint of Strategic Co with two coordination tasks and a
    confirmed satisfaction, and a resolved complaint of maint2's Key Co."""

    def setUp(self):
        super().setUp()
        self.freeze_today("2026-12-02")
        self.strategic.user_id = self.dev1
        self.ticket = self.open_ticket()
        self.move(self.ticket, self.stage_progress, PROGRESS_AT)
        Task = self.env["cdm.ticket.coordination"].sudo(self.maint1)
        self.task_of_dev2 = Task.create({
            "ticket_id": self.ticket.id, "team_id": self.team_dev_west.id, "user_id": self.dev2.id,
            "name": "Confirm the replacement delivery date", "date_deadline": "2026-12-04"})
        self.task_of_maint2 = Task.create({
            "ticket_id": self.ticket.id, "team_id": self.team_maint.id, "user_id": self.maint2.id,
            "name": "Check the spare parts stock", "date_deadline": "2026-12-04"})
        self.move(self.ticket, self.stage_resolved, RESOLVED_AT)
        self.satisfaction = self.confirm(self.ticket, self.maint1, self.contact)

        self.key_co = self.make_customer("Key Co", tier=self.tier_key, owner=self.maint2)
        self.other_ticket = self.open_ticket(user=self.maint2, partner_id=self.key_co.id)
        self.move(self.other_ticket, self.stage_progress, PROGRESS_AT, user=self.maint2)
        self.move(self.other_ticket, self.stage_resolved, RESOLVED_AT, user=self.maint2)
        self.confirm(self.other_ticket, self.maint2, self.key_co, score=5)

    def confirm(self, ticket, user, contact, score=4):
        return self.at(CONFIRMED_AT, user, "cdm.ticket.satisfaction").create({
            "ticket_id": ticket.id, "channel": "phone", "contact_id": contact.id, "score": score})

    def set_level(self, level):
        self.strategic.sudo().write({"confidentiality_level": level})

    def records(self, name):
        if name == "sla_rows":
            return self.env["cdm.ticket.sla.report"].search([("ticket_id", "=", self.ticket.id)])
        return getattr(self, name)

    def sees(self, user, records):
        Model = self.env[records._name].sudo(user)
        return Model.check_access_rights("read", raise_exception=False) and \
            Model.search_count([("id", "in", records.ids)]) == len(records)


class TestTicketRecordRules(TicketRecordsCase):

    def test_each_role_sees_and_writes_what_the_table_says(self):
        self.assertEqual(len(self.records("sla_rows")), 2, "response and resolution targets")
        mismatches = []
        for level in LEVELS:
            self.set_level(level)
            for name, by_role in VISIBLE.items():
                records = self.records(name)
                if name != "sla_rows":
                    self.assertEqual(records.confidentiality_level, level, name)
                for role, levels in by_role.items():
                    user = getattr(self, role)
                    allowed = level[0].upper() in levels
                    for operation in ("read", "write"):
                        got = self._allowed(user, records, operation)
                        expected = allowed and (operation == "read" or records.sudo(
                            user).check_access_rights("write", raise_exception=False))
                        if got != expected:
                            mismatches.append("%s %s %s %s: %s" % (
                                role, operation, level, name, "allowed" if got else "denied"))
        if mismatches:
            self.fail("Rules differ from the table:\n" + "\n".join(mismatches))

    def _allowed(self, user, records, operation):
        if operation == "read":
            return self.sees(user, records)
        if not records.sudo(user).check_access_rights("write", raise_exception=False):
            return False
        try:
            records.sudo(user).check_access_rule("write")
        except AccessError:
            return False
        return True

    def test_tasks_and_confirmations_follow_a_level_raised_on_the_ticket(self):
        self.ticket.sudo(self.manager).confidentiality_own_level = "secret"
        self.assertEqual(self.strategic.confidentiality_level, "normal")
        for record in (self.task_of_dev2, self.task_of_maint2, self.satisfaction):
            self.assertEqual(record.confidentiality_level, "secret", record._name)
        self.assertFalse(self.sees(self.maint2, self.satisfaction))
        self.assertFalse(self.sees(self.maint2, self.records("sla_rows")))
        self.assertTrue(self.sees(self.maint2, self.task_of_maint2), "their own task")
        self.assertFalse(self.sees(self.maint2, self.task_of_dev2))


class TestTaskOwnerOutsideTheHelpdesk(TicketRecordsCase):

    def test_owner_works_on_their_task_of_a_secret_customer(self):
        self.set_level("secret")
        task = self.task_of_dev2.sudo(self.dev2)
        self.assertEqual(task.read(["name"])[0]["name"], "Confirm the replacement delivery date")
        task.write({"result": "Delivery on Friday."})
        task.action_done()
        self.assertEqual(self.task_of_dev2.state, "done")
        self.assertEqual(self.env["cdm.ticket.coordination"].sudo(self.dev2).search(
            [("ticket_id", "=", self.ticket.id)]), self.task_of_dev2)

    def test_owner_sees_nothing_else_of_the_ticket(self):
        task = self.task_of_dev2.sudo(self.dev2)
        with self.assertRaises(AccessError):
            task.ticket_id.read(["description"])
        with self.assertRaises(AccessError):
            self.task_of_maint2.sudo(self.dev2).read(["name"])
        with self.assertRaises(AccessError):
            self.task_of_maint2.sudo(self.dev2).write({"result": "Not mine"})
        self.assertFalse(self.env["cdm.ticket.satisfaction"].sudo(self.dev2).check_access_rights(
            "read", raise_exception=False))
        # The customer's development owner is no owner of these tasks.
        self.assertFalse(self.env["cdm.ticket.coordination"].sudo(self.dev1).search(
            [("ticket_id", "=", self.ticket.id)]))
        activities = self.env["mail.activity"].sudo(self.dev1).search(
            [("res_model", "=", "cdm.ticket.coordination")])
        self.assertNotIn(self.task_of_dev2.activity_id, activities)
        self.assertIn(self.task_of_dev2.activity_id, self.env["mail.activity"].sudo(self.dev2).search(
            [("res_model", "=", "cdm.ticket.coordination")]))

    def test_other_maintenance_users_lose_the_tasks_of_a_secret_ticket(self):
        self.set_level("secret")
        Task = self.env["cdm.ticket.coordination"].sudo(self.maint2)
        self.assertEqual(Task.search([("ticket_id", "=", self.ticket.id)]), self.task_of_maint2)
        groups = Task.read_group([("ticket_id", "=", self.ticket.id)], ["user_id"], ["user_id"])
        self.assertEqual([group["user_id"][0] for group in groups], [self.maint2.id])
        with self.assertRaises(AccessError):
            self.task_of_dev2.sudo(self.maint2).read(["name", "result"])
        self.assertEqual(self.env["cdm.ticket.coordination"].sudo(self.maint1).search(
            [("ticket_id", "=", self.ticket.id)]), self.task_of_dev2 | self.task_of_maint2)


class TestFiguresFollowTheCallersRules(TicketRecordsCase):

    def test_sla_compliance_as_two_maintenance_users(self):
        self.set_level("secret")
        Ticket = self.env["helpdesk.ticket"]
        own = Ticket.sudo(self.maint1).sla_compliance("2026-12-01", "2026-12-31")
        other = Ticket.sudo(self.maint2).sla_compliance("2026-12-01", "2026-12-31")
        self.assertEqual((own[self.maint1.id]["due"], own[self.maint1.id]["rating_count"]), (2, 1))
        self.assertEqual(own[self.maint2.id]["due"], 2, "Key Co is a normal customer: the queue is shared")
        self.assertNotIn(self.maint1.id, other, "maint2 may not see the secret complaint")
        self.assertEqual((other[self.maint2.id]["due"], other[self.maint2.id]["rating_avg"]), (2, 5.0))
        self.set_level("normal")
        other = Ticket.sudo(self.maint2).sla_compliance("2026-12-01", "2026-12-31")
        self.assertEqual(other[self.maint1.id]["due"], 2)

    def test_satisfaction_scores_as_two_maintenance_users(self):
        self.set_level("confidential")
        Satisfaction = self.env["cdm.ticket.satisfaction"]
        own = Satisfaction.sudo(self.maint1)._scores_by("2026-12-01", "2026-12-31")
        other = Satisfaction.sudo(self.maint2)._scores_by("2026-12-01", "2026-12-31")
        self.assertEqual(own, {self.maint1.id: (1, 4.0, 0), self.maint2.id: (1, 5.0, 0)})
        self.assertEqual(other, {self.maint2.id: (1, 5.0, 0)})
        by_customer = Satisfaction.sudo(self.maint2)._scores_by(
            "2026-12-01", "2026-12-31", groupby="commercial_partner_id")
        self.assertEqual(set(by_customer), {self.key_co.id})

    def test_sla_analysis_pivot_as_two_maintenance_users(self):
        self.set_level("secret")
        Report = self.env["cdm.ticket.sla.report"]

        def met_by_owner(user):
            groups = Report.sudo(user).read_group([], ["met_count", "user_id"], ["user_id"])
            return {group["user_id"][0]: group["met_count"] for group in groups}

        self.assertEqual(met_by_owner(self.maint1), {self.maint1.id: 2, self.maint2.id: 2})
        self.assertEqual(met_by_owner(self.maint2), {self.maint2.id: 2})
        self.assertEqual(met_by_owner(self.manager), {self.maint1.id: 2, self.maint2.id: 2})


class TestTicketRecordsPerCompany(TicketRecordsCase):

    def test_a_second_companys_user_sees_only_their_companys_records(self):
        sister = self.env["res.company"].create({"name": "Sister Co."})
        maint_sister = self.env["res.users"].create({
            "name": "Maint Sister", "login": "cdm_test_maint_sister", "email": "ms@example.com",
            "company_id": sister.id, "company_ids": [(6, 0, [sister.id])],
            "groups_id": [(6, 0, [self.env.ref("customer_dev_maint.group_maintenance_user").id])]})
        records = {"task": self.task_of_dev2 | self.task_of_maint2, "satisfaction": self.satisfaction,
                   "sla_rows": self.records("sla_rows")}
        for name, found in records.items():
            self.assertTrue(self.sees(self.maint2, found), name)
            self.assertFalse(self.sees(maint_sister, found), name)
        self.ticket.sudo().company_id = sister
        self.satisfaction.sudo().company_id = sister
        for name, found in records.items():
            self.assertTrue(self.sees(maint_sister, found), name)
            self.assertFalse(self.sees(self.maint2, found), name)
