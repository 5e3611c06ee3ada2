"""Time the My Work page (M12) as one maintenance and one development user,
on the demo data and with many other users' revisits, opportunities,
milestones and handovers added, against two baselines measured in the same
run: the five counts in raw SQL, and the stock activity systray
(``res.users.activity_user_count``) that Odoo calls on every page.

Run with the workbench's Python against a database where the module is
installed with its demo data; everything it creates is rolled back:

    .state/venv/bin/python benchmarks/bench_my_work.py \\
        -c .state/odoo.conf -d cdm_demo [--sizes 0,20000] [--repeat 20]
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api

SQL_COUNTS = """
    SELECT (SELECT COUNT(*) FROM cdm_revisit
             WHERE user_id = %(uid)s AND state = 'planned' AND date_due < %(today)s),
           (SELECT COUNT(*) FROM cdm_revisit
             WHERE user_id = %(uid)s AND state = 'planned' AND date_due BETWEEN %(today)s AND %(sunday)s),
           (SELECT COUNT(*) FROM crm_lead l
             WHERE l.user_id = %(uid)s AND l.type = 'opportunity' AND l.active AND l.probability < 100
               AND NOT EXISTS (SELECT 1 FROM mail_activity a
                                WHERE a.res_model = 'crm.lead' AND a.res_id = l.id)),
           (SELECT COUNT(*) FROM crm_lead_milestone
             WHERE user_id = %(uid)s AND state = 'planned' AND planned_date <= %(horizon)s),
           (SELECT COUNT(*) FROM crm_lead_handover
             WHERE maintenance_user_id = %(uid)s AND state = 'open')
"""


def insert_other_work(cr, size, user_ids, today):
    """``size`` revisits, opportunities, milestones and handovers spread over
    ``user_ids``, in a few statements (no ORM)."""
    params = {"count": size, "users": user_ids, "n_users": len(user_ids), "today": today}
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, active, type, lang,
                                 company_id, create_date, write_date, create_uid, write_uid)
        SELECT 'Bench Work ' || n, 'Bench Work ' || n, TRUE, TRUE, TRUE, 'contact', 'en_US',
               1, now(), now(), 1, 1
          FROM generate_series(1, %(count)s) AS n
        RETURNING id
    """, params)
    partner_ids = [row[0] for row in cr.fetchall()]
    params["partners"] = partner_ids
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id IN %s", (tuple(partner_ids),))
    cr.execute("""
        INSERT INTO cdm_revisit (partner_id, user_id, date_due, state, company_id,
                                 create_date, write_date, create_uid, write_uid)
        SELECT p.id, (%(users)s)[1 + (p.id %% %(n_users)s)], %(today)s::date + (p.id %% 60) - 30,
               'planned', 1, now(), now(), 1, 1
          FROM unnest(%(partners)s) AS p(id)
    """, params)
    cr.execute("""
        INSERT INTO crm_lead (name, type, screening_decision, active, probability, user_id, partner_id,
                              company_id, create_date, write_date, create_uid, write_uid)
        SELECT 'Bench Deal ' || p.id, 'opportunity', 'qualified', TRUE, 10,
               (%(users)s)[1 + (p.id %% %(n_users)s)], p.id, 1, now(), now(), 1, 1
          FROM unnest(%(partners)s) AS p(id)
        RETURNING id, user_id, partner_id
    """, params)
    leads = cr.fetchall()
    params["leads"] = [lead_id for lead_id, _user, _partner in leads]
    cr.execute("""
        INSERT INTO crm_lead_milestone (name, lead_id, user_id, planned_date, state, company_id,
                                        create_date, write_date, create_uid, write_uid)
        SELECT 'Bench Milestone', l.id, l.user_id, %(today)s::date + (l.id %% 60) - 30, 'planned', 1,
               now(), now(), 1, 1
          FROM crm_lead l WHERE l.id = ANY(%(leads)s)
    """, params)
    cr.execute("""
        INSERT INTO crm_lead_handover (name, lead_id, partner_id, user_id, company_id, maintenance_user_id,
                                       handover_date, state, progress, create_date, write_date,
                                       create_uid, write_uid)
        SELECT 'Bench Handover', l.id, l.partner_id, l.user_id, 1,
               (%(users)s)[1 + ((l.id + 1) %% %(n_users)s)], %(today)s,
               CASE WHEN l.id %% 2 = 0 THEN 'open' ELSE 'done' END, 0, now(), now(), 1, 1
          FROM crm_lead l WHERE l.id = ANY(%(leads)s)
    """, params)


def best_of(repeat, function):
    """Fastest of ``repeat`` runs, in milliseconds, and the last result."""
    best, result = None, None
    for _run in range(repeat):
        start = time.perf_counter()
        result = function()
        elapsed = 1000.0 * (time.perf_counter() - start)
        best = elapsed if best is None else min(best, elapsed)
    return best, result


CODES = ("revisits_overdue", "revisits_this_week", "silent_opportunities", "milestones_due",
         "handovers_open")


def measure_user(cr, user, today, repeat):
    """The page as ``user`` opens it (visible sections, their counts), the
    same five counts in raw SQL, and the stock activity systray."""
    user_env = api.Environment(cr, user.id, {})
    Section = user_env["cdm.my.work"]

    def page():
        user_env.clear()
        sections = Section.search([("is_visible", "=", True)])
        rows = sections.read(["code", "record_count", "is_late", "name"])
        return {row["code"]: row["record_count"] for row in rows}

    def sql():
        sunday = Section._section_domain("revisits_this_week", today=today)[1][-1][2]
        horizon = Section._section_domain("milestones_due", today=today)[1][-1][2]
        cr.execute(SQL_COUNTS, {"uid": user.id, "today": today, "sunday": sunday, "horizon": horizon})
        return cr.fetchone()

    def systray():
        user_env.clear()
        return user_env["res.users"].activity_user_count()

    page_ms, counts = best_of(repeat, page)
    sql_ms, sql_counts = best_of(repeat, sql)
    systray_ms, _result = best_of(repeat, systray)
    all_counts = Section._counts(today=today)
    assert tuple(all_counts[code] for code in CODES) == tuple(sql_counts), (all_counts, sql_counts)
    return {"user": user.login, "page": page_ms, "sql": sql_ms, "systray": systray_ms, "counts": counts}


def measure(registry, size, repeat):
    rows = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        users = [env.ref("customer_dev_maint.%s" % xmlid)
                 for xmlid in ("user_maint1", "user_maint2", "user_dev1", "user_dev2", "user_manager")]
        today = env["cdm.policy"].today()
        try:
            if size:
                insert_other_work(cr, size, [user.id for user in users], today)
                env.clear()
            for user in (users[0], users[2]):
                rows.append(dict(measure_user(cr, user, today, repeat), size=size))
        finally:
            cr.rollback()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="0,20000",
                        help="records of each kind added for five users (default: none, and 20000)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.registry(args.database)
    print("%7s %8s %10s %8s %7s %11s %9s  %s" % (
        "added", "user", "page (ms)", "SQL (ms)", "vs SQL", "systray(ms)", "vs tray", "counts"),
        flush=True)
    for size in (int(value) for value in args.sizes.split(",")):
        with api.Environment.manage():
            for row in measure(registry, size, args.repeat):
                print("%7d %8s %10.1f %8.1f %6.1fx %11.1f %8.1fx  %s" % (
                    row["size"], row["user"], row["page"], row["sql"], row["page"] / row["sql"],
                    row["systray"], row["page"] / row["systray"],
                    " ".join("%s=%d" % item for item in sorted(row["counts"].items()))), flush=True)


if __name__ == "__main__":
    main()
