"""Time refreshing the stored health of every customer (M10) after a change
of the health weights in the policy, against the baseline measured in the
same run: Odoo's own recompute of the same stored fields through the ORM
(one write per customer), what a dependency on the weights would cost.
Then the nightly refresh run twice (the second one has nothing to change).

Run with the workbench's Python against a database where the module is
installed; everything it creates is rolled back:

    .state/venv/bin/python benchmarks/bench_customer_health.py \\
        -c .state/odoo.conf -d cdm_demo [--sizes 1000,10000]
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api


def insert_customers(cr, count, tier_id, user_id):
    """``count`` maintained companies in one statement (no ORM)."""
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, active, type, lang,
                                 maintenance_user_id, service_tier_id, handover_date, company_id,
                                 create_date, write_date, create_uid, write_uid, potential_score)
        SELECT 'Bench Health ' || n, 'Bench Health ' || n, TRUE, TRUE, TRUE, 'contact', 'en_US',
               %(user)s, %(tier)s, DATE '2026-01-01', 1, now(), now(), 1, 1, 50
          FROM generate_series(1, %(count)s) AS n
        RETURNING id
    """, {"count": count, "user": user_id, "tier": tier_id})
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id IN %s", (tuple(ids),))
    return ids


def orm_baseline(env, ids):
    """Odoo's recompute of the stored health fields of these customers."""
    partners = env["res.partner"].browse(ids)
    fields = env["res.partner"]._field_computed[env["res.partner"]._fields["health_score"]]
    start = time.perf_counter()
    for field in fields:
        env.add_todo(field, partners)
    partners.recompute()
    return time.perf_counter() - start


def measure(registry, size):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        tier = env.ref("customer_dev_maint.tier_standard")
        user = env.ref("base.user_root")
        policy = env["cdm.policy"].for_company()
        try:
            ids = insert_customers(cr, size, tier.id, user.id)
            cr.execute("SAVEPOINT bench_baseline")
            cr.execute("UPDATE cdm_policy SET health_weight_revenue = health_weight_revenue + 7 "
                       "WHERE id = %s", (policy.id,))
            env.clear()
            orm = orm_baseline(env, ids)
            cr.execute("ROLLBACK TO SAVEPOINT bench_baseline")
            env.clear()
            policy = env["cdm.policy"].browse(policy.id)
            start = time.perf_counter()
            policy.write({"health_weight_revenue": policy.health_weight_revenue + 7})
            weights = time.perf_counter() - start
            Partner = env["res.partner"]
            start = time.perf_counter()
            Partner._cron_refresh_customer_health(commit=False, today="2026-06-01")
            nightly = time.perf_counter() - start
            start = time.perf_counter()
            changed_again = Partner._cron_refresh_customer_health(commit=False, today="2026-06-01")
            again = time.perf_counter() - start
        finally:
            cr.rollback()
    return {"size": size, "orm": orm, "weights": weights, "nightly": nightly, "again": again,
            "changed_again": changed_again}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="1000,10000", help="customer counts, comma-separated")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.registry(args.database)
    print("%8s %12s %12s %8s %12s %12s %10s" % (
        "size", "ORM (s)", "weights (s)", "vs ORM", "nightly (s)", "rerun (s)", "changed"),
        flush=True)
    for size in (int(value) for value in args.sizes.split(",")):
        with api.Environment.manage():
            row = measure(registry, size)
        assert row["changed_again"] == 0, row
        print("%8d %12.2f %12.2f %7.2fx %12.2f %12.2f %10d" % (
            size, row["orm"], row["weights"], row["weights"] / row["orm"], row["nightly"],
            row["again"], row["changed_again"]), flush=True)


if __name__ == "__main__":
    main()
