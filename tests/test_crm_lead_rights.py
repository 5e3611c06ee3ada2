"""Rights on the development pipeline records, per policy role."""
from .common import OPERATIONS
from .crm_lead_common import DevelopmentPipelineCase

ALL = set(OPERATIONS)
RW = {"read", "write", "create"}

EXPECTED_RIGHTS = {
    "cdm.screening.criterion": {
        "dev1": {"read"}, "maint1": {"read"}, "manager": ALL, "auditor": {"read"}, "outsider": set()},
    "crm.lead.screening.score": {
        "dev1": ALL, "maint1": {"read"}, "manager": ALL, "auditor": set(), "outsider": set()},
    "crm.lead.milestone": {
        "dev1": ALL, "maint1": {"read"}, "manager": ALL, "auditor": {"read"}, "outsider": set()},
    "crm.lead.handover": {
        "dev1": RW, "maint1": {"read", "write"}, "manager": ALL, "auditor": {"read"},
        "outsider": set()},
    "crm.lead.handover.item": {
        "dev1": RW, "maint1": {"read", "write"}, "manager": ALL, "auditor": {"read"},
        "outsider": set()},
}


class TestDevelopmentRights(DevelopmentPipelineCase):

    def test_access_rights_match_the_role_matrix(self):
        self.assertAccessRights(EXPECTED_RIGHTS)

    def test_maintenance_owner_opens_the_handover_of_a_deal_they_cannot_see(self):
        self.team_maint.user_id = self.maint1
        deal = self.complete_for_contract(self.make_opportunity())
        deal.action_set_won()
        handover = deal.handover_id.sudo(self.maint1)
        values = handover.read(["name", "lead_id", "partner_id", "user_id", "team_id",
                                "maintenance_user_id", "service_tier_id", "item_ids", "state"])[0]
        self.assertEqual(values["lead_id"][0], deal.id)
        self.assertEqual(values["user_id"][0], self.dev1.id)
        self.assertEqual(len(values["item_ids"]), 5)


class TestDuplicate(DevelopmentPipelineCase):

    def test_duplicate_deal_starts_over_unscreened_in_the_first_stage(self):
        self.team_maint.user_id = self.maint1
        deal = self.complete_for_contract(self.make_opportunity(
            stage_id=self.env.ref("crm.stage_lead1").id))
        deal.action_set_won()
        copy = deal.copy()
        self.assertEqual(copy.stage_id, self.env.ref("crm.stage_lead1"))
        self.assertLess(copy.probability, 100)
        self.assertEqual(copy.screening_decision, "pending")
        self.assertFalse(copy.contract_number)
        self.assertFalse(copy.handover_id)
        self.assertEqual(copy.needs, deal.needs)


class TestDealLinks(DevelopmentPipelineCase):

    def _lead_options(self, model, user):
        from lxml import etree
        arch = self.env[model].sudo(user).fields_view_get(view_type="form")["arch"]
        node = etree.fromstring(arch).xpath("//field[@name='lead_id']")[0]
        return node.get("options") or ""

    def test_deal_link_is_plain_text_for_users_who_cannot_read_the_deal(self):
        for model in ("crm.lead.handover", "cdm.revisit"):
            self.assertIn("no_open", self._lead_options(model, self.maint1), model)
            self.assertNotIn("no_open", self._lead_options(model, self.manager), model)
