"""Item 12: every database constraint a user can hit ends in a message the
user understands, through the same wrapper the web client and XML-RPC go
through (Odoo 11 with psycopg2 2.8 raised a TypeError for unique indexes)."""
from odoo.addons.customer_dev_maint import sql_errors
from odoo.exceptions import ValidationError
from odoo.service import model as service_model
from odoo.tools import mute_logger

from .maintenance_common import MaintenanceCase


class TestRevisitSqlErrors(MaintenanceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.make_customer("Acme", tier=cls.tier_key, handover="2026-01-01")

    def as_request(self, function):
        """Run ``function`` as a web or RPC request would: inside Odoo's
        entry-point wrapper, the failed statement rolled back to a savepoint."""
        def request(dbname):
            with self.env.cr.savepoint():
                return function()
        with mute_logger("odoo.sql_db", "odoo.addons.customer_dev_maint.sql_errors"):
            return service_model.check(request)(self.env.cr.dbname)

    def test_a_second_planned_revisit_is_explained(self):
        Revisit = self.env["cdm.revisit"].sudo(self.maint1)
        with self.assertRaisesRegex(ValidationError, "one planned revisit at a time"):
            self.as_request(lambda: Revisit.create({"partner_id": self.acme.id, "date_due": "2026-06-01"}))
        self.assertEqual(len(self.open_revisits(self.acme)), 1)

    def test_the_planned_revisit_constraint_is_kept_by_updates(self):
        """Declared as PostgreSQL prints it back: an update compares the two
        and would otherwise drop and rebuild it every time."""
        self.env.cr.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                            "WHERE conname = 'cdm_revisit_single_planned'")
        declared = {key: definition for key, definition, _message in self.Revisit._sql_constraints}
        self.assertEqual(self.env.cr.fetchone()[0], declared["single_planned"])
        self.env.cr.execute("SELECT 1 FROM pg_class WHERE relname = 'cdm_revisit_one_planned_per_partner'")
        self.assertFalse(self.env.cr.fetchall(), "the index it replaces is gone")

    def test_a_completed_revisit_without_its_date_is_explained(self):
        revisit = self.open_revisits(self.acme).sudo(self.maint1)
        with self.assertRaisesRegex(ValidationError, "needs the date it was made"):
            self.as_request(lambda: revisit.write(
                {"state": "done", "satisfaction": 4, "channel": "visit", "date_done": False}))

    def test_a_tier_interval_of_zero_days_is_explained(self):
        tier = self.tier_key.sudo(self.manager)
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self.as_request(lambda: tier.write({"revisit_interval_days": 0}))

    def test_a_second_policy_for_the_company_is_explained(self):
        Policy = self.env["cdm.policy"].sudo(self.manager)
        with self.assertRaisesRegex(ValidationError, "one customer relations policy"):
            self.as_request(lambda: Policy.create({"company_id": self.env.user.company_id.id}))

    def test_a_contract_number_used_twice_is_explained(self):
        Lead = self.env["crm.lead"].sudo(self.dev1)
        values = {"name": "Deal", "type": "opportunity", "contract_number": "C-7"}
        Lead.create(values)
        with self.assertRaisesRegex(ValidationError, "contract number is already used"):
            self.as_request(lambda: Lead.create(values))

    def test_a_criterion_scored_twice_is_explained(self):
        criterion = self.env["cdm.screening.criterion"].create({"name": "Fit", "weight": 1})
        lead = self.env["crm.lead"].sudo(self.dev1).create({"name": "Lead", "type": "lead"})
        Score = self.env["crm.lead.screening.score"].sudo(self.dev1)
        values = {"lead_id": lead.id, "criterion_id": criterion.id, "score": 3}
        if not lead.screening_score_ids.filtered(lambda line: line.criterion_id == criterion):
            Score.create(values)
        with self.assertRaisesRegex(ValidationError, "scored only once"):
            self.as_request(lambda: Score.create(values))

    def test_a_unique_index_outside_any_declaration_is_explained(self):
        """Any unique index (another addon's, one made in SQL) gets a message
        naming the record and the constraint, never a TypeError."""
        self.env.cr.execute("CREATE UNIQUE INDEX cdm_test_partner_ref ON res_partner (ref) "
                            "WHERE ref = 'CDM-DUP'")
        Partner = self.env["res.partner"].sudo(self.maint1)
        Partner.create({"name": "First", "ref": "CDM-DUP"})
        with self.assertRaisesRegex(ValidationError, "already has this value.*cdm_test_partner_ref"):
            self.as_request(lambda: Partner.create({"name": "Second", "ref": "CDM-DUP"}))

    def test_rpc_and_web_entry_points_use_the_wrapper(self):
        self.assertIs(service_model.check, sql_errors.check, "odoo.http reads it on every request")
        probe = sql_errors.check(lambda dbname: None)
        self.assertIs(service_model.execute.__wrapped__.__code__, probe.__wrapped__.__code__,
                      "XML-RPC execute and execute_kw go through it")
