"""Fixtures of the maintenance tests: tiers and maintained customers."""
import os
from unittest import mock

from odoo.addons.customer_dev_maint.server_only import with_server
from odoo.tools.translate import trans_load

from .common import CustomerRelationsCase

ZH_CN_PO = os.path.join(os.path.dirname(__file__), os.pardir, "customer_dev_maint", "i18n", "zh_CN.po")


class MaintenanceCase(CustomerRelationsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_strategic = cls.env.ref("customer_dev_maint.tier_strategic")
        cls.tier_key = cls.env.ref("customer_dev_maint.tier_key")
        cls.tier_standard = cls.env.ref("customer_dev_maint.tier_standard")
        cls.Revisit = cls.env["cdm.revisit"]
        cls.policy = cls.env["cdm.policy"].for_company()
        cls.team_maint.user_id = cls.manager

    @classmethod
    def make_customer(cls, name, tier=None, owner=None, handover="2026-01-01", sync=True, **values):
        """A maintained customer; ``sync=False`` creates it without its revisit
        (as an import would), leaving the scheduling to the job."""
        vals = {
            "name": name, "is_company": True, "customer": True,
            "email": "%s@example.com" % name.lower().replace(" ", "."),
            "maintenance_user_id": (owner or cls.maint1).id,
            "maintenance_team_id": cls.team_maint.id,
            "service_tier_id": (tier or cls.tier_standard).id,
            "handover_date": handover,
        }
        vals.update(values)
        partner = with_server(cls.env["res.partner"], cdm_no_revisit_sync=not sync).create(vals)
        return partner.with_env(cls.env)

    @classmethod
    def load_chinese(cls, date_format="%Y年%m月%d日"):
        """Simplified Chinese with the module's translations, in this test's
        transaction; its date format is the one given."""
        cls.env.ref("base.lang_zh_CN").write({"active": True, "date_format": date_format})
        trans_load(cls.env.cr, ZH_CN_PO, "zh_CN", verbose=False, module_name="customer_dev_maint")

    def freeze_today(self, day):
        """Fix the policy's today (``YYYY-MM-DD``) for the rest of the test."""
        patcher = mock.patch.object(type(self.env["cdm.policy"]), "today",
                                    lambda model, company=None, now=None: day)
        patcher.start()
        self.addCleanup(patcher.stop)

    def open_revisits(self, partner):
        return self.Revisit.search([("partner_id", "=", partner.id), ("state", "=", "planned")])

    def complete(self, revisit, user=None, date_done="2026-02-01", satisfaction=4, channel="visit", **values):
        values.update({"date_done": date_done, "satisfaction": satisfaction, "channel": channel})
        revisit = revisit.sudo(user or self.maint1)
        revisit.write(values)
        revisit.action_complete()
        return revisit
