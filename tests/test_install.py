from odoo.addons.customer_dev_maint import hooks

from .common import CustomerRelationsCase


class TestInstall(CustomerRelationsCase):

    def test_every_model_of_the_module_has_access_rights(self):
        """A model without ir.model.access is unusable for everyone but the superuser."""
        own = self.env["ir.model"].search([("model", "in", list(hooks._own_models(self.env)))])
        self.assertIn("cdm.revisit", own.mapped("model"))
        missing = [model.model for model in own
                   if not self.env[model.model]._transient and not self.env[model.model]._abstract
                   and not model.access_ids]
        self.assertFalse(missing, "models without access rights: %s" % missing)

    def test_settings_people_edit_are_kept_by_a_module_update(self):
        """Shipped tiers, screening criteria and the policy are noupdate: `-u` keeps what a
        manager changed in them."""
        Data = self.env["ir.model.data"]
        for model in ("cdm.service.tier", "cdm.screening.criterion", "cdm.policy"):
            shipped = Data.search([("module", "=", "customer_dev_maint"), ("model", "=", model)])
            self.assertTrue(shipped, "no shipped %s" % model)
            self.assertEqual(shipped.filtered(lambda d: not d.noupdate), Data,
                             "%s records an update would overwrite" % model)

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

    def test_policy_undone_by_a_savepoint_is_not_remembered(self):
        """A policy created in a savepoint that is rolled back is gone: the next
        lookup finds none and makes a new one, it does not hand back the lost id."""
        company = self.env["res.company"].create({"name": "Third Co."})
        Policy = self.env["cdm.policy"]
        self.assertFalse(Policy.for_company(company, create=False).id)
        self.env.cr.execute("SAVEPOINT cdm_policy_undone")
        lost = Policy.for_company(company)
        self.assertEqual(Policy.for_company(company), lost)
        self.env.cr.execute("ROLLBACK TO SAVEPOINT cdm_policy_undone")
        self.env.cache.invalidate()
        self.assertFalse(Policy.for_company(company, create=False).id,
                         "the lookup still points at the rolled-back policy")
        policy = Policy.for_company(company)
        self.assertNotEqual(policy, lost)
        self.assertEqual(policy.company_id, company)

    def test_policy_moved_then_undone_by_a_savepoint_is_found_again(self):
        company = self.env["res.company"].create({"name": "Fourth Co."})
        Policy = self.env["cdm.policy"]
        main = Policy.for_company()
        self.env.cr.execute("SAVEPOINT cdm_policy_moved")
        main.sudo().write({"company_id": company.id})
        self.assertEqual(Policy.for_company(company), main)
        self.env.cr.execute("ROLLBACK TO SAVEPOINT cdm_policy_moved")
        self.env.cache.invalidate()
        self.assertNotEqual(Policy.for_company(company), main,
                            "the lookup still follows the rolled-back move")
        self.assertEqual(Policy.for_company(), main)

    def _visible_menus(self, user):
        """Names of the Customer Relations menus ``user`` sees: visible
        themselves and through every parent up to the root, as the web
        client shows them."""
        root = self.env.ref("customer_dev_maint.menu_root")
        visible = set(self.env["ir.ui.menu"].sudo(user)._visible_menu_ids())
        names = set()
        for menu in self.env["ir.ui.menu"].search([("id", "child_of", root.id)]):
            chain = menu
            while chain and chain.id in visible and chain != root:
                chain = chain.parent_id
            if chain == root and root.id in visible:
                names.add(menu.name)
        return names

    def test_auditor_reaches_what_they_read_and_nothing_they_cannot(self):
        menus = self._visible_menus(self.auditor)
        for name in ("Revisits", "Revisit Compliance", "Tier History", "Milestones",
                     "Customer Handovers", "Policy Settings", "Service Tiers"):
            self.assertIn(name, menus)
        for name in ("Leads", "Send Update Notice", "Complaints & Problems", "Departments"):
            self.assertNotIn(name, menus)

    def test_user_without_a_role_sees_no_customer_relations_menu(self):
        self.assertFalse(self._visible_menus(self.outsider))

    def test_menu_root_leads_to_real_screens(self):
        root = self.env.ref("customer_dev_maint.menu_root")
        leaves = self.env["ir.ui.menu"].search([("id", "child_of", root.id), ("child_id", "=", False)])
        self.assertTrue(leaves)
        for menu in leaves:
            self.assertTrue(menu.action, "menu %s has no action" % menu.complete_name)
