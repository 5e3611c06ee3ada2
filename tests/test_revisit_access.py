"""Rights on the maintenance models for each policy role (record rules per
customer come later, with confidentiality)."""
from .maintenance_common import MaintenanceCase

EXPECTED_RIGHTS = {
    "cdm.revisit": {
        "dev1": {"read"},
        "maint1": {"read", "write", "create"},
        "manager": {"read", "write", "create", "unlink"},
        "auditor": {"read"},
        "outsider": set(),
    },
    "cdm.tier.change": {
        "dev1": {"read"},
        "maint1": {"read"},
        "manager": {"read"},
        "auditor": {"read"},
        "outsider": set(),
    },
    "cdm.revisit.compliance.report": {
        "dev1": set(),
        "maint1": {"read"},
        "manager": {"read"},
        "auditor": {"read"},
        "outsider": set(),
    },
}


class TestRevisitAccess(MaintenanceCase):

    def test_access_rights_match_the_role_matrix(self):
        self.assertAccessRights(EXPECTED_RIGHTS)

    def test_tier_is_editable_on_the_form_for_managers_only(self):
        def tier_readonly(user):
            arch = self.env["res.partner"].sudo(user).fields_view_get(
                view_id=self.env.ref("base.view_partner_form").id, view_type="form")["arch"]
            start = arch.index('name="service_tier_id"')
            tag = arch[arch.rindex("<", 0, start):arch.index(">", start)]
            return 'readonly="1"' in tag
        self.assertTrue(tier_readonly(self.maint1))
        self.assertFalse(tier_readonly(self.manager))

    def test_maintenance_user_sends_notices_and_reads_compliance(self):
        self.assertTrue(self.env.ref("customer_dev_maint.menu_maintenance_revisits")
                        .sudo(self.maint1)._filter_visible_menus())
        self.assertFalse(self.env.ref("customer_dev_maint.menu_maintenance_tier_history")
                         .sudo(self.maint1)._filter_visible_menus())
        self.assertTrue(self.env.ref("customer_dev_maint.menu_maintenance_tier_history")
                        .sudo(self.manager)._filter_visible_menus())
