"""The guides name what the module defines: each model, menu and policy
setting appears in docs/ or the README, so a newcomer finds it there."""
import glob
import os
import re

from odoo.tests.common import TransactionCase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = "customer_dev_maint"
# Settings every Odoo record has, not the policy's.
NOT_SETTINGS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date",
                "__last_update", "company_id", "active", "name"}


def guides():
    text = ""
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))) + [os.path.join(ROOT, "README.md")]:
        with open(path, encoding="utf-8") as handle:
            text += handle.read() + "\n"
    return re.sub(r"\s+", " ", text.replace("*", "").replace("`", "")).lower()


class TestGuidesNameWhatTheModuleDefines(TransactionCase):

    def setUp(self):
        super().setUp()
        self.text = guides()
        self.env = self.env(context=dict(self.env.context, lang="en_US"))

    def named(self, *names):
        return any(name and re.sub(r"\s+", " ", name).lower() in self.text for name in names)

    def records(self, model):
        data = self.env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", model)])
        return self.env[model].browse(data.mapped("res_id")).exists()

    def test_every_model_is_named_in_a_guide(self):
        """The models the module adds (not those it extends, nor its dialogs)."""
        missing = [model.model for model in self.records("ir.model")
                   if self.env[model.model]._original_module == MODULE
                   and not model.transient and not self.named(model.name, model.model)]
        self.assertFalse(missing, "models named in no guide (docs/*.md, README.md): %s" % missing)

    def test_every_menu_is_named_in_a_guide(self):
        missing = [menu.complete_name for menu in self.records("ir.ui.menu") if not self.named(menu.name)]
        self.assertFalse(missing, "menus named in no guide (docs/*.md, README.md): %s" % missing)

    def test_every_policy_setting_is_named_in_a_guide(self):
        Policy = self.env["cdm.policy"]
        missing = [name for name, field in Policy._fields.items()
                   if field._module == MODULE and field.store and not field.compute
                   and not field.related and field.type != "one2many" and name not in NOT_SETTINGS
                   and not self.named(field.get_description(self.env)["string"], name)]
        self.assertFalse(missing, "policy settings named in no guide (docs/*.md, README.md): %s"
                         % missing)
