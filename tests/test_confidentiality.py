"""Confidentiality levels (C1) and the record rules of each role (C2)."""
from odoo.addons.customer_dev_maint.models.cdm_confidentiality_gate import is_gated
from odoo.exceptions import AccessError, UserError

from .confidentiality_common import ConfidentialityCase

LEVELS = ("normal", "confidential", "secret")
# What each role sees of the customer's records, per level: N normal,
# C confidential, S secret. Write is checked where the role's access rights
# allow writing the model at all.
DEAL = {"dev1": "NCS", "devlead": "NC", "dev2": "", "dev3": "NCS", "maint1": "NCS",
        "maint2": "", "manager": "NCS"}
CUSTOMER = {"dev1": "NCS", "devlead": "NC", "dev2": "", "dev3": "NCS", "maint1": "NCS",
            "maint2": "", "manager": "NCS"}
VISIBLE = {
    "res.partner": {"dev1": "NCS", "devlead": "NC", "dev2": "N", "dev3": "NCS", "maint1": "NCS",
                    "maint2": "N", "manager": "NCS", "auditor": "NC", "outsider": "N"},
    "crm.lead": dict(DEAL, auditor="", outsider=""),
    "crm.lead.screening.score": dict(DEAL, auditor="", outsider=""),
    "crm.lead.milestone": dict(DEAL, auditor="NC", outsider=""),
    "crm.lead.handover": dict(DEAL, auditor="NC", outsider=""),
    "crm.lead.handover.item": dict(DEAL, auditor="NC", outsider=""),
    "cdm.revisit": dict(CUSTOMER, auditor="NC", outsider=""),
    "cdm.tier.change": dict(CUSTOMER, auditor="NC", outsider=""),
    # Tickets: the helpdesk queue is shared; the level closes it.
    "helpdesk.ticket": {"dev1": "", "devlead": "", "dev2": "", "dev3": "", "maint1": "NCS",
                        "maint2": "N", "manager": "NCS", "auditor": "", "outsider": ""},
}
# Roles that read what the table gives them but do not write it: the maintenance
# owner reads the deals of the customers they maintain (their own opportunities
# they write).
READ_ONLY = {("crm.lead", "maint1")}


class TestRuleTable(ConfidentialityCase):

    def test_each_role_sees_and_writes_what_the_table_says(self):
        mismatches = []
        for level in LEVELS:
            self.set_level(level)
            for model, by_role in VISIBLE.items():
                record = self.records[model]
                self.assertEqual(record.confidentiality_level, level, model)
                for role, levels in by_role.items():
                    user = getattr(self, role)
                    allowed = level[0].upper() in levels
                    for operation in ("read", "write"):
                        got = self._allowed(user, record, operation)
                        expected = allowed and (operation == "read" or (
                            (model, role) not in READ_ONLY and self.env[model].sudo(
                                user).check_access_rights("write", raise_exception=False)))
                        if got != expected:
                            mismatches.append("%s %s %s %s: %s" % (
                                role, operation, level, model, "allowed" if got else "denied"))
        if mismatches:
            self.fail("Rules differ from the table:\n" + "\n".join(mismatches))

    def _allowed(self, user, record, operation):
        if operation == "read":
            return self.sees(user, record)
        if not record.sudo(user).check_access_rights("write", raise_exception=False):
            return False
        try:
            record.sudo(user).check_access_rule("write")
        except AccessError:
            return False
        return True

    def test_every_model_sharing_the_level_has_the_gate_and_a_company_rule(self):
        """The gate is added by ir.rule to every model behind it, once, for
        every operation; a company rule stays a rule record per model."""
        Rule = self.env["ir.rule"]
        gated = [name for name in self.env.registry if is_gated(self.env[name])]
        self.assertIn("res.partner", gated)
        self.assertIn("crm.lead", gated)
        for name in gated:
            for mode in ("read", "write", "create", "unlink"):
                domain = Rule.sudo(self.dev1)._compute_domain(name, mode)
                self.assertEqual(str(domain).count("cdm_open_to_user_id"), 1, (name, mode))
            if name == "res.partner":
                continue
            rules = Rule.search([("model_id.model", "=", name), ("global", "=", True)])
            self.assertTrue(rules.filtered(lambda r: "company_id" in r.domain_force), name)
            self.assertFalse(rules.filtered(lambda r: "confidentiality_level" in r.domain_force), name)


