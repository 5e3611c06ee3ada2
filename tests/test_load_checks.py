"""Smoke test of the load test's checks (``make load``, benchmarks/load/check.py)
on this test's own data: they find a lost write, a message posted twice, a
customer with two open revisits and a failure in a node's log, and count a
query refused for a concurrent update that Odoo retried apart."""
import os
import tempfile

from benchmarks.load import check

from .maintenance_common import MaintenanceCase


class TestLoadChecks(MaintenanceCase):

    def test_acknowledged_writes(self):
        lead = self.env["crm.lead"].create({"name": "LOAD lead 1", "description": "LOAD write 1"})
        message = lead.message_post(body="<p>LOAD note 1</p>", message_type="comment")
        acked = [
            {"kind": "create", "model": "crm.lead", "id": lead.id, "field": "name",
             "value": "LOAD lead 1"},
            {"kind": "write", "model": "crm.lead", "id": lead.id, "field": "description",
             "value": "LOAD write 0"},
            {"kind": "write", "model": "crm.lead", "id": lead.id, "field": "description",
             "value": "LOAD write 1"},
            {"kind": "message", "model": "crm.lead", "res_id": lead.id, "id": message.id,
             "value": "LOAD note 1"},
        ]
        result = check.check_acknowledged(self.env.cr, acked)
        self.assertEqual((result["lost"], result["doubled"]), ([], []),
                         "the last write of each record counts")
        self.assertEqual(result["acknowledged"], {"create": 1, "write": 2, "message": 1})

        lead.write({"description": "overwritten"})
        lead.message_post(body="<p>LOAD note 1</p>", message_type="comment")
        result = check.check_acknowledged(self.env.cr, acked)
        self.assertEqual([entry["value"] for entry in result["lost"]], ["LOAD write 1"])
        self.assertEqual([entry["value"] for entry in result["doubled"]], ["LOAD note 1"])

    def test_two_open_revisits(self):
        customer = self.make_customer("Twice Planned Co")
        self.assertNotIn(customer.id, [row[0] for row in check.check_revisits(
            self.env.cr)["customers with two open revisits"]])
        revisit = self.open_revisits(customer)
        self.assertEqual(len(revisit), 1)
        # The database refuses a second planned revisit (an exclusion constraint); the
        # check does not rely on it: without it (in this transaction only) it finds one.
        self.env.cr.execute("ALTER TABLE cdm_revisit DROP CONSTRAINT cdm_revisit_single_planned")
        self.env.cr.execute("""
            INSERT INTO cdm_revisit (name, partner_id, user_id, company_id, date_due, state)
            SELECT name || '-2', partner_id, user_id, company_id, date_due, 'planned'
              FROM cdm_revisit WHERE id = %s""", (revisit.id,))
        self.assertIn([customer.id, 2], check.check_revisits(
            self.env.cr)["customers with two open revisits"])

    def test_logs(self):
        lines = [
            "2026-12-03 19:00:28,220 17561 ERROR db odoo.sql_db: bad query: INSERT INTO x",
            "ERROR: could not serialize access due to concurrent update",
            "2026-12-03 19:00:28,221 17561 INFO db odoo.service.model: SERIALIZATION_FAILURE, "
            "retry 1/5 in 0.1365 sec...",
            "2026-12-03 19:01:00,000 17563 INFO db odoo.addons.base.ir.ir_cron: Starting job "
            "`Customer Relations: send queued update notices`.",
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as log:
            log.write("\n".join(lines) + "\n")
        self.addCleanup(os.unlink, log.name)
        result = check.check_logs([log.name])[os.path.basename(log.name)]
        self.assertEqual(result["errors"]["count"], 0, "a retried concurrency error is no error")
        self.assertEqual(result["concurrency errors logged"], 1)
        self.assertEqual(result["retried"], {"SERIALIZATION_FAILURE": 1})
        self.assertEqual(result["jobs"], {"Customer Relations: send queued update notices": 1})

        with open(log.name, "a") as f:
            f.write("2026-12-03 19:02:00,000 17563 ERROR db odoo.addons.base.ir.ir_cron: Call "
                    "from cron Customer Relations for server action #5 failed in Job #7\n"
                    "Traceback (most recent call last):\n")
        result = check.check_logs([log.name])
        self.assertEqual(result[os.path.basename(log.name)]["errors"]["count"], 1)
        self.assertIn("1 errors", " ".join(check.failures({
            "acknowledged writes": {"lost": [], "doubled": []},
            "update notices": {"sent twice": [], "incomplete": []},
            "revisits": {"customers with two open revisits": []},
            "reminders": {"given twice": [],
                          "reminded milestones without exactly one reminder": 0},
            "locks": {"locks held": 0}, "logs": result})))
