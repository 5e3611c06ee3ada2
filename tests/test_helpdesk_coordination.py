"""M7: departments coordinated on a ticket: who still owes what, an activity
for each owner, and no closing while a task is open."""
from datetime import datetime

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

from .helpdesk_common import HelpdeskCase


class TestCoordination(HelpdeskCase):

    def setUp(self):
        super().setUp()
        self.ticket = self.open_ticket(kind="request")
        self.Task = self.env["cdm.ticket.coordination"].sudo(self.maint1)

    def add_task(self, **values):
        vals = {"ticket_id": self.ticket.id, "team_id": self.team_dev_east.id, "user_id": self.dev1.id,
                "name": "Confirm the replacement delivery date", "date_deadline": "2026-12-04"}
        vals.update(values)
        return self.Task.create(vals)

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
        task.write({"date_deadline": "2026-12-08", "user_id": self.dev2.id})
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
