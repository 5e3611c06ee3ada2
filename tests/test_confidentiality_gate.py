"""The confidentiality gate defined once (C2): a model joins by one
declaration (inheriting the confidential mixin and naming its owners) and is
closed on its own records and on Odoo's shared tables with nothing else: no
record rule, no entry in the shared-table guard. The gate compiles to
conditions on the record's columns and subqueries, not searches whose ids
are pasted into the query."""
import importlib.util
import os

from odoo import fields, models
from odoo.addons import customer_dev_maint
from odoo.addons.customer_dev_maint.models.cdm_confidentiality_gate import is_gated
from odoo.exceptions import AccessError

from .confidentiality_common import ConfidentialityCase


class GateProbe(models.Model):
    """A model the module does not know, built in the test's registry only."""

    _name = "cdm.gate.probe"
    _inherit = "cdm.confidential.mixin"
    _description = "Gate Probe"
    _register = False
    _module = "customer_dev_maint"
    _cdm_owner_paths = ("user_id",)

    name = fields.Char()
    partner_id = fields.Many2one("res.partner")
    user_id = fields.Many2one("res.users")


class TestGateDeclaredOnce(ConfidentialityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        registry, cr = cls.env.registry, cls.env.cr
        GateProbe._build_model(registry, cr)
        registry.setup_models(cr)
        registry.init_models(cr, [GateProbe._name], {"module": "customer_dev_maint"})
        cls.env["ir.model.access"].create({
            "name": "gate probe", "model_id": cls.env["ir.model"]._get_id(GateProbe._name),
            "group_id": cls.env.ref("base.group_user").id, "perm_read": True,
            "perm_write": True, "perm_create": True, "perm_unlink": True})
        cls.probe = cls.env[GateProbe._name].create({
            "name": "Probe of the customer", "partner_id": cls.customer.id,
            "user_id": cls.maint2.id})
        cls.attachment = cls.env["ir.attachment"].create({
            "name": "probe.txt", "datas_fname": "probe.txt", "res_model": GateProbe._name,
            "res_id": cls.probe.id, "datas": "cHJvYmU="})
        cls.message = cls.env["mail.message"].create({
            "model": GateProbe._name, "res_id": cls.probe.id, "body": "Probe note",
            "message_type": "comment"})

    @classmethod
    def tearDownClass(cls):
        registry = cls.env.registry
        del registry.models[GateProbe._name]
        for parent in ("cdm.confidential.mixin", "cdm.confidentiality.gate"):
            registry[parent]._inherit_children.discard(GateProbe._name)
        registry.setup_models(cls.env.cr)
        registry.clear_caches()
        super().tearDownClass()

    def _found(self, user, model, record):
        return bool(self.env[model].sudo(user).search([("id", "=", record.id)]))

    def test_the_probe_is_gated_and_has_no_rule_record(self):
        self.assertTrue(is_gated(self.env[GateProbe._name]))
        self.assertFalse(self.env["ir.rule"].search([("model_id.model", "=", GateProbe._name)]))
        self.assertEqual(self.probe.confidentiality_level, "normal")

    def test_a_secret_probe_is_closed_to_others_and_open_to_its_owners(self):
        self.set_level("secret")
        self.assertEqual(self.probe.confidentiality_level, "secret")
        # dev1 develops the customer, dev3 is authorised on it, maint2 owns the
        # probe record; dev2 (another team) and devlead (a team lead) do not
        # pass a secret gate.
        for user in (self.dev1, self.dev3, self.maint2, self.manager):
            self.assertTrue(self._found(user, GateProbe._name, self.probe), user.login)
            self.probe.sudo(user).read(["name"])
        for user in (self.dev2, self.devlead, self.auditor):
            self.assertFalse(self._found(user, GateProbe._name, self.probe), user.login)
            with self.assertRaises(AccessError):
                self.probe.sudo(user).read(["name"])
            with self.assertRaises(AccessError):
                self.probe.sudo(user).write({"name": "Renamed"})

    def test_a_confidential_probe_is_open_to_the_team_lead_and_the_auditor(self):
        self.set_level("confidential")
        for user in (self.devlead, self.auditor):
            self.assertTrue(self._found(user, GateProbe._name, self.probe), user.login)
        self.assertFalse(self._found(self.dev2, GateProbe._name, self.probe))

    def test_the_shared_tables_follow_the_probe(self):
        self.set_level("secret")
        for model, row, model_field in (("ir.attachment", self.attachment, "res_model"),
                                        ("mail.message", self.message, "model")):
            self.assertTrue(self._found(self.dev1, model, row), model)
            self.assertFalse(self._found(self.dev2, model, row), model)
            groups = self.env[model].sudo(self.dev2).read_group(
                [(model_field, "=", GateProbe._name), ("res_id", "=", self.probe.id)],
                ["res_id"], ["res_id"])
            self.assertFalse(groups, model)
        self.set_level("normal")
        self.assertTrue(self._found(self.dev2, "ir.attachment", self.attachment))

    def test_the_gate_pastes_no_ids_into_the_query(self):
        """The rules of a gated model compile without searching another
        model: the customer's owners and the department are subqueries."""
        self.set_level("secret")
        for n in range(30):
            self.env["res.partner"].create({
                "name": "Customer %s of dev1" % n, "is_company": True, "customer": True,
                "user_id": self.dev1.id, "team_id": self.team_dev_east.id})
        for user in (self.dev1, self.devlead):
            Lead = self.env["crm.lead"].sudo(user)
            query = Lead._where_calc([])
            Lead._apply_ir_rules(query, "read")
            where = " ".join(query.where_clause)
            self.assertIn("cdm_partner_authorized_user_rel", where)
            pasted = [param for param in query.where_clause_params
                      if isinstance(param, (list, tuple)) and len(param) > 5]
            self.assertFalse(pasted, user.login)
        self.assertIn("sale_team_id", where)

    def test_a_client_cannot_use_the_gate_fields_for_another_user_or_a_path(self):
        """The gate's helper fields are for the rules: a user may ask which
        records are open to themselves, not to a colleague, and may not
        compile a path past the linked model's rules."""
        self.set_level("secret")
        Lead = self.env["crm.lead"].sudo(self.dev2)
        self.assertFalse(Lead.search([("cdm_open_to_user_id", "=", self.dev2.id),
                                      ("id", "=", self.lead.id)]))
        self.assertEqual(self.env["crm.lead"].sudo(self.dev1).search(
            [("cdm_open_to_user_id", "=", self.dev1.id), ("id", "=", self.lead.id)]), self.lead)
        with self.assertRaises(AccessError):
            Lead.search([("cdm_open_to_user_id", "=", self.dev1.id)])
        with self.assertRaises(AccessError):
            Lead.search([("cdm_rule_path", "in", ["cdm_customer_id.name", "=", "x"])])


class TestGateMigration(ConfidentialityCase):

    def _migration(self):
        path = os.path.join(os.path.dirname(customer_dev_maint.__file__), "migrations",
                            "11.0.1.1.0", "pre-migration.py")
        spec = importlib.util.spec_from_file_location("cdm_gate_pre_migration", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def test_an_upgraded_database_loses_the_old_gate_rules(self):
        """Rules are data with noupdate: an upgrade would keep the old gate
        texts (and their searches) beside the gate ir.rule now adds."""
        old = self.env["ir.rule"].create({
            "name": "Leads: confidentiality", "model_id": self.env.ref("crm.model_crm_lead").id,
            "domain_force": "[('cdm_customer_id.cdm_access_user_ids', '=', user.id)]"})
        self.env["ir.model.data"].create({
            "module": "customer_dev_maint", "name": "crm_lead_confidentiality_rule",
            "model": "ir.rule", "res_id": old.id, "noupdate": True})
        report_rule = self.env.ref("customer_dev_maint.crm_opportunity_report_confidentiality_rule")
        migration = self._migration()
        migration.migrate(self.env.cr, None)  # a new install: nothing to do
        self.assertTrue(old.exists())
        migration.migrate(self.env.cr, "11.0.1.0.0")
        self.env["ir.rule"].invalidate_cache()
        self.env["ir.model.data"].clear_caches()
        self.assertFalse(old.exists())
        self.assertFalse(report_rule.exists())  # loaded again from the new text
        self.assertFalse(self.env.ref("customer_dev_maint.crm_lead_confidentiality_rule", False))
        # The role rules stay.
        self.assertTrue(self.env.ref("customer_dev_maint.crm_lead_development_user_rule"))


class TestRelatedFieldsInLists(ConfidentialityCase):
    """A list or a kanban reads related fields (the customer's e-mail, the
    company's currency): their first hop is read with the row, once, and the
    superuser's compute of the related field does not load every column of
    the rows again."""

    def test_related_fields_read_with_the_row_only(self):
        Lead = self.env["crm.lead"].sudo(self.dev1)
        self.customer.sudo().write({"email": "buyer@customer.example.com"})
        self.lead.sudo().write({"partner_id": self.customer.id})
        Lead.invalidate_cache()
        rows = Lead.search_read([("id", "=", self.lead.id)],
                                ["name", "partner_id", "partner_address_email", "company_currency"])
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["partner_address_email"], "buyer@customer.example.com")
        self.assertEqual(row["company_currency"][0], self.lead.sudo().company_id.currency_id.id)
        self.assertNotIn("company_id", row, "the hop read for the related field is not returned")
        # The superuser's cache got the hops, not the whole row.
        admin_lead = self.lead.sudo()
        cache = self.env.cache
        self.assertTrue(cache.contains(admin_lead, admin_lead._fields["partner_id"]))
        self.assertTrue(cache.contains(admin_lead, admin_lead._fields["company_id"]))
        self.assertFalse(cache.contains(admin_lead, admin_lead._fields["description"]),
                         "the deal's whole row was loaded again for the related fields")

    def test_the_hop_flag_sent_by_a_client_changes_nothing(self):
        Lead = self.env["crm.lead"].sudo(self.dev2).with_context(
            cdm_sudo_hops=["crm.lead", ["partner_id"]])
        self.assertNotIn(self.lead.id, Lead.search([]).ids)
        with self.assertRaises(AccessError):
            self.lead.sudo(self.dev2).with_context(cdm_sudo_hops=["crm.lead", ["partner_id"]]).read(
                ["partner_address_email"])
