"""P2: the complaint desk (helpdesk_mgmt, helpdesk_mgmt_rating screens) in Simplified
Chinese. The module ships their Chinese in customer_dev_maint/i18n_extra/zh_CN.po, which
Odoo loads with the module's own translations whenever it loads them: when the module is
installed or updated (an update of helpdesk_mgmt updates the modules depending on it) and
when an administrator loads or reloads the language."""
from odoo.modules.module import load_information_from_description_file
from odoo.tools import convert_file

from .helpdesk_common import T0, HelpdeskCase

HELPDESK_MODULES = ("helpdesk_mgmt", "helpdesk_mgmt_rating")
# Each depends on the one before it.
MODULES = HELPDESK_MODULES + ("customer_dev_maint",)


class TestHelpdeskInChinese(HelpdeskCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_zh_CN").write({"active": True})
        cls.Module = cls.env["ir.module.module"]

    def load_language(self, overwrite=False):
        """Settings > Translations > Load a Translation: the terms of every installed module
        are loaded, dependencies first (``overwrite``: "Overwrite Existing Terms")."""
        installed = self.Module.search([("state", "=", "installed"), ("name", "in", MODULES)])
        installed.with_context(overwrite=overwrite)._update_translations("zh_CN")

    def update_module(self, name, only=""):
        """What ``-u name`` does here: the module's data files (those whose name contains
        ``only``) are loaded again in update mode, then each updated module (the module and
        those depending on it, dependencies first) loads its translations for the
        installed languages."""
        info = load_information_from_description_file(name)
        idref = {}
        for filename in [filename for filename in info["data"] if only in filename]:
            convert_file(self.env.cr, name, filename, idref, mode="update", noupdate=False, kind="data")
        self.env.clear()
        for module in MODULES[MODULES.index(name):]:
            self.Module.search([("name", "=", module)])._update_translations()
        self.env.clear()

    def assert_helpdesk_in_chinese(self):
        env = self.env(user=self.maint1.id, context={"lang": "zh_CN"})
        self.assertEqual(env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu").name, "服务台")
        stages = {ref: env.ref("helpdesk_mgmt.helpdesk_ticket_stage_%s" % ref).name
                  for ref in ("new", "in_progress", "awaiting", "done", "cancelled")}
        self.assertEqual(stages, {"new": "新建", "in_progress": "处理中", "awaiting": "等待中",
                                  "done": "已完成", "cancelled": "已取消"})
        fields = env["helpdesk.ticket"].fields_get(["user_id", "priority", "stage_id", "tag_ids"])
        self.assertEqual(fields["user_id"]["string"], "负责人")
        self.assertEqual(fields["stage_id"]["string"], "阶段")
        self.assertEqual(dict(fields["priority"]["selection"])["2"], "高")
        form = env["helpdesk.ticket"].fields_view_get(
            env.ref("helpdesk_mgmt.ticket_view_form").id, "form")["arch"]
        self.assertIn("分派给我", form, "the Assign to me button")
        self.assertNotIn('string="Assign to me"', form)
        tree = env["helpdesk.ticket"].fields_view_get(view_type="tree")
        self.assertIn("工单编号", str(tree["fields"]["number"]["string"]))

    def test_helpdesk_screens_are_in_chinese_once_the_language_is_loaded(self):
        self.load_language()
        self.assert_helpdesk_in_chinese()

    def test_chinese_of_the_helpdesk_survives_an_update_of_either_module(self):
        self.load_language()
        self.update_module("helpdesk_mgmt")
        self.assert_helpdesk_in_chinese()
        # The module's own files that touch the helpdesk (its stages, views and menus).
        self.update_module("customer_dev_maint", only="helpdesk_ticket")
        self.assert_helpdesk_in_chinese()

    def test_chinese_of_the_helpdesk_survives_reloading_the_language(self):
        self.load_language()
        self.load_language(overwrite=True)
        self.assert_helpdesk_in_chinese()

    def test_the_rating_mail_is_in_the_customers_language(self):
        self.load_language()
        self.contact.lang = "zh_CN"
        english = self.env["res.partner"].create({
            "name": "Pat Smith", "email": "pat@example.com", "lang": "en_US",
            "parent_id": self.strategic.id})
        mails = {}
        for partner in (self.contact, english):
            ticket = self.open_ticket(T0, partner_id=partner.id)
            before = self.env["mail.mail"].search([])
            self.move(ticket, self.stage_resolved, T0)
            mails[partner] = self.env["mail.mail"].search([]) - before
            self.assertEqual(len(mails[partner]), 1, "one rating request per resolved ticket")
        chinese = mails[self.contact]
        self.assertIn("满意度调查", chinese.subject)
        self.assertIn("请告诉我们您对服务的感受", chinese.body_html)
        self.assertIn("您的工单已进入阶段", chinese.body_html)
        self.assertNotIn("Tell us how you feel", chinese.body_html)
        self.assertIn("Satisfaction Survey", mails[english].subject)
        self.assertIn("Tell us how you feel about our service", mails[english].body_html)
