"""M7: departments coordinated on a ticket: who still owes what, an activity
for each owner, and no closing while a task is open."""
from datetime import datetime

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

from .helpdesk_common import HelpdeskCase


class CoordinationCase(HelpdeskCase):

    def setUp(self):
        super().setUp()
        self.freeze_today("2026-12-01")
        self.ticket = self.open_ticket(kind="request")
        self.Task = self.env["cdm.ticket.coordination"].sudo(self.maint1)

    def refused(self, action):
        """Run ``action`` as a request would: a refusal leaves nothing behind."""
        try:
            with self.env.cr.savepoint():
                action()
        except Exception:
            self.env.clear()
            raise

    def add_task(self, **values):
        vals = {"ticket_id": self.ticket.id, "team_id": self.team_dev_east.id, "user_id": self.dev1.id,
                "name": "Confirm the replacement delivery date", "date_deadline": "2026-12-04"}
        vals.update(values)
        return self.Task.create(vals)


class TestCoordination(CoordinationCase):

    def test_task_is_on_the_ticket_and_an_activity_for_its_owner(self):
        task = self.add_task()
        self.assertEqual(self.ticket.coordination_open_count, 1)
        self.assertEqual(task.partner_id, self.strategic)
        activity = task.activity_id
        self.assertEqual((activity.res_model, activity.res_id, activity.user_id),
                         ("cdm.ticket.coordination", task.id, self.dev1))
        self.assertEqual(self.ticket.coordination_ids, task)
        # The owner in another department opens the task from the activity.
        self.assertEqual(task.sudo(self.dev1).read(["ticket_id"])[0]["ticket_id"][0], self.ticket.id)
        self.assertEqual(activity.date_deadline, "2026-12-04")
        self.assertIn("Dev East", activity.summary)
        task.write({"date_deadline": "2026-12-08", "team_id": self.team_dev_west.id,
                    "user_id": self.dev2.id})
        self.assertEqual((activity.date_deadline, activity.user_id), ("2026-12-08", self.dev2))

    def test_ticket_cannot_close_while_a_department_still_owes_work(self):
        task = self.add_task()
        with self.assertRaisesRegex(ValidationError, "Dev East"):
            self.move(self.ticket, self.stage_done, datetime(2026, 12, 2, 3, 0))
        self.assertFalse(self.ticket.stage_id.closed)
        # The owner in the other department delivers.
        task.sudo(self.dev1).write({"result": "Delivery on Friday."})
        task.sudo(self.dev1).action_done()
        self.assertEqual(task.state, "done")
        self.assertFalse(task.activity_id.exists(), "the activity is marked done")
        self.move(self.ticket, self.stage_done, datetime(2026, 12, 2, 3, 0))
        self.assertTrue(self.ticket.stage_id.closed)

    def test_cancelled_task_does_not_block_closing(self):
        self.add_task().action_cancel()
        self.move(self.ticket, self.stage_done, datetime(2026, 12, 2, 3, 0))
        self.assertTrue(self.ticket.stage_id.closed)

    def test_bad_inputs_are_refused_clearly(self):
        task = self.add_task()
        with self.assertRaisesRegex(UserError, "stays on its ticket"):
            task.write({"ticket_id": self.open_ticket().id})
        task.action_done()
        with self.assertRaisesRegex(UserError, "open coordination task"):
            task.action_done()
        self.move(self.ticket, self.stage_done, datetime(2026, 12, 2, 3, 0))
        with self.assertRaisesRegex(ValidationError, "closed"):
            with self.env.cr.savepoint():
                self.add_task()

    def test_development_users_work_on_tasks_but_do_not_create_them(self):
        with self.assertRaises(AccessError):
            self.env["cdm.ticket.coordination"].sudo(self.dev1).create({
                "ticket_id": self.ticket.id, "team_id": self.team_dev_east.id, "user_id": self.dev1.id,
                "name": "Self-assigned", "date_deadline": "2026-12-04"})
        with self.assertRaises(AccessError):
            self.add_task().sudo(self.auditor).action_done()

    def test_new_task_without_deadline_is_not_overdue(self):
        """'Add an item' opens a task with no deadline yet: the form's onchange
        computes the overdue flag without an error."""
        Task = self.Task.with_context(default_ticket_id=self.ticket.id)
        values = Task.default_get(list(Task._fields))
        values.update({"team_id": self.team_dev_east.id, "date_deadline": False})
        result = Task.onchange(values, "team_id", Task._onchange_spec())
        self.assertFalse(result["value"].get("is_overdue"))
        self.assertFalse(Task.new(values).is_overdue)

    def test_task_added_on_ticket_form_defaults_to_that_ticket(self):
        """A ticket opened by a revisit's "Create Ticket" carries the revisit as
        active_id in its context: the line's default ticket is the form's own
        record, never the record the form was opened from."""
        other = self.open_ticket(name="Another customer's problem", partner_id=self.customer.id)
        doc = etree.fromstring(self.env["helpdesk.ticket"].sudo(self.maint1).fields_view_get(
            view_type="form")["arch"])
        context = doc.xpath("//field[@name='coordination_ids']")[0].get("context")
        # The web client's evaluation: the action context (active_id of the
        # revisit) overrides its own active_id, the record's values come last.
        client_eval = {"active_id": other.id, "active_ids": [other.id], "active_model": "cdm.revisit",
                       "id": self.ticket.id}
        self.assertEqual(safe_eval(context, client_eval).get("default_ticket_id"), self.ticket.id)

