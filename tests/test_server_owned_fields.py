"""Server-owned fields: every stored computed field of the module (found from
the models' field definitions, so a new one is covered the day it is added)
and every field declared ``server_owned=True`` is refused to a client's
create, write and import, by every route, with one message naming the field;
the same value (a form sends every field it carries) passes; the server
still writes them."""
from odoo import SUPERUSER_ID, api
from odoo.addons.customer_dev_maint.models.base_server_owned import is_server_owned
from odoo.addons.customer_dev_maint.server_only import as_server
from odoo.exceptions import AccessError

from .confidentiality_common import ConfidentialityCase
from .helpdesk_common import T0, HelpdeskCase

MODULE = "customer_dev_maint"
REFUSED = "is set by the server and cannot be written"
CLIENT_CONTEXT = {"lang": "en_US", "tz": "Asia/Shanghai", "uid": SUPERUSER_ID,
                  "cdm_server_write": True, "cdm_revisit_job": True}


def stored_computed_fields(registry):
    """(model, field) of every stored computed field of the module without an
    inverse, on its own models and on the fields it adds to others."""
    for name, model in sorted(registry.items()):
        if model._abstract or not model._auto:
            continue
        for field_name, field in sorted(model._fields.items()):
            if field._module == MODULE and field.store and field.compute \
                    and not field.inverse and not field.related:
                yield name, field_name


