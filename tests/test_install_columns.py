"""Install at a company's scale: the stored computed columns the module adds to
customers, tickets and deals are filled with one UPDATE each when created, with
the values their computes give (install_columns), not computed record by record."""
from psycopg2 import sql

from odoo.addons.customer_dev_maint.install_columns import fill_new_columns, level_sql
from odoo.addons.customer_dev_maint.models.cdm_confidential_mixin import LEVELS, highest_level

from .maintenance_common import MaintenanceCase


class TestInstallColumns(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha = cls.make_customer("Alpha", tier=cls.tier_strategic, sync=False)
        cls.secretive = cls.make_customer("Secretive", sync=False)
        cls.secretive.confidentiality_level = "confidential"
        cls.contact = cls.env["res.partner"].create({"name": "Li Na", "parent_id": cls.secretive.id})
        Ticket = cls.env["helpdesk.ticket"]
        cls.tickets = Ticket.browse()
        for partner, kind in ((cls.alpha, "complaint"), (cls.contact, "complaint"),
                              (cls.contact, "request"), (cls.env["res.partner"], "request")):
            cls.tickets |= Ticket.create({"name": "Broken", "description": "<p>Broken.</p>",
                                          "partner_id": partner.id, "kind": kind})
        Lead = cls.env["crm.lead"]
        cls.leads = Lead.browse()
        for values in ({"partner_id": cls.alpha.id, "probability": 100, "needs": "A new line",
                        "solution": "Line 2", "contract_number": "C-1",
                        "contract_signature_date": "2026-01-05", "planned_revenue": 5000},
                       {"partner_id": cls.contact.id, "probability": 30, "needs": "   "},
                       {"partner_id": cls.contact.id, "active": False},
                       {}):
            cls.leads |= Lead.create(dict({"name": "Deal", "type": "opportunity"}, **values))

    def refill(self, model, records):
        """The columns' values, then the same columns dropped and created again
        by the install's fill; returns both."""
        model = model.with_context(active_test=False)
        values, joins = model._cdm_new_column_values()
        names = sorted(values)
        self.assertTrue(names)

        def stored():
            model.invalidate_cache()
            return {name: records.mapped(lambda rec, name=name: rec[name]) for name in names}

        before = stored()
        cr = self.env.cr
        for name in names:
            cr.execute(sql.SQL("ALTER TABLE {} DROP COLUMN {} CASCADE").format(
                sql.Identifier(model._table), sql.Identifier(name)))
        self.assertEqual(sorted(fill_new_columns(model, values, joins)), names)
        if model._name == "res.partner":
            model._store_all_customer_health()
        return before, stored()

    def test_tickets_columns_filled_as_computed(self):
        self.tickets.invalidate_cache()
        self.assertEqual(self.tickets.mapped("confidentiality_level"),
                         ["normal", "confidential", "confidential", "normal"])
        before, after = self.refill(self.env["helpdesk.ticket"], self.tickets)
        self.assertEqual(after, before)

    def test_deals_columns_filled_as_computed(self):
        self.assertEqual(self.leads.with_context(active_test=False).mapped("deal_outcome"),
                         ["won", "open", "lost", "open"])
        before, after = self.refill(self.env["crm.lead"], self.leads)
        self.assertEqual(after, before)

    def test_customer_health_filled_as_computed(self):
        partners = self.alpha | self.secretive | self.contact
        before, after = self.refill(self.env["res.partner"], partners)
        self.assertEqual(after, before)
        self.assertEqual(after["open_complaint_count"], [1, 1, 0], "the open complaints count")

    def test_level_sql_is_the_strictest_level(self):
        levels = [False] + [level for level, _label in LEVELS]
        for first in levels:
            for second in levels:
                self.env.cr.execute("SELECT %s FROM (SELECT %%s::varchar AS a, %%s::varchar AS b) AS x"
                                    % level_sql("x.a", "x.b"), (first or None, second or None))
                self.assertEqual(self.env.cr.fetchone()[0], highest_level(first, second))