class TestCoordinationOwnerAndState(CoordinationCase):
    """The owner is internal staff of the task's department, whatever the
    route; a state written directly does what the task's buttons do; a
    deadline is never in the past."""

    def test_a_portal_user_never_owns_a_task(self):
        portal = self.env["res.users"].create({
            "name": "Customer Portal", "login": "cdm_test_portal", "email": "portal@example.com",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        self.assertTrue(portal.share)
        with self.assertRaisesRegex(ValidationError, "internal staff of the task's department"):
            self.refused(lambda: self.add_task(user_id=portal.id))
        task = self.add_task()
        with self.assertRaisesRegex(ValidationError, "internal staff of the task's department"):
            self.refused(lambda: task.write({"user_id": portal.id}))
        self.assertEqual(task.user_id, self.dev1)
        self.assertFalse(self.env["mail.activity"].search([("user_id", "=", portal.id)]),
                         "the portal user got nothing of the ticket")

    def test_the_owner_belongs_to_the_department(self):
        with self.assertRaisesRegex(ValidationError, "Dev East"):
            self.refused(lambda: self.add_task(user_id=self.dev2.id))  # dev2 works in Dev West
        task = self.add_task()
        with self.assertRaisesRegex(ValidationError, "Dev West"):
            self.refused(lambda: task.write({"team_id": self.team_dev_west.id}))
        # The department's leader may own its tasks too.
        self.team_dev_west.user_id = self.manager
        task.write({"team_id": self.team_dev_west.id, "user_id": self.manager.id})
        self.assertEqual(task.activity_id.user_id, self.manager)

    def test_state_written_done_is_the_done_action(self):
        task = self.add_task()
        activity = task.activity_id
        task.sudo(self.dev1).write({"state": "done", "result": "Delivery on Friday."})
        self.assertEqual((task.state, task.date_done), ("done", "2026-12-01"))
        self.assertFalse(activity.exists(), "the owner's activity is marked done")
        self.assertIn("Dev East delivered", self.ticket.message_ids[0].body)
        done = self.env["mail.message"].search([
            ("model", "=", "cdm.ticket.coordination"), ("res_id", "=", task.id),
            ("mail_activity_type_id", "=", self.env.ref(
                "customer_dev_maint.mail_activity_type_coordination").id)])
        self.assertIn("Delivery on Friday.", done.body)

    def test_state_written_cancelled_is_the_cancel_action(self):
        task = self.add_task()
        activity = task.activity_id
        task.write({"state": "cancelled"})
        self.assertEqual(task.state, "cancelled")
        self.assertFalse(activity.exists())
        self.move(self.ticket, self.stage_done, datetime(2026, 12, 2, 3, 0))

    def test_a_finished_task_is_not_reopened_or_turned_over(self):
        task = self.add_task()
        task.action_done()
        for state in ("open", "cancelled"):
            with self.assertRaisesRegex(UserError, "stays so"):
                self.refused(lambda state=state: task.write({"state": state}))
        self.assertEqual(task.state, "done")
        with self.assertRaisesRegex(UserError, "starts open"):
            self.refused(lambda: self.add_task(state="done"))
        with self.assertRaisesRegex(UserError, "recorded by the server"):
            self.refused(lambda: task.write({"date_done": "2026-11-01"}))

    def test_a_deadline_in_the_past_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be in the past"):
            self.refused(lambda: self.add_task(date_deadline="2026-11-30"))
        task = self.add_task(date_deadline="2026-12-01")  # today is fine
        with self.assertRaisesRegex(ValidationError, "into the past"):
            self.refused(lambda: task.write({"date_deadline": "2026-11-30"}))
        self.assertEqual(task.date_deadline, "2026-12-01")
