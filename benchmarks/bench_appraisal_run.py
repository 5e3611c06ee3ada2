"""Time an appraisal run (A2) of N employees over a quarter of generated
data, against a baseline measured in the same run: the same KPI actuals
computed the naive way, one ORM search per employee and KPI.

Run with the workbench's Python against a database where the module is
installed; everything it creates is rolled back:

    .state/venv/bin/python benchmarks/bench_appraisal_run.py \\
        -c .state/odoo.conf -d cdm_demo [--employees 200]
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api

DATE_FROM, DATE_TO, TODAY = "2026-01-01", "2026-03-31", "2026-04-10"
# Per employee and quarter: won deals (half of them new customers), milestones,
# maintained customers and revisits; a third more of each lies outside the quarter.
DEALS, MILESTONES, CUSTOMERS, REVISITS = 12, 12, 25, 30


def make_staff(env, count):
    """``count`` users with their employee, half in a development and half in
    a maintenance department (ORM: not timed)."""
    Team = env["crm.team"]
    dev_team = Team.create({"name": "Bench Development", "department_role": "development"})
    maint_team = Team.create({"name": "Bench Maintenance", "department_role": "maintenance"})
    group_dev = env.ref("customer_dev_maint.group_development_user")
    group_maint = env.ref("customer_dev_maint.group_maintenance_user")
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True,
                                          mail_create_nosubscribe=True)
    Employee = env["hr.employee"].with_context(tracking_disable=True)
    employees = Employee.browse()
    for n in range(count):
        development = n % 2 == 0
        user = Users.create({
            "name": "Bench Staff %03d" % n, "login": "bench_staff_%03d" % n,
            "sale_team_id": (dev_team if development else maint_team).id,
            "groups_id": [(6, 0, [(group_dev if development else group_maint).id])],
        })
        employees |= Employee.create({"name": user.name, "user_id": user.id,
                                      "appraisal_base_bonus": 1000 + n})
    return employees


def make_records(cr, dev_user_ids, maint_user_ids, tier_id):
    """The quarter's records, inserted by a few INSERT ... SELECT statements."""
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, active, type, lang,
                                 company_id, create_date, write_date, create_uid, write_uid)
        SELECT 'Bench Prospect ' || u || '-' || n, 'Bench Prospect', TRUE, TRUE, TRUE, 'contact',
               'en_US', 1, now(), now(), 1, 1
          FROM unnest(%(users)s) AS u, generate_series(1, %(deals)s) AS n
        RETURNING id
    """, {"users": dev_user_ids, "deals": DEALS})
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    # Deals: each user wins deals spread over four months (one outside the quarter);
    # odd-numbered deals go to the customer of the previous deal (repeat business).
    cr.execute("""
        INSERT INTO crm_lead (name, type, active, probability, user_id, partner_id, company_id,
                              planned_revenue, contract_amount, date_closed, screening_decision,
                              create_date, write_date, create_uid, write_uid)
        SELECT 'Bench Deal', 'opportunity', TRUE, 100, u,
               (SELECT MIN(p.id) FROM res_partner p
                 WHERE p.name = 'Bench Prospect ' || u || '-' || (n - n %% 2 + 1)),
               1, 10000 + n, CASE WHEN n %% 3 = 0 THEN 0 ELSE 12000 + n END,
               DATE '2025-12-15' + (n * 9) * INTERVAL '1 day', 'qualified', now(), now(), 1, 1
          FROM unnest(%(users)s) AS u, generate_series(1, %(deals)s) AS n
    """, {"users": dev_user_ids, "deals": DEALS})
    cr.execute("""
        INSERT INTO crm_lead_milestone (name, lead_id, user_id, partner_id, company_id,
                                        planned_date, done_date, state, delivery_status,
                                        create_date, write_date, create_uid, write_uid)
        SELECT 'Bench Milestone', l.id, l.user_id, l.partner_id, 1,
               l.date_closed::date + 20,
               CASE WHEN l.id % 4 = 0 THEN NULL ELSE l.date_closed::date + 18 + l.id % 5 END,
               CASE WHEN l.id % 4 = 0 THEN 'planned' ELSE 'done' END,
               CASE WHEN l.id % 4 = 0 THEN 'pending' WHEN l.id % 5 <= 2 THEN 'on_time' ELSE 'late' END,
               now(), now(), 1, 1
          FROM crm_lead l WHERE l.name = 'Bench Deal'
    """)
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, active, type, lang,
                                 company_id, maintenance_user_id, service_tier_id, handover_date,
                                 create_date, write_date, create_uid, write_uid)
        SELECT 'Bench Customer ' || u || '-' || n, 'Bench Customer', TRUE, TRUE, TRUE, 'contact',
               'en_US', 1, u, %(tier)s, DATE '2025-09-01' + n * 9, now(), now(), 1, 1
          FROM unnest(%(users)s) AS u, generate_series(1, %(customers)s) AS n
    """, {"users": maint_user_ids, "customers": CUSTOMERS, "tier": tier_id})
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    cr.execute("""
        INSERT INTO cdm_revisit (partner_id, user_id, company_id, tier_id, date_due, date_done,
                                 state, satisfaction, channel, on_time,
                                 create_date, write_date, create_uid, write_uid)
        SELECT p.id, p.maintenance_user_id, 1, %(tier)s, DATE '2025-12-01' + n * 4,
               DATE '2025-12-01' + n * 4 + (p.id + n) %% 5 - 2, 'done', 1 + (p.id + n) %% 5, 'phone',
               (p.id + n) %% 5 <= 2, now(), now(), 1, 1
          FROM res_partner p, generate_series(1, %(revisits)s / 2) AS n
         WHERE p.name LIKE 'Bench Customer %%' AND p.id %% 12 < 2
    """, {"tier": tier_id, "revisits": REVISITS})


