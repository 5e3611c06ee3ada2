"""Settings governed (G1): every threshold and weight of the product on the
one Settings page, each with a help text, editable by managers only (form,
RPC, import); each saved change raises the settings version once, stamps
the effective date and is logged once per setting; appraisal runs record
the version they were computed under."""
from odoo.addons.customer_dev_maint.models.cdm_policy_versioning import NOT_SETTINGS
from odoo.api import call_kw
from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .appraisal_run_common import AppraisalRunCase
from .view_buttons import form_arch
from .web_client import WebForm, web_context


class TestPolicySettingsPage(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env["cdm.policy"].for_company().sudo()

    def settings(self):
        return [name for name in self.policy._governed_fields()
                if name not in ("name", "version", "note", "company_id")]

    def test_every_setting_is_on_the_settings_page_with_a_help_text(self):
        arch = form_arch(self.env["cdm.policy"], self.manager)
        on_page = {node.get("name") for node in arch.iter("field")}
        missing = [name for name in self.settings() if name not in on_page]
        self.assertFalse(missing, "settings not on the page: %s" % missing)
        no_help = [name for name in self.settings() if not self.policy._fields[name].help]
        self.assertFalse(no_help, "settings without a help text: %s" % no_help)
        self.assertIn("settings_version", on_page)
        self.assertIn("effective_date", on_page)
        # The settings that are records of their own are linked from the page.
        actions = {node.get("name") for node in arch.iter("button") if node.get("type") == "action"}
        for xmlid in ("cdm_screening_criterion_action", "cdm_service_tier_action",
                      "cdm_appraisal_grade_action", "cdm_kpi_action"):
            self.assertIn(str(self.env.ref("customer_dev_maint." + xmlid).id), actions, xmlid)

    def test_the_page_opens_under_customer_relations(self):
        action = self.env["cdm.policy"].sudo(self.manager).action_open_settings()
        self.assertEqual((action["res_model"], action["res_id"]), ("cdm.policy", self.policy.id))
        menu = self.env.ref("customer_dev_maint.menu_configuration_policy")
        self.assertEqual(menu.parent_id.parent_id, self.env.ref("customer_dev_maint.menu_root"))


class TestPolicySettingsChanges(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env["cdm.policy"].for_company().sudo()

    def changes(self):
        return self.env["cdm.policy.change"].search([("policy_id", "=", self.policy.id)], order="id")

    def test_a_saved_change_raises_the_version_once_and_logs_each_setting_once(self):
        version = self.policy.settings_version
        WebForm(self.env, self.manager, "cdm.policy").save(self.policy, {
            "screening_threshold": 70.0, "revisit_spread_days": 3})
        self.assertEqual(self.policy.settings_version, version + 1)
        self.assertEqual(self.policy.effective_date, self.env["cdm.policy"].today())
        rows = self.changes()
        self.assertEqual(sorted(rows.mapped("field_name")), ["revisit_spread_days", "screening_threshold"])
        threshold = rows.filtered(lambda row: row.field_name == "screening_threshold")
        self.assertEqual((threshold.old_value, threshold.new_value, threshold.version, threshold.user_id),
                         ("60.0", "70.0", version + 1, self.manager))
        self.assertEqual(threshold.field_description, "Qualification Threshold")
        # Saving the form again with nothing changed logs nothing and keeps the version.
        WebForm(self.env, self.manager, "cdm.policy").save(self.policy, {"screening_threshold": 70.0})
        self.policy.sudo(self.manager).write({"screening_threshold": 70.0})
        self.assertEqual(self.policy.settings_version, version + 1)
        self.assertEqual(len(self.changes()), 2)
        # The next change is the next version.
        self.policy.sudo(self.manager).write({"handover_tier_id": False})
        self.assertEqual(self.policy.settings_version, version + 2)
        last = self.changes()[-1]
        self.assertEqual((last.field_name, last.old_value, last.new_value, last.version),
                         ("handover_tier_id", "Standard", "", version + 2))

    def test_the_log_is_read_by_managers_and_auditors_only(self):
        self.policy.sudo(self.manager).write({"misconduct_history_months": 6})
        row = self.changes()
        self.assertEqual(len(row), 1)
        for user in (self.manager, self.auditor):
            self.assertEqual(self.env["cdm.policy.change"].sudo(user).search(
                [("policy_id", "=", self.policy.id)]), row)
        for user in (self.dev1, self.maint1):
            with self.assertRaises(AccessError):
                self.env["cdm.policy.change"].sudo(user).search([])

    def test_nobody_writes_the_version_or_the_log(self):
        self.policy.sudo(self.manager).write({"misconduct_history_months": 6})
        row = self.changes()
        for values in ({"settings_version": 99}, {"effective_date": "2030-01-01"}):
            with self.assertRaises(AccessError):
                self.policy.sudo(self.manager).write(values)
        for operation in (lambda: row.sudo(self.manager).write({"new_value": "3"}),
                          lambda: row.sudo(self.manager).unlink(),
                          lambda: self.env["cdm.policy.change"].sudo(self.manager).create({
                              "policy_id": self.policy.id, "company_id": self.policy.company_id.id,
                              "date": "2026-01-01 00:00:00", "user_id": self.manager.id,
                              "field_name": "x", "field_description": "x", "version": 1})):
            with self.assertRaises(AccessError):
                operation()
        self.assertEqual(self.changes().mapped("new_value"), ["6"])

    def test_non_managers_are_refused_by_every_route(self):
        before = (self.policy.screening_threshold, self.policy.settings_version)
        for user in (self.dev1, self.maint1, self.auditor, self.outsider):
            Policy = self.env["cdm.policy"].sudo(user)
            # The form's save and an RPC write.
            with self.assertRaises(AccessError):
                call_kw(Policy, "write", [[self.policy.id], {"screening_threshold": 10.0}],
                        {"context": web_context(user)})
            # An import.
            with mute_logger("odoo.sql_db", "odoo.models"):
                try:
                    result = Policy.load([".id", "screening_threshold"], [[str(self.policy.id), "10"]])
                except AccessError:
                    result = {"ids": False, "messages": ["refused"]}
            self.assertFalse(result["ids"], user.login)
            # A new policy.
            with self.assertRaises(AccessError):
                company = self.env["res.company"].create({"name": "X %s" % user.login})
                Policy.create({"company_id": company.id})
        self.policy.invalidate_cache()
        self.assertEqual((self.policy.screening_threshold, self.policy.settings_version), before)
        self.assertFalse(self.changes())
        # A manager's import is logged like a save.
        result = self.env["cdm.policy"].sudo(self.manager).load(
            [".id", "screening_threshold"], [[str(self.policy.id), "65"]])
        self.assertEqual(result["ids"], [self.policy.id], result["messages"])
        self.assertEqual(self.changes().mapped("new_value"), ["65.0"])
        self.assertEqual(self.policy.settings_version, before[1] + 1)

    def test_an_appraisal_run_records_the_version_it_was_computed_under(self):
        run = self.make_run(self.emp_dev1)
        run.sudo(self.manager).action_compute()
        version = self.policy.settings_version
        self.assertEqual(run.policy_version, version)
        self.policy.sudo(self.manager).write({"appraisal_outstanding_count": 2})
        self.assertEqual(run.policy_version, version)
        run.sudo(self.manager).action_compute()
        self.assertEqual(run.policy_version, version + 1)
        with self.assertRaises(AccessError):
            run.sudo(self.manager).write({"policy_version": 1})

    def test_no_setting_is_left_out_of_the_log(self):
        # The bookkeeping left out is the only stored non-setting field.
        stored = {name for name, field in self.policy._fields.items() if field.store}
        left_out = stored - set(self.policy._governed_fields())
        self.assertTrue(left_out <= NOT_SETTINGS | {name for name in stored
                                                    if name.startswith(("message_", "website_message"))},
                        left_out)
