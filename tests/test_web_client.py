"""What the web client shows staff: refusals read as refusals, a refused
change is not kept pending, readers are offered only what they may do, and
each person lands on the screen of their work."""
import json
import os

from lxml import etree

from odoo.exceptions import UserError
from odoo.http import serialize_exception
from odoo.tools.safe_eval import safe_eval

from .appraisal_common import AppraisalCase

MODULE_SCRIPTS = ("crash_manager.js", "basic_controller.js", "chatter.js", "summernote_toolbar.js")
# The exception types the web client shows as a warning titled in the
# reader's language (static/src/js/crash_manager.js).
REFUSAL_TYPES = ("user_error", "warning", "validation_error", "access_error")


def chatter_options(model, user):
    arch = model.sudo(user).fields_view_get(view_type="form")["arch"]
    node = etree.fromstring(arch).xpath("//field[@widget='mail_thread']")[0]
    return safe_eval(node.get("options") or "{}")


class TestWebClient(AppraisalCase):

    def test_backend_assets_carry_the_module_scripts(self):
        """The refusal dialog, the discard of a refused stage move, the
        read-only chatter and the editor's font size are in the back-end
        bundle, and the files exist."""
        files, _remains = self.env["ir.qweb"]._get_asset_content("web.assets_backend", {})
        ours = {os.path.basename(item["url"]): item for item in files
                if item["url"].startswith("/customer_dev_maint/")}
        self.assertEqual(set(ours), set(MODULE_SCRIPTS) | {"cdm_backend.css"})
        for item in ours.values():
            self.assertTrue(item["filename"] and os.path.isfile(item["filename"]), item["url"])

    def test_business_refusals_reach_the_client_typed_as_refusals(self):
        """The dialog picks its title from the exception type the server
        sends: the module's refusals are of a refusal type, with the message."""
        run = self.env["cdm.appraisal.run"].sudo(self.manager).create(
            {"period_type": "quarter", "date_from": "2026-01-01"})
        try:
            with self.env.cr.savepoint():
                run.action_add_employees()
        except UserError as refusal:
            data = serialize_exception(refusal)
        self.assertIn(data["exception_type"], REFUSAL_TYPES)
        self.assertIn("Choose departments or sales teams", data["arguments"][0])

    def test_auditor_is_not_offered_posting_on_customers_cases_and_revisits(self):
        for model in ("res.partner", "cdm.revisit", "cdm.misconduct.case"):
            options = chatter_options(self.env[model], self.auditor)
            self.assertTrue(options.get("cdm_read_only"), model)
            self.assertFalse(options.get("display_log_button"), model)
        # Those who may post keep the buttons.
        self.assertFalse(chatter_options(self.env["res.partner"], self.maint1).get("cdm_read_only"))
        self.assertFalse(chatter_options(self.env["cdm.revisit"], self.maint1).get("cdm_read_only"))
        self.assertFalse(chatter_options(self.env["cdm.misconduct.case"], self.manager).get("cdm_read_only"))

    def test_auditor_is_not_offered_actions_that_post(self):
        """Send SMS and the like (actions of the Action menu opening a posting
        wizard) are left out for a reader who may not post."""
        action = self.env["ir.actions.act_window"].create({
            "name": "Send by e-mail", "res_model": "mail.compose.message", "view_mode": "form",
            "target": "new", "binding_model_id": self.env["ir.model"]._get_id("res.partner")})

        def actions(user):
            view = self.env["res.partner"].sudo(user).fields_view_get(view_type="form", toolbar=True)
            return [item["id"] for item in view["toolbar"]["action"]]

        self.assertIn(action.id, actions(self.maint1))
        self.assertNotIn(action.id, actions(self.auditor))

    def test_acknowledge_is_offered_to_the_employee_of_the_case_only(self):
        case = self.make_case(self.emp_dev1, measure="verbal_warning", confirm=True)
        arch = etree.fromstring(self.Case.sudo(self.auditor).fields_view_get(view_type="form")["arch"])
        button = arch.xpath("//button[@name='action_open_acknowledge_wizard']")[0]
        invisible = json.loads(button.get("modifiers"))["invisible"]
        self.assertIn(["is_own_case", "=", False], invisible)
        self.assertFalse(case.sudo(self.auditor).is_own_case)
        self.assertFalse(case.sudo(self.manager).is_own_case)
        self.assertTrue(case.sudo(self.dev1).is_own_case)

    def test_policy_settings_opens_the_form_of_the_one_policy(self):
        menu = self.env.ref("customer_dev_maint.menu_configuration_policy")
        self.assertEqual(menu.action._name, "ir.actions.server")
        for user in (self.manager, self.auditor):
            result = menu.action.sudo(user).with_context(active_model="cdm.policy").run()
            self.assertEqual((result["res_model"], result["res_id"], result["view_mode"]),
                             ("cdm.policy", self.policy.id, "form"))

    def test_staff_land_on_my_work(self):
        my_work = self.env.ref("customer_dev_maint.cdm_my_work_action")
        for user in (self.dev1, self.maint1, self.manager):
            self.assertEqual(user.action_id.id, my_work.id, user.login)
        self.assertFalse(self.auditor.action_id, "the auditor has no My Work")
        # A user given a policy role later lands there too; a home action
        # chosen by hand is kept.
        maintenance = self.env.ref("customer_dev_maint.group_maintenance_user")
        self.outsider.write({"groups_id": [(4, maintenance.id)]})
        self.assertEqual(self.outsider.action_id.id, my_work.id)
        chosen = self.env.ref("customer_dev_maint.cdm_appraisal_run_action")
        self.auditor.write({"action_id": chosen.id})
        self.auditor.write({"groups_id": [(4, self.env.ref("customer_dev_maint.group_development_user").id)]})
        self.assertEqual(self.auditor.action_id.id, chosen.id)

    def test_access_log_row_is_titled_by_document_type_and_local_time(self):
        row = self.env["cdm.access.log"].create({
            "date": "2026-12-03 12:35:00", "day": "2026-12-03", "user_id": self.dev1.id,
            "action": "read", "model": "res.partner",
            "model_id": self.env["ir.model"]._get_id("res.partner"), "res_ids": "1", "record_count": 1})
        self.auditor.tz = "Asia/Shanghai"
        name = row.sudo(self.auditor).name_get()[0][1]
        self.assertIn("Contact", name)
        self.assertNotIn("res.partner", name)
        self.assertIn("20:35", name, "12:35 UTC is 20:35 in Shanghai")