class TestLevels(ConfidentialityCase):

    def test_records_follow_the_customer_when_its_level_changes(self):
        self.set_level("secret")
        for model, record in self.records.items():
            self.assertEqual(record.confidentiality_level, "secret", model)
        self.set_level("normal")
        for model, record in self.records.items():
            self.assertEqual(record.confidentiality_level, "normal", model)

    def test_contacts_share_the_company_level(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        self.set_level("confidential")
        self.assertEqual(contact.confidentiality_level, "confidential")
        self.assertEqual(contact.cdm_authorized_user_ids, self.dev3)

    def test_a_record_raised_above_its_customer_stays_raised_and_passes_it_to_its_lines(self):
        self.lead.sudo(self.dev1).confidentiality_own_level = "confidential"
        self.assertEqual(self.lead.confidentiality_level, "confidential")
        self.assertEqual(self.milestone.confidentiality_level, "confidential")
        self.assertEqual(self.handover_item.confidentiality_level, "confidential")
        self.assertEqual(self.customer.confidentiality_level, "normal")
        self.set_level("normal")
        self.assertEqual(self.lead.confidentiality_level, "confidential")

    def test_only_managers_set_secret_or_lower_a_level(self):
        partner = self.customer.sudo(self.dev1)
        partner.confidentiality_level = "confidential"
        with self.assertRaises(AccessError):
            partner.confidentiality_level = "secret"
        with self.assertRaises(AccessError):
            partner.confidentiality_level = "normal"
        lead = self.lead.sudo(self.dev1)
        lead.confidentiality_own_level = "confidential"
        with self.assertRaises(AccessError):
            lead.confidentiality_own_level = False
        with self.assertRaises(AccessError):
            lead.confidentiality_own_level = "secret"
        self.customer.sudo(self.manager).confidentiality_level = "secret"
        self.customer.sudo(self.manager).confidentiality_level = "normal"
        self.assertEqual(self.customer.confidentiality_level, "normal")

    def test_level_changes_are_tracked(self):
        customer = self.customer.sudo(self.manager).with_context(tracking_disable=False)
        customer.confidentiality_level = "secret"
        customer.cdm_authorized_user_ids = [(4, self.dev2.id)]
        values = self.env["mail.tracking.value"].search([
            ("mail_message_id.model", "=", "res.partner"),
            ("mail_message_id.res_id", "=", self.customer.id), ("field", "=", "confidentiality_level")])
        self.assertEqual(values.mapped("new_value_char"), ["Secret"])
        notes = self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "=", self.customer.id),
            ("body", "ilike", "Dev2")])
        self.assertTrue(notes)

    def test_new_customers_take_the_default_level_of_the_settings(self):
        self.policy.confidentiality_default_level = "confidential"
        partner = self.env["res.partner"].sudo(self.dev1).create(
            {"name": "New Co", "is_company": True, "customer": True})
        self.assertEqual(partner.confidentiality_level, "confidential")
        user_partner = self.env["res.partner"].create({"name": "Not a customer"})
        self.assertEqual(user_partner.confidentiality_level, "normal")


class TestMaintenanceOwnerReadsTheWonDeal(ConfidentialityCase):

    def test_opportunity_count_on_the_customer_counts_the_deal_for_its_maintenance_owner(self):
        self.set_level("confidential")
        self.assertEqual(self.customer.sudo(self.maint1).opportunity_count, 1)
        self.assertEqual(self.customer.sudo(self.dev3).opportunity_count, 1)
        self.assertFalse(self.env["crm.lead"].sudo(self.maint2).search(
            [("partner_id", "=", self.customer.id)]))
        self.assertEqual(self.lead.sudo(self.maint1).read(["name"])[0]["name"], "Secret deal")


class TestOwnersAndAuthorisedUsers(ConfidentialityCase):
    """The one condition the record rules use for a customer's people."""

    def test_owners_and_authorised_users_find_the_customer_others_do_not(self):
        Partner = self.env["res.partner"]
        for user in (self.dev1, self.maint1, self.dev3):
            self.assertIn(self.customer, Partner.search([("cdm_access_user_ids", "=", user.id)]))
            self.assertIn(user, self.customer.cdm_access_user_ids)
        for user in (self.dev2, self.maint2, self.auditor):
            self.assertNotIn(self.customer, Partner.search([("cdm_access_user_ids", "=", user.id)]))
            self.assertNotIn(user, self.customer.cdm_access_user_ids)
        with self.assertRaisesRegex(UserError, "given users"):
            Partner.search([("cdm_access_user_ids", "ilike", "Dev")])