class TestEveryServerOwnedField(ConfidentialityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket.write({"kind": "complaint"})
        cls.records["cdm.ticket.coordination"] = cls.env["cdm.ticket.coordination"].create({
            "name": "Spare parts", "ticket_id": cls.ticket.id, "team_id": cls.team_dev_east.id,
            "user_id": cls.dev1.id, "date_deadline": "2030-05-01"})
        cls.records["cdm.leak.signal"] = cls.env["cdm.leak.signal"].create(
            {"user_id": cls.dev1.id, "day": "2026-04-01"})
        cls.other_customer = cls.env["res.partner"].create({"name": "Other Co", "is_company": True})
        employee = cls.env["hr.employee"]._for_user(cls.dev1)
        run = cls.env["cdm.appraisal.run"].create({
            "name": "Q1", "period_type": "quarter", "date_from": "2026-01-01",
            "employee_ids": [(6, 0, employee.ids)]})
        cls.records["cdm.appraisal"] = as_server(cls.env["cdm.appraisal"]).create(
            {"run_id": run.id, "employee_id": employee.id})
        cls.records["cdm.appraisal.recognition"] = cls.env["cdm.appraisal.recognition"].create({
            "appraisal_id": cls.records["cdm.appraisal"].id, "employee_id": employee.id,
            "date": "2026-04-01"})
        cls.records["cdm.misconduct.case"] = cls.env["cdm.misconduct.case"]._open_draft(
            cls.dev1, "failure_of_duty", "Report handed in late")
        cls.records["cdm.appraisal.run"] = run
        cls.records["cdm.policy"] = cls.env["cdm.policy"].for_company().sudo()
        cls.records["cdm.best.practice"] = as_server(cls.env["cdm.best.practice"]).create({
            "name": "Call first", "ticket_id": cls.ticket.id, "partner_id": cls.customer.id,
            "source_user_id": cls.maint1.id, "source_team_id": cls.team_dev_east.id})
        session = cls.env["cdm.training.session"].create({
            "name": "Complaint calls", "date": "2026-02-10", "hours": 3.0,
            "attendance_ids": [(0, 0, {"employee_id": employee.id})]})
        cls.records["cdm.training.attendance"] = session.attendance_ids
        cls.records["cdm.review.meeting"] = cls.env["cdm.review.meeting"].create({
            "name": "Review", "start": "2026-04-10 02:00:00", "stop": "2026-04-10 03:00:00",
            "date_from": "2026-01-01", "date_to": "2026-03-31"})
        cls.records["cdm.review.action"] = cls.env["cdm.review.action"].create({
            "meeting_id": cls.records["cdm.review.meeting"].id, "name": "Call",
            "user_id": cls.maint1.id, "date_deadline": "2026-04-20"})

    def other_value(self, record, name):
        """A value of ``name`` different from ``record``'s."""
        field = record._fields[name]
        current = record[name]
        if field.type == "selection":
            return next(key for key, _label in field._description_selection(self.env)
                        if key != current)
        if field.type == "boolean":
            return not current
        if field.type == "integer":
            return (current or 0) + 1
        if field.type in ("float", "monetary"):
            return (current or 0.0) + 1.5
        if field.type in ("char", "text", "html"):
            return (current or "") + " changed"
        if field.type == "date":
            return "2001-02-03"
        if field.type == "datetime":
            return "2001-02-03 04:05:06"
        if field.type == "many2one":
            return self.env[field.comodel_name].search([("id", "!=", current.id)], limit=1).id
        if field.type in ("one2many", "many2many"):
            if current:
                return [(5,)] if field.type == "many2many" else [(2, current[0].id)]
            if field.type == "one2many":
                return [(0, 0, {})]
            return [(6, 0, self.env[field.comodel_name].search([], limit=1).ids)]
        self.fail("no other value for %s.%s (%s)" % (record._name, name, field.type))

    def test_every_stored_computed_field_of_the_module_is_server_owned(self):
        found = list(stored_computed_fields(self.env.registry))
        self.assertGreater(len(found), 40)
        for model, name in found:
            self.assertTrue(is_server_owned(self.env[model]._fields[name]), "%s.%s" % (model, name))
        self.assertFalse(is_server_owned(self.env["res.partner"]._fields["commercial_partner_id"]),
                         "Odoo's own fields keep Odoo's behaviour")
        self.assertTrue(is_server_owned(self.env["helpdesk.ticket"]._fields["response_state"]),
                        "declared stamped fields are server-owned too")

    def test_every_server_owned_field_is_refused_to_a_client_write(self):
        """Written by the superuser with a client's context: even an Odoo
        administrator's client may not write them. Every model with such a
        field has a record in the fixtures."""
        checked = []
        for model, Model in sorted(self.env.registry.items()):
            if Model._abstract or not Model._auto:
                continue
            owned = [name for name, field in Model._fields.items() if is_server_owned(field)]
            if not owned or model == "cdm.ticket.satisfaction":
                continue  # its fields are the confidentiality mixin's, checked on every other model
            self.assertIn(model, self.records, "a fixture record of %s" % model)
            record = self.records[model].sudo().with_context(CLIENT_CONTEXT)
            for name in owned:
                value = self.other_value(record, name)
                with self.assertRaisesRegex(AccessError, REFUSED, msg="%s.%s" % (model, name)):
                    with self.env.cr.savepoint():
                        record.write({name: value})
                checked.append((model, name))
        self.assertGreater(len(checked), 80)

    def test_the_same_value_passes_as_a_form_sends_it(self):
        lead = self.lead.sudo(self.dev1)
        lead.write({"name": "Renamed deal", "confidentiality_level": lead.confidentiality_level,
                    "cdm_customer_id": lead.cdm_customer_id.id,
                    "screening_band": lead.screening_band})
        self.assertEqual(self.lead.name, "Renamed deal")

    def test_a_client_moves_no_record_out_of_its_customer(self):
        ticket = self.ticket.sudo(self.maint1)
        for values in ({"cdm_customer_id": self.other_customer.id},
                       {"confidentiality_level": "normal"}):
            self.set_level("confidential")
            with self.assertRaisesRegex(AccessError, REFUSED):
                ticket.write(values)
        self.assertEqual(self.ticket.cdm_customer_id, self.customer)
        self.assertEqual(self.ticket.confidentiality_level, "confidential")

    def test_a_client_creates_no_record_with_a_server_value(self):
        Ticket = self.env["helpdesk.ticket"].sudo(self.maint1)
        with self.assertRaisesRegex(AccessError, "Confidentiality"):
            Ticket.create({"name": "Hidden", "partner_id": self.customer.id,
                           "confidentiality_level": "normal", "cdm_customer_id": self.other_customer.id})
        self.set_level("normal")
        ticket = Ticket.create({"name": "Seen", "partner_id": self.customer.id,
                                "confidentiality_level": "normal"})
        self.assertEqual(ticket.cdm_customer_id, self.customer, "the server's own value passes")


class TestServerOwnedRoutes(HelpdeskCase):

    def setUp(self):
        super().setUp()
        self.ticket = self.open_ticket()
        self.assertEqual(self.ticket.satisfaction_state, "awaiting")

    def test_orm_write_with_a_client_context_is_refused(self):
        ticket = self.ticket.sudo(self.maint1).with_context(CLIENT_CONTEXT)
        for values in ({"satisfaction_state": "confirmed"}, {"sla_state": "met"},
                       {"response_state": "met"}, {"first_response_date": "2026-12-01 01:00:00"}):
            with self.assertRaisesRegex(AccessError, REFUSED):
                ticket.write(values)
        self.assertEqual(self.ticket.satisfaction_state, "awaiting")

    def test_the_message_names_the_field(self):
        with self.assertRaisesRegex(AccessError, r"Satisfaction State \(Helpdesk Ticket\) " + REFUSED):
            self.ticket.sudo(self.maint1).write({"satisfaction_state": "confirmed"})

    def test_rpc_write_is_refused(self):
        Ticket = api.Environment(self.env.cr, self.maint1.id, {})["helpdesk.ticket"]
        with self.assertRaisesRegex(AccessError, REFUSED):
            api.call_kw(Ticket, "write", [self.ticket.ids, {"satisfaction_state": "confirmed"}],
                        {"context": CLIENT_CONTEXT})
        with self.assertRaisesRegex(AccessError, REFUSED):
            api.call_kw(Ticket, "create", [{"name": "Met", "partner_id": self.contact.id,
                                            "sla_state": "met"}], {"context": CLIENT_CONTEXT})
        self.assertEqual(self.ticket.satisfaction_state, "awaiting")

    def test_import_is_refused(self):
        Ticket = self.env["helpdesk.ticket"].sudo(self.maint1).with_context(CLIENT_CONTEXT)
        result = Ticket.load([".id", "satisfaction_state"], [[str(self.ticket.id), "confirmed"]])
        self.assertFalse(result["ids"])
        self.assertIn(REFUSED, result["messages"][0]["message"])
        self.assertEqual(self.ticket.satisfaction_state, "awaiting")

    def test_the_server_still_writes_them(self):
        as_server(self.ticket.sudo()).write({"sla_paused_hours": 2.0})
        self.assertEqual(self.ticket.sla_paused_hours, 2.0)
        at = self.at(T0).browse(self.ticket.id)
        self.assertEqual(at.response_state, "on_track", "stamped by the server at creation")
