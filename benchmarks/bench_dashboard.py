"""Time the management dashboard (I4) as the demo manager opens it: the
tiles' counts and summaries (what its kanban reads), on the demo data and
with generated leads, tickets and revisits added, against a baseline
measured in the same run: the same six counts in raw SQL.

Run with the workbench's Python against a database where the module is
installed with its demo data; everything it creates is rolled back:

    .state/venv/bin/python benchmarks/bench_dashboard.py \\
        -c .state/odoo.conf -d cdm_demo [--sizes 0,20000] [--repeat 10]

A size N adds N open opportunities, N / 4 tickets with SLA targets due
and N / 4 revisits (due, half of them done with a score) in the last
three months.
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api


def insert_records(cr, size, user_ids, stage_ids, ticket_stage_id, today):
    params = {"count": size, "quarter": max(1, size // 4), "users": user_ids,
              "n_users": len(user_ids), "stages": stage_ids, "n_stages": len(stage_ids),
              "ticket_stage": ticket_stage_id, "today": today}
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, active, type, lang,
                                 confidentiality_level, company_id, create_date, write_date,
                                 create_uid, write_uid)
        SELECT 'Bench Dash ' || n, 'Bench Dash ' || n, TRUE, TRUE, TRUE, 'contact', 'en_US',
               'normal', 1, now(), now(), 1, 1
          FROM generate_series(1, %(quarter)s) AS n
        RETURNING id
    """, params)
    params["partners"] = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%(partners)s)",
               params)
    cr.execute("""
        INSERT INTO crm_lead (name, type, screening_decision, active, probability, user_id,
                              stage_id, company_id, create_date, write_date, create_uid, write_uid)
        SELECT 'Bench Dash Deal ' || n, 'opportunity', 'qualified', TRUE, 10,
               (%(users)s)[1 + (n %% %(n_users)s)], (%(stages)s)[1 + (n %% %(n_stages)s)], 1,
               now(), now(), 1, 1
          FROM generate_series(1, %(count)s) AS n
    """, params)
    cr.execute("""
        INSERT INTO helpdesk_ticket (number, name, description, partner_id, user_id, stage_id,
                                     company_id, kind, severity, response_deadline,
                                     resolution_deadline, response_state, resolution_state,
                                     sla_state, create_date, write_date, create_uid, write_uid)
        SELECT 'BENCHDASH' || n, 'Bench complaint ' || n, '<p>x</p>',
               (%(partners)s)[1 + (n %% array_length(%(partners)s, 1))],
               (%(users)s)[1 + (n %% %(n_users)s)], %(ticket_stage)s, 1, 'complaint', 'normal',
               %(today)s::timestamp - (n %% 80) * interval '1 day',
               %(today)s::timestamp - (n %% 80) * interval '1 day' + interval '2 days',
               CASE WHEN n %% 5 = 0 THEN 'breached' ELSE 'met' END,
               CASE WHEN n %% 7 = 0 THEN 'breached' ELSE 'met' END,
               CASE WHEN n %% 5 = 0 OR n %% 7 = 0 THEN 'breached' ELSE 'met' END,
               now(), now(), 1, 1
          FROM generate_series(1, %(quarter)s) AS n
    """, params)
    cr.execute("""
        INSERT INTO cdm_revisit (partner_id, user_id, date_due, date_done, state, satisfaction,
                                 channel, company_id, create_date, write_date, create_uid, write_uid)
        SELECT p.id, (%(users)s)[1 + (p.id %% %(n_users)s)],
               %(today)s::date - (p.id %% 80) - 1,
               CASE WHEN p.id %% 2 = 0 THEN %(today)s::date - (p.id %% 80) - (p.id %% 3) END,
               CASE WHEN p.id %% 2 = 0 THEN 'done' ELSE 'cancelled' END,
               CASE WHEN p.id %% 2 = 0 THEN 1 + p.id %% 5 END,
               CASE WHEN p.id %% 2 = 0 THEN 'phone' END, 1, now(), now(), 1, 1
          FROM unnest(%(partners)s) AS p(id)
    """, params)


