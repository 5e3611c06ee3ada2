"""Texts of the pipeline in the reader's language (zh_CN): what the module stores for a
person is written in that person's language, dates in their format; what a screen shows is
in the reader's, with its punctuation."""
from odoo.modules.module import get_module_resource
from odoo.tools.misc import format_date
from odoo.tools.translate import PoFile, trans_load

from .crm_lead_common import DevelopmentPipelineCase


class TestTextsInTheReadersLanguage(DevelopmentPipelineCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"].load_lang("zh_CN")
        trans_load(cls.env.cr, get_module_resource("customer_dev_maint", "i18n", "zh_CN.po"),
                   "zh_CN", verbose=False, module_name="customer_dev_maint")
        cls.maint1.lang = "zh_CN"
        cls.team_maint.user_id = cls.maint1

    def test_handover_name_checklist_and_activity_in_the_maintenance_owners_language(self):
        deal = self.complete_for_contract(self.make_opportunity())
        deal.action_set_won()
        handover = deal.handover_id
        self.assertEqual(handover.maintenance_user_id, self.maint1)
        self.assertEqual(handover.name, "Prospect Ltd 的移交")
        chinese_steps = handover.with_context(lang="zh_CN")._default_item_names()
        self.assertNotEqual(chinese_steps, handover.with_context(lang="en_US")._default_item_names())
        self.assertEqual(handover.item_ids.mapped("name"), chinese_steps)
        activity = handover.activity_ids
        self.assertEqual(activity.summary, "接手客户 Prospect Ltd（移交日期 %s）" % format_date(
            self.env, handover.handover_date, lang_code="zh_CN"))

    def test_milestone_reminder_in_the_owners_language_and_date_format(self):
        self.dev1.lang = "zh_CN"
        deal = self.make_opportunity()
        self.env["crm.lead.milestone"].sudo(self.dev1).create(
            {"name": "Pilot", "lead_id": deal.id, "planned_date": "2026-03-10"})
        self.env["crm.lead.milestone"]._cron_milestone_reminders(today="2026-03-08")
        activity = deal.activity_ids
        self.assertEqual(activity.summary, "里程碑到期：Pilot")
        self.assertIn("请于 %s 前交付。" % format_date(self.env, "2026-03-10", lang_code="zh_CN"),
                      activity.note)

    def test_silent_opportunity_reminder_in_the_owners_language(self):
        self.dev2.lang = "zh_CN"
        deal = self.make_opportunity(user=self.dev2)
        self.env["crm.lead"]._cron_remind_silent_opportunities(today="2026-03-10")
        self.assertEqual(deal.activity_ids.summary, "安排下一次联系")

    def test_gate_banner_and_padlock_in_chinese_with_chinese_punctuation(self):
        lead = self.make_opportunity()
        lead.write({"stage_id": self.stage_qualified.id})
        seen = lead.sudo(self.manager).with_context(lang="zh_CN")
        self.assertEqual(seen.gate_banner, "进入T Proposal前，此商机还需要：需求分析和建议解决方案。")
        self.assertEqual(seen.gate_tooltip, "下一阶段需要：需求分析和建议解决方案")
        contract_stage = self.stage_contract.with_context(lang="zh_CN")
        self.assertEqual(contract_stage.gate_summary,
                         "进入条件：筛选通过、需求分析、建议解决方案和合同（编号和签订日期）")

    def test_screening_decision_reads_as_passed_not_as_verified(self):
        """The screening decision Qualified is 已通过 (passed the screening): Odoo's word for
        its CRM stage Qualified, 验证 (verify), reads wrong for a decision, and 合格 is the
        appraisal grade Satisfactory."""
        with open(get_module_resource("crm", "i18n", "zh_CN.po"), "rb") as handle:
            stage_word = {entry[3]: entry[4] for entry in PoFile(handle)}["Qualified"]
        decision = dict(self.env["crm.lead"].with_context(lang="zh_CN")._fields[
            "screening_decision"]._description_selection(self.env(context={"lang": "zh_CN"})))
        self.assertEqual(decision["qualified"], "已通过")
        self.assertNotEqual(decision["qualified"], stage_word)
        form = self.env["crm.lead"].with_context(lang="zh_CN").fields_view_get(
            self.env.ref("customer_dev_maint.crm_lead_view_form_lead_development").id, "form")["arch"]
        self.assertIn("通过筛选", form, "the Qualify button")