def naive_actuals(env, users, kpis):
    """The baseline: one ORM search per employee and KPI, summed in Python."""
    Lead, Milestone = env["crm.lead"], env["crm.lead.milestone"]
    Partner, Revisit = env["res.partner"], env["cdm.revisit"]
    won = [("type", "=", "opportunity"), ("probability", ">=", 100),
           ("date_closed", ">=", DATE_FROM), ("date_closed", "<=", DATE_TO + " 23:59:59")]
    result = {}
    for user in users:
        values = {}
        for kpi in kpis:
            if kpi.source == "customers_acquired":
                deals = Lead.search(won + [("user_id", "=", user.id)])
                values[kpi.id] = sum(
                    1 for deal in deals
                    if not Lead.search_count([("partner_id.commercial_partner_id", "=",
                                               deal.partner_id.commercial_partner_id.id),
                                              ("probability", ">=", 100),
                                              ("date_closed", "<", deal.date_closed)]))
            elif kpi.source == "sales_amount":
                values[kpi.id] = sum(deal.contract_amount or deal.planned_revenue
                                     for deal in Lead.search(won + [("user_id", "=", user.id)]))
            elif kpi.source == "milestone_on_time":
                milestones = Milestone.search([("user_id", "=", user.id),
                                               ("planned_date", ">=", DATE_FROM),
                                               ("planned_date", "<=", DATE_TO)])
                due = milestones.filtered(lambda m: m.state == "done" or m.planned_date < TODAY)
                values[kpi.id] = (100.0 * len(due.filtered(lambda m: m.delivery_status == "on_time"))
                                  / len(due)) if due else None
            elif kpi.source == "customers_maintained":
                values[kpi.id] = Partner.search_count([("maintenance_user_id", "=", user.id),
                                                       ("customer", "=", True),
                                                       ("handover_date", "<=", DATE_TO)])
            elif kpi.source in ("revisit_compliance", "satisfaction"):
                revisits = Revisit.search([("user_id", "=", user.id), ("state", "=", "done"),
                                           ("date_done", ">=", DATE_FROM), ("date_done", "<=", DATE_TO)])
                values[kpi.id] = (sum(revisits.mapped("satisfaction")) / len(revisits)
                                  if revisits else None)
        result[user.id] = values
    return result


def measure(registry, count):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            employees = make_staff(env, count)
            users = employees.mapped("user_id")
            dev_ids = users.filtered(lambda u: u.sale_team_id.department_role == "development").ids
            maint_ids = [uid for uid in users.ids if uid not in dev_ids]
            make_records(cr, dev_ids, maint_ids, env.ref("customer_dev_maint.tier_standard").id)
            cr.execute("SELECT COUNT(*) FROM crm_lead WHERE name = 'Bench Deal'")
            deals = cr.fetchone()[0]
            cr.execute("SELECT COUNT(*) FROM cdm_revisit r JOIN res_partner p ON p.id = r.partner_id "
                       "WHERE p.name LIKE 'Bench Customer %%'")
            revisits = cr.fetchone()[0]
            env.clear()
            kpis = env["cdm.kpi"].search([])
            company = env.user.company_id
            start = time.perf_counter()
            for kpi in kpis:
                kpi._actuals(users, DATE_FROM, DATE_TO, company, TODAY)
            grouped = time.perf_counter() - start
            env.clear()
            start = time.perf_counter()
            naive_actuals(env, users, kpis)
            naive = time.perf_counter() - start
            env.clear()
            run = env["cdm.appraisal.run"].create({
                "period_type": "quarter", "date_from": DATE_FROM,
                "employee_ids": [(6, 0, employees.ids)]})
            start = time.perf_counter()
            run._compute_run(today=TODAY)
            first = time.perf_counter() - start
            env.clear()
            start = time.perf_counter()
            run._compute_run(today=TODAY)
            again = time.perf_counter() - start
            computed = len(run.appraisal_ids.filtered("computed_on"))
        finally:
            cr.rollback()
    return {"employees": count, "deals": deals, "revisits": revisits, "grouped": grouped,
            "naive": naive, "first": first, "again": again, "computed": computed}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--employees", default="20,200",
                        help="employee counts, comma-separated (default: 20 and 200)")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.registry(args.database)
    print("%9s %7s %8s %12s %12s %8s %10s %12s %12s" % (
        "employees", "deals", "revisits", "actuals (s)", "naive (s)", "speed-up", "run (s)",
        "recompute (s)", "ms/employee"), flush=True)
    for count in (int(value) for value in args.employees.split(",")):
        with api.Environment.manage():
            row = measure(registry, count)
        assert row["computed"] == count, row
        print("%9d %7d %8d %12.3f %12.2f %7.0fx %10.2f %12.2f %12.1f" % (
            count, row["deals"], row["revisits"], row["grouped"], row["naive"],
            row["naive"] / row["grouped"] if row["grouped"] else 0, row["first"], row["again"],
            1000.0 * row["first"] / count), flush=True)


if __name__ == "__main__":
    main()