def best_of(repeat, function):
    best, result = None, None
    for _run in range(repeat):
        start = time.perf_counter()
        result = function()
        elapsed = 1000.0 * (time.perf_counter() - start)
        best = elapsed if best is None else min(best, elapsed)
    return best, result


SQL_COUNTS = """
    SELECT (SELECT COUNT(*) FROM crm_lead WHERE type = 'opportunity' AND active
               AND probability < 100),
           (SELECT COUNT(*) FROM cdm_revisit WHERE date_due BETWEEN %(start)s AND %(today)s
               AND (state = 'done' OR (state = 'planned' AND date_due < %(today)s))),
           (SELECT COUNT(*) FROM helpdesk_ticket
             WHERE (response_state IN ('met', 'breached')
                    AND response_deadline >= %(start)s AND response_deadline < %(end)s)
                OR (resolution_state IN ('met', 'breached')
                    AND resolution_deadline >= %(start)s AND resolution_deadline < %(end)s)),
           (SELECT COUNT(*) FROM cdm_revisit WHERE state = 'done' AND satisfaction > 0
               AND date_done BETWEEN %(trend)s AND %(today)s),
           (SELECT COUNT(*) FROM cdm_appraisal WHERE run_id = (
               SELECT id FROM cdm_appraisal_run WHERE state = 'approved'
                ORDER BY date_to DESC, id DESC LIMIT 1)),
           (SELECT COUNT(*) FROM cdm_misconduct_case
             WHERE state IN ('draft', 'confirmed', 'acknowledged'))
"""


def measure(registry, size, repeat):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        manager = env.ref("customer_dev_maint.user_manager")
        today = env["cdm.policy"].today()
        try:
            if size:
                users = [env.ref("customer_dev_maint.%s" % xmlid).id
                         for xmlid in ("user_maint1", "user_maint2", "user_dev1", "user_dev2")]
                stages = env["crm.stage"].search([("probability", "<", 100)]).ids
                ticket_stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id
                insert_records(cr, size, users, stages, ticket_stage, today)
                env.clear()
            manager_env = api.Environment(cr, manager.id, {"lang": manager.lang})
            Tile = manager_env["cdm.dashboard.tile"]

            def dashboard():
                manager_env.clear()
                tiles = Tile.search([])
                return {row["code"]: row["record_count"]
                        for row in tiles.read(["code", "name", "description", "record_count",
                                               "summary"])}

            page_ms, counts = best_of(repeat, dashboard)
            day = odoo.fields.Date.from_string(today)
            start = Tile._compliance_period(day)[0]
            trend = odoo.fields.Date.to_string(
                day.replace(day=1) - odoo.tools.relativedelta(months=5))
            bounds = env["cdm.policy"].day_bounds(start, today)

            def sql():
                cr.execute(SQL_COUNTS, {"start": start, "today": today, "end": bounds[1],
                                        "trend": trend})
                return cr.fetchone()

            sql_ms, _row = best_of(repeat, sql)
        finally:
            cr.rollback()
    return {"size": size, "page": page_ms, "sql": sql_ms, "counts": counts}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="0,20000",
                        help="opportunities added (tickets and revisits: a quarter of it each)")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.registry(args.database)
    print("%7s %11s %9s %8s  %s" % ("added", "tiles (ms)", "SQL (ms)", "vs SQL", "counts"),
          flush=True)
    for size in (int(value) for value in args.sizes.split(",")):
        with api.Environment.manage():
            row = measure(registry, size, args.repeat)
        print("%7d %11.1f %9.1f %7.1fx  %s" % (
            row["size"], row["page"], row["sql"], row["page"] / row["sql"],
            " ".join("%s=%d" % item for item in sorted(row["counts"].items()))), flush=True)


if __name__ == "__main__":
    main()
