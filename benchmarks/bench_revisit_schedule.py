"""Time the revisit scheduling job (M3) on the demo-size set and on 10,000
maintained customers, against two baselines measured in the same run: raw SQL
writing the same rows, and stock Odoo scheduling one activity per customer
through the ORM (what a user's "Schedule activity" costs). Load spreading
(M11): the same first run without spreading (window 0) is the baseline of its
cost, and the busiest day of the owner with and without it shows its effect.

Run with the workbench's Python against a database where the module is
installed; everything it creates is rolled back:

    .state/venv/bin/python benchmarks/bench_revisit_schedule.py \\
        -c .state/odoo.conf -d cdm_demo [--sizes 4,10000] [--batch-size 500]
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api


def insert_customers(cr, count, tier_id, user_id, team_id):
    """``count`` maintained companies in one statement (no ORM), handed over
    in groups on 10 days a week apart, as deals are won in waves."""
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, active, type, lang,
                                 maintenance_user_id, maintenance_team_id, service_tier_id,
                                 handover_date, company_id, create_date, write_date,
                                 create_uid, write_uid, potential_score)
        SELECT 'Bench Customer ' || n, 'Bench Customer ' || n, TRUE, TRUE, TRUE, 'contact', 'en_US',
               %(user)s, %(team)s, %(tier)s, CURRENT_DATE - (n %% 10) * 7, 1, now(), now(), 1, 1, 50
          FROM generate_series(1, %(count)s) AS n
        RETURNING id
    """, {"count": count, "user": user_id, "team": team_id, "tier": tier_id})
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id IN %s", (tuple(ids),))
    return ids


def sql_baseline(cr, ids, tier_id, user_id, activity_type_id, model_id):
    """The rows the job writes (one revisit and one activity per customer),
    inserted by two plain INSERT ... SELECT statements."""
    start = time.perf_counter()
    cr.execute("""
        INSERT INTO cdm_revisit (partner_id, user_id, tier_id, date_due, state, company_id,
                                 create_date, write_date, create_uid, write_uid)
        SELECT p.id, %(user)s, %(tier)s, p.handover_date + 90, 'cancelled', 1, now(), now(), 1, 1
          FROM res_partner p WHERE p.id IN %(ids)s
    """, {"ids": tuple(ids), "user": user_id, "tier": tier_id})
    cr.execute("""
        INSERT INTO mail_activity (res_model_id, res_model, res_id, activity_type_id, user_id,
                                   date_deadline, summary, create_date, write_date, create_uid, write_uid)
        SELECT %(model)s, 'res.partner', p.id, %(type)s, %(user)s, p.handover_date + 90,
               'Revisit', now(), now(), 1, 1
          FROM res_partner p WHERE p.id IN %(ids)s
    """, {"ids": tuple(ids), "user": user_id, "type": activity_type_id, "model": model_id})
    return time.perf_counter() - start


def odoo_baseline(env, ids, user_id, activity_type_id, model_id):
    """Stock Odoo: one ``mail.activity`` per customer through the ORM, the way
    a user schedules an activity (access check, owner subscribed as follower)."""
    Activity = env["mail.activity"]
    start = time.perf_counter()
    for partner_id in ids:
        Activity.create({"res_model_id": model_id, "res_id": partner_id, "user_id": user_id,
                         "activity_type_id": activity_type_id, "summary": "Revisit"})
    return time.perf_counter() - start


def measure(registry, size, batch_size):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        tier = env.ref("customer_dev_maint.tier_standard")
        user = env.ref("base.user_root")
        team = env["crm.team"].search([("department_role", "=", "maintenance")], limit=1) or \
            env["crm.team"].create({"name": "Bench Maintenance", "department_role": "maintenance"})
        activity_type = env.ref("customer_dev_maint.mail_activity_type_revisit")
        model_id = env["ir.model"]._get_id("res.partner")
        try:
            ids = insert_customers(cr, size, tier.id, user.id, team.id)
            cr.execute("SAVEPOINT bench_baseline")
            baseline = sql_baseline(cr, ids, tier.id, user.id, activity_type.id, model_id)
            cr.execute("ROLLBACK TO SAVEPOINT bench_baseline")
            odoo_time = odoo_baseline(env, ids, user.id, activity_type.id, model_id)
            cr.execute("ROLLBACK TO SAVEPOINT bench_baseline")
            env.clear()
            Revisit = env["cdm.revisit"]
            policy = env["cdm.policy"].for_company()
            window = policy.revisit_spread_days
            policy.revisit_spread_days = 0
            start = time.perf_counter()
            Revisit._schedule_revisits(partner_ids=ids, batch_size=batch_size)
            unspread = time.perf_counter() - start
            busiest_unspread = busiest_day(cr, ids)
            cr.execute("ROLLBACK TO SAVEPOINT bench_baseline")
            env.clear()
            policy.revisit_spread_days = window
            start = time.perf_counter()
            changed = Revisit._schedule_revisits(partner_ids=ids, batch_size=batch_size)
            first = time.perf_counter() - start
            env.clear()
            start = time.perf_counter()
            changed_again = Revisit._schedule_revisits(partner_ids=ids, batch_size=batch_size)
            second = time.perf_counter() - start
            cr.execute("SELECT COUNT(*) FROM cdm_revisit WHERE state = 'planned' AND partner_id IN %s",
                       (tuple(ids),))
            planned = cr.fetchone()[0]
            busiest = busiest_day(cr, ids)
        finally:
            cr.rollback()
    return {"size": size, "baseline": baseline, "odoo": odoo_time, "first": first, "second": second,
            "changed": changed, "changed_again": changed_again, "planned": planned,
            "unspread": unspread, "busiest": busiest, "busiest_unspread": busiest_unspread,
            "window": window}


def busiest_day(cr, ids):
    """The most revisits the (single) owner has planned on one day."""
    cr.execute("""SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM cdm_revisit
                   WHERE state = 'planned' AND partner_id IN %s GROUP BY user_id, date_due) d""",
               (tuple(ids),))
    return cr.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="4,10000",
                        help="customer counts, comma-separated (default: demo size 4, and 10000)")
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.registry(args.database)
    print("%8s %10s %10s %8s %10s %8s %10s %8s %8s %12s %9s %13s" % (
        "size", "job (s)", "rerun (s)", "ms/cust", "SQL (s)", "vs SQL", "Odoo (s)", "vs Odoo",
        "planned", "no spread (s)", "vs none", "busiest day"), flush=True)
    for size in (int(value) for value in args.sizes.split(",")):
        with api.Environment.manage():
            row = measure(registry, size, args.batch_size)
        assert row["planned"] == size and row["changed_again"] == 0, row
        print("%8d %10.2f %10.2f %8.2f %10.3f %7.0fx %10.2f %7.2fx %8d %12.2f %8.2fx %6d vs %3d" % (
            size, row["first"], row["second"], 1000.0 * row["first"] / size, row["baseline"],
            row["first"] / row["baseline"] if row["baseline"] else 0, row["odoo"],
            row["first"] / row["odoo"] if row["odoo"] else 0, row["planned"], row["unspread"],
            row["first"] / row["unspread"] if row["unspread"] else 0, row["busiest"],
            row["busiest_unspread"]), flush=True)
    print("busiest day: the owner's most revisits on one day, spread over %s working days vs "
          "none" % row["window"])


if __name__ == "__main__":
    main()
