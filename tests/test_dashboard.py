"""The management dashboard (I4): one tile per figure, each opening exactly
the records its count counts, for managers only."""
from odoo.exceptions import AccessError

from .appraisal_run_common import AppraisalRunCase

TODAY = "2026-04-10"


class TestDashboard(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        stages = cls.env["crm.stage"].search([], order="sequence", limit=2)
        cls.stage_first, cls.stage_second = stages[0], stages[1]
        for name, stage in (("Deal A", cls.stage_first), ("Deal B", cls.stage_first),
                            ("Deal C", cls.stage_second)):
            lead = Lead.create({"name": name, "type": "opportunity", "user_id": cls.dev1.id})
            # Put in its stage in SQL: the stage gates are not what these tests are about.
            cls.env.cr.execute("UPDATE crm_lead SET stage_id = %s WHERE id = %s",
                               (stage.id, lead.id))
            lead.invalidate_cache()
        customer = cls.company("Revisited Co", maintenance_user_id=cls.maint1.id)
        cls.done_revisit(customer, cls.maint1, "2026-02-10", "2026-02-09", 4)   # on time
        cls.done_revisit(customer, cls.maint1, "2026-03-10", "2026-03-15", 2)   # late
        cls.done_revisit(customer, cls.maint1, "2025-09-10", "2025-09-10", 5)   # before the trend
        cls.env["cdm.revisit"].create({"partner_id": customer.id, "user_id": cls.maint1.id,
                                       "date_due": "2026-04-01"})               # overdue
        later = cls.company("Later Co", maintenance_user_id=cls.maint1.id)
        cls.env["cdm.revisit"].create({"partner_id": later.id, "user_id": cls.maint1.id,
                                       "date_due": "2026-04-20"})               # not due yet
        Case = cls.env["cdm.misconduct.case"].sudo(cls.manager)
        for measure in ("verbal_warning", "written_warning"):
            Case.create({"employee_id": cls.emp_dev2.id, "date": "2026-03-10",
                         "kind": "failure_of_duty", "description": "Late.", "measure": measure})
        cls.Tile = cls.env["cdm.dashboard.tile"]

    def approved_run(self):
        run = self.make_run(self.emp_dev1 | self.emp_dev2)
        run._compute_run(today=TODAY)
        for appraisal in run.appraisal_ids:
            appraisal.sudo(appraisal.user_id).action_submit()
            appraisal.sudo(self.manager).write({"manager_comment": "Reviewed."})
            appraisal.sudo(self.manager).action_review()
            appraisal.sudo(self.manager).action_approve()
        run.sudo(self.manager).action_approve()
        return run

    def tiles(self, user):
        return {tile.code: tile for tile in self.Tile.sudo(user).search([])}

    def test_every_tile_opens_exactly_the_records_it_counts(self):
        run = self.approved_run()
        tiles = self.tiles(self.manager)
        self.assertEqual(len(tiles), 6)
        expected = {"pipeline": 3, "revisit_compliance": 3, "satisfaction_trend": 2,
                    "appraisal_grades": 2, "misconduct_open": 2}
        for code, tile in tiles.items():
            data = tile._tile(code, TODAY)
            action = tile._open_tile(today=TODAY)
            records = self.env[action["res_model"]].sudo(self.manager).search(action["domain"])
            self.assertEqual(len(records), data["count"], code)
            if code in expected:
                self.assertEqual(data["count"], expected[code], code)
        grades = self.env["cdm.appraisal"].sudo(self.manager).search(
            tiles["appraisal_grades"]._open_tile(today=TODAY)["domain"])
        self.assertEqual(grades, run.appraisal_ids)
        self.assertIn("%s: 2" % self.stage_first.name,
                      tiles["pipeline"]._tile("pipeline", TODAY)["summary"])
        self.assertIn("33.3% on time: 1 of 3",
                      tiles["revisit_compliance"]._tile("revisit_compliance", TODAY)["summary"])

    def test_the_dashboard_is_for_managers(self):
        tiles = self.tiles(self.manager)
        self.assertTrue(tiles["pipeline"].record_count)
        for user in (self.dev1, self.maint1, self.auditor):
            with self.assertRaises(AccessError):
                self.Tile.sudo(user).search([])
