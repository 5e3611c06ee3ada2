"""What the uninstall hook acts on. The whole cycle (install with data, uninstall,
checks, reinstall) runs on its own database: tools/uninstall-check.sh, part of make test."""
from odoo.addons.customer_dev_maint import hooks

from .common import CustomerRelationsCase


class TestUninstallHook(CustomerRelationsCase):

    def test_own_models_are_those_the_module_defines_not_those_it_extends(self):
        own = hooks._own_models(self.env)
        for model in ("cdm.service.tier", "cdm.screening.criterion", "cdm.revisit",
                      "crm.lead.handover", "crm.lead.screening.score"):
            self.assertIn(model, own)
        for model in ("res.partner", "crm.lead", "crm.team", "helpdesk.ticket", "res.users"):
            self.assertNotIn(model, own)

    def test_references_that_block_deleting_shipped_records_are_found(self):
        fields = {(field.model_name, field.name)
                  for field in hooks._restricting_references(self.env, hooks._own_models(self.env))}
        for reference in (("res.partner", "service_tier_id"),
                          ("crm.lead.handover", "service_tier_id"),
                          ("crm.lead.screening.score", "criterion_id")):
            self.assertIn(reference, fields)
        # Only columns of the module itself are emptied, never one of Odoo's (a user's partner).
        self.assertNotIn(("res.users", "partner_id"), fields)
        Data = self.env["ir.model.data"]
        for model, name in fields:
            field = self.env["ir.model.fields"].search([("model", "=", model), ("name", "=", name)])
            self.assertTrue(Data.search_count([("module", "=", "customer_dev_maint"),
                                               ("model", "=", "ir.model.fields"),
                                               ("res_id", "=", field.id)]),
                            "%s.%s is not a field of the module" % (model, name))
