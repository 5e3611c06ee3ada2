"""Time the complaint SLA job (M6) on N running complaints, a tenth of which
reach their at-risk moment, against a baseline measured in the same run: the
plain ORM way, every running ticket re-evaluated one by one.

Run with the workbench's Python against a database where the module is
installed; everything it creates is rolled back:

    .state/venv/bin/python benchmarks/bench_sla_job.py \\
        -c .state/odoo.conf -d cdm_demo [--sizes 200,1000] [--batch-size 500]
"""
import argparse
import time
from datetime import datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields

NOW = datetime(2026, 12, 1, 8, 0)


def insert_tickets(cr, count, partner_id, user_id, tier_id, stage_id):
    """``count`` running complaints in one statement: every tenth one is past
    its response at-risk moment, the others far from it."""
    cr.execute("""
        INSERT INTO helpdesk_ticket (number, name, description, partner_id, user_id, stage_id,
                                     company_id, kind, severity, sla_tier_id, sla_start,
                                     response_target_hours, resolution_target_hours,
                                     response_deadline, resolution_deadline,
                                     response_risk_date, resolution_risk_date,
                                     response_state, resolution_state, sla_state,
                                     create_date, write_date, create_uid, write_uid)
        SELECT 'BENCH' || n, 'Bench complaint ' || n, '<p>x</p>', %(partner)s, %(user)s, %(stage)s,
               1, 'complaint', 'normal', %(tier)s, %(start)s::timestamp, 2, 24,
               %(start)s::timestamp
                   + CASE WHEN n %% 10 = 0 THEN interval '2 hours' ELSE interval '20 days' END,
               %(start)s::timestamp + interval '30 days',
               %(start)s::timestamp
                   + CASE WHEN n %% 10 = 0 THEN interval '90 minutes' ELSE interval '15 days' END,
               %(start)s::timestamp + interval '25 days',
               'on_track', 'on_track', 'on_track', now(), now(), 1, 1
          FROM generate_series(1, %(count)s) AS n
        RETURNING id
    """, {"count": count, "partner": partner_id, "user": user_id, "tier": tier_id,
          "stage": stage_id, "start": fields.Datetime.to_string(NOW - timedelta(hours=1, minutes=45))})
    return [row[0] for row in cr.fetchall()]


def orm_baseline(env, ids):
    """Every running ticket read and evaluated through the ORM."""
    start = time.perf_counter()
    tickets = env["helpdesk.ticket"].search([("id", "in", ids), ("sla_state", "in", ["on_track", "at_risk"])])
    for ticket in tickets:
        ticket._sla_evaluate(NOW)
    return time.perf_counter() - start


def measure(registry, size, batch_size):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        tier = env.ref("customer_dev_maint.tier_strategic")
        stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        user = env.ref("base.user_root")
        partner = env["res.partner"].with_context(cdm_no_revisit_sync=True).create({
            "name": "Bench Strategic", "is_company": True, "service_tier_id": tier.id,
            "maintenance_user_id": user.id})
        try:
            ids = insert_tickets(cr, size, partner.id, user.id, tier.id, stage.id)
            cr.execute("SAVEPOINT bench_baseline")
            baseline = orm_baseline(env, ids)
            cr.execute("ROLLBACK TO SAVEPOINT bench_baseline")
            env.clear()
            Ticket = env["helpdesk.ticket"]
            start = time.perf_counter()
            changed = Ticket._update_sla(now=NOW, batch_size=batch_size)
            first = time.perf_counter() - start
            env.clear()
            start = time.perf_counter()
            changed_again = Ticket._update_sla(now=NOW, batch_size=batch_size)
            second = time.perf_counter() - start
            cr.execute("SELECT COUNT(*) FROM helpdesk_ticket WHERE response_state = 'at_risk' AND id IN %s",
                       (tuple(ids),))
            at_risk = cr.fetchone()[0]
        finally:
            cr.rollback()
    return {"first": first, "second": second, "baseline": baseline, "changed": changed,
            "changed_again": changed_again, "at_risk": at_risk}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="200,1000", help="running complaints, comma-separated")
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.registry(args.database)
    print("%8s %8s %10s %10s %10s %8s" % ("tickets", "at risk", "job (s)", "rerun (s)", "ORM (s)", "vs ORM"),
          flush=True)
    for size in (int(value) for value in args.sizes.split(",")):
        with api.Environment.manage():
            row = measure(registry, size, args.batch_size)
        assert row["at_risk"] == size // 10 == row["changed"] and row["changed_again"] == 0, row
        print("%8d %8d %10.2f %10.3f %10.2f %7.2fx" % (
            size, row["at_risk"], row["first"], row["second"], row["baseline"],
            row["first"] / row["baseline"] if row["baseline"] else 0), flush=True)


if __name__ == "__main__":
    main()
