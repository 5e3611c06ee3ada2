"""Screening criteria and service tiers (D2, M1) are shared by the companies
(no company) or belong to one: a user of a second company sees the shared
ones and their own company's, never another company's."""
from odoo.exceptions import AccessError

from .common import CustomerRelationsCase


class TestConfigurationPerCompany(CustomerRelationsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main_company = cls.env.ref("base.main_company")
        cls.sister = cls.env["res.company"].create({"name": "Sister Co."})
        cls.dev_sister = cls.env["res.users"].create({
            "name": "Dev Sister", "login": "cdm_test_dev_sister", "email": "ds@example.com",
            "company_id": cls.sister.id, "company_ids": [(6, 0, [cls.sister.id])],
            "groups_id": [(6, 0, [cls.env.ref("customer_dev_maint.group_development_user").id,
                                  cls.env.ref("customer_dev_maint.group_maintenance_user").id])]})

    def _per_company(self, model, values):
        Model = self.env[model]
        return {
            "shared": Model.create(dict(values, name="Shared", company_id=False)),
            "main": Model.create(dict(values, name="Of the main company", company_id=self.main_company.id)),
            "sister": Model.create(dict(values, name="Of the sister", company_id=self.sister.id)),
        }

    def _check(self, model, records):
        for user, visible in ((self.dev1, ("shared", "main")), (self.dev_sister, ("shared", "sister"))):
            Model = self.env[model].sudo(user)
            found = Model.search([("id", "in", [record.id for record in records.values()])])
            self.assertEqual(found, Model.browse([records[key].id for key in visible]),
                             "%s as %s" % (model, user.login))
        other = records["main"].sudo(self.dev_sister)
        with self.assertRaises(AccessError):
            other.read(["name"])
        self.assertFalse(self.env[model].sudo(self.dev_sister).name_search("Of the main company"))

    def test_screening_criteria_shared_or_of_their_company(self):
        records = self._per_company("cdm.screening.criterion", {"weight": 1.0})
        self._check("cdm.screening.criterion", records)

    def test_service_tiers_shared_or_of_their_company(self):
        records = self._per_company("cdm.service.tier", {"revisit_interval_days": 45})
        self._check("cdm.service.tier", records)
        shipped = self.env.ref("customer_dev_maint.tier_standard")
        self.assertEqual(shipped.sudo(self.dev_sister).read(["name"])[0]["name"], "Standard")
