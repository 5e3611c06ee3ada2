from .common import CustomerRelationsCase


class TestInstall(CustomerRelationsCase):

    def test_module_is_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "customer_dev_maint")])
        self.assertEqual(module.state, "installed")

    def test_main_company_has_a_policy(self):
        policy = self.env.ref("customer_dev_maint.policy_main_company")
        self.assertEqual(policy.company_id, self.env.ref("base.main_company"))
        self.assertEqual(self.env["cdm.policy"].for_company(), policy)

    def test_policy_created_on_first_use_for_a_new_company(self):
        company = self.env["res.company"].create({"name": "Second Co."})
        policy = self.env["cdm.policy"].for_company(company)
        self.assertEqual(policy.company_id, company)
        self.assertEqual(self.env["cdm.policy"].for_company(company), policy,
                         "a second call finds the same policy, it does not create another")

    def test_menu_root_leads_to_real_screens(self):
        root = self.env.ref("customer_dev_maint.menu_root")
        leaves = self.env["ir.ui.menu"].search([("id", "child_of", root.id), ("child_id", "=", False)])
        self.assertTrue(leaves)
        for menu in leaves:
            self.assertTrue(menu.action, "menu %s has no action" % menu.complete_name)
