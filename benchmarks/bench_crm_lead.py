"""Cost of the development pipeline on crm.lead against stock crm, measured in
the same run on two databases holding the same leads: one with the module
installed, one with only what it depends on (crm, helpdesk_mgmt).

- lead create, as a development user (stock: a salesman), in a database of
  ``--leads`` leads;
- the opportunity list (80 rows of the list view's fields and the count);
- the Pipeline kanban (``--kanban`` opportunities with the card's fields);
- changing one screening criterion's weight with ``--scored`` scored leads,
  against one SQL statement computing the same scores (module database only).

Everything it creates is rolled back. Prepare the two databases once:

    tools/db.sh test cdm_bench                          # the module installed
    createdb -h .state/pg/run -p $CDM_PGPORT -T cdm_tmpl_<hash> cdm_bench_stock
    .state/venv/bin/python benchmarks/bench_crm_lead.py -c .state/odoo.conf \\
        -d cdm_bench --stock-db cdm_bench_stock [--leads 20000] [--scored 10000]
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api


def columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))
    return {row[0] for row in cr.fetchall()}


def insert_leads(cr, count, user_id, team_id, stage_id, with_module):
    """``count`` leads and opportunities of ``user_id`` in one statement."""
    extra_cols, extra_vals = "", ""
    if with_module:
        extra_cols = (", screening_decision, screening_score, screening_band, deal_outcome, "
                      "screening_passed, needs_recorded, solution_recorded, contract_recorded")
        extra_vals = ", 'pending', 0, '0_19', 'open', FALSE, FALSE, FALSE, FALSE"
    cr.execute("""
        INSERT INTO crm_lead (name, type, active, user_id, team_id, stage_id, probability,
                              company_id, priority, email_from, partner_name, create_date,
                              write_date, create_uid, write_uid, date_open {extra_cols})
        SELECT 'Bench lead ' || n, CASE WHEN n %% 2 = 0 THEN 'opportunity' ELSE 'lead' END,
               TRUE, %(user)s, %(team)s, %(stage)s, 10, 1, '0', 'lead' || n || '@example.com',
               'Bench Prospect ' || n, now(), now(), 1, 1, now() {extra_vals}
          FROM generate_series(1, %(count)s) AS n
        RETURNING id
    """.format(extra_cols=extra_cols, extra_vals=extra_vals),
               {"count": count, "user": user_id, "team": team_id, "stage": stage_id})
    return [row[0] for row in cr.fetchall()]


def insert_scores(cr, lead_ids, criterion_ids):
    """A score 0-5 per lead and criterion, in one statement."""
    cr.execute("""
        INSERT INTO crm_lead_screening_score (lead_id, criterion_id, score, user_id, company_id,
                                              create_date, write_date, create_uid, write_uid)
        SELECT l.id, c.id, (l.id + c.id) %% 6, l.user_id, l.company_id, now(), now(), 1, 1
          FROM crm_lead l, cdm_screening_criterion c
         WHERE l.id IN %s AND c.id IN %s
    """, (tuple(lead_ids), tuple(criterion_ids)))


def sql_score_baseline(cr, lead_ids):
    """The weighted scores of ``lead_ids`` recomputed by one UPDATE."""
    cr.execute("""
        UPDATE crm_lead l SET screening_score = s.score
          FROM (SELECT sc.lead_id,
                       ROUND((100.0 * SUM(c.weight * sc.score) / (5.0 * t.total))::numeric, 1) AS score
                  FROM crm_lead_screening_score sc
                  JOIN cdm_screening_criterion c ON c.id = sc.criterion_id AND c.active
                 CROSS JOIN (SELECT SUM(weight) AS total FROM cdm_screening_criterion
                              WHERE active) t
                 WHERE sc.lead_id IN %s
              GROUP BY sc.lead_id, t.total) s
         WHERE l.id = s.lead_id
    """, (tuple(lead_ids),))


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def bench_user(env, with_module):
    groups = [env.ref("customer_dev_maint.group_development_user").id] if with_module else [
        env.ref("sales_team.group_sale_salesman").id, env.ref("crm.group_use_lead").id]
    team = env["crm.team"].create({"name": "Bench Team"})
    user = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Bench Dev", "login": "bench_dev", "email": "bench@example.com",
        "groups_id": [(6, 0, groups)], "sale_team_id": team.id})
    return user, team


class Side:
    """One database (module or stock), its leads and the operations timed."""

    def __init__(self, registry, args, with_module):
        self.cr = registry.cursor()
        self.with_module = with_module
        self.env = env = api.Environment(self.cr, SUPERUSER_ID, {})
        user, team = bench_user(env, with_module)
        self.ids = insert_leads(self.cr, args.leads, user.id, team.id,
                                env.ref("crm.stage_lead1").id, with_module)
        if with_module:
            self.criteria = env["cdm.screening.criterion"].search([])
            insert_scores(self.cr, self.ids[:args.scored], self.criteria.ids)
        self.cr.execute("ANALYZE crm_lead")
        if with_module:
            self.cr.execute("ANALYZE crm_lead_screening_score")
        env.cache.invalidate()
        self.lead = env["crm.lead"].sudo(user)
        self.domain = [("type", "=", "opportunity")]
        self.list_fields = self._view_fields("crm.crm_case_tree_view_oppor", "tree")
        self.kanban_fields = self._view_fields("crm.crm_case_kanban_view_leads", "kanban")
        self.kanban_size = args.kanban
        self.scored = args.scored
        self.created = 0

    def _view_fields(self, xmlid, view_type):
        view = self.env.ref(xmlid)
        return list(self.lead.fields_view_get(view_id=view.id, view_type=view_type)["fields"])

    def create(self):
        self.created += 1
        self.lead.create({"name": "Bench new %d" % self.created, "type": "lead",
                          "partner_name": "New Prospect %d" % self.created,
                          "email_from": "new%d@example.com" % self.created})

    def open_list(self):
        self.env.cache.invalidate()
        self.lead.search_read(self.domain, self.list_fields, limit=80)
        self.lead.search_count(self.domain)

    def open_kanban(self):
        self.env.cache.invalidate()
        self.lead.search_read(self.domain, self.kanban_fields, limit=self.kanban_size)

    def time(self, operation):
        queries = self.cr.sql_log_count
        start = time.perf_counter()
        getattr(self, operation)()
        return time.perf_counter() - start, self.cr.sql_log_count - queries

    def close(self):
        self.cr.rollback()
        self.cr.close()


def compare(module, stock, operation, repeat):
    """Alternate the two sides so that both see the same machine load;
    median time and queries of each."""
    module.time(operation)
    stock.time(operation)  # warm the caches
    runs = {"module": [], "stock": []}
    for _index in range(repeat):
        runs["stock"].append(stock.time(operation))
        runs["module"].append(module.time(operation))
    return {side: (median([t for t, _q in rows]), median([q for _t, q in rows]))
            for side, rows in runs.items()}


def recompute(module, repeat):
    """A weight change against the same scores computed by one SQL UPDATE."""
    cr, scored = module.cr, module.ids[:module.scored]
    criterion = module.criteria[0]
    runs = {"module": [], "sql": []}
    for _index in range(repeat):
        cr.execute("SAVEPOINT bench_sql")
        queries, start = cr.sql_log_count, time.perf_counter()
        sql_score_baseline(cr, scored)
        runs["sql"].append((time.perf_counter() - start, cr.sql_log_count - queries))
        cr.execute("ROLLBACK TO SAVEPOINT bench_sql")
        module.env.cache.invalidate()
        queries, start = cr.sql_log_count, time.perf_counter()
        criterion.write({"weight": criterion.weight + 1})
        runs["module"].append((time.perf_counter() - start, cr.sql_log_count - queries))
    return {side: (median([t for t, _q in rows]), median([q for _t, q in rows]))
            for side, rows in runs.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True, help="database with the module")
    parser.add_argument("--stock-db", required=True, help="database with stock crm only")
    parser.add_argument("--leads", type=int, default=20000)
    parser.add_argument("--scored", type=int, default=10000)
    parser.add_argument("--creates", type=int, default=30)
    parser.add_argument("--kanban", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    with api.Environment.manage():
        stock = Side(odoo.registry(args.stock_db), args, with_module=False)
        module = Side(odoo.registry(args.database), args, with_module=True)
        try:
            rows = [("lead create (development user)", compare(module, stock, "create", args.creates)),
                    ("opportunity list (80 rows + count)",
                     compare(module, stock, "open_list", args.repeat)),
                    ("pipeline kanban (%d cards)" % args.kanban,
                     compare(module, stock, "open_kanban", args.repeat))]
            weight = recompute(module, 3)
        finally:
            stock.close()
            module.close()
    print("%d leads (%d opportunities), %d of them scored on 4 criteria; medians" % (
        args.leads, args.leads // 2, args.scored))
    print("%-36s %10s %8s %10s %8s %7s" % ("", "module ms", "queries", "stock ms", "queries",
                                           "ratio"))
    for label, figures in rows:
        (m_time, m_queries), (s_time, s_queries) = figures["module"], figures["stock"]
        print("%-36s %10.1f %8d %10.1f %8d %6.2fx" % (
            label, 1000 * m_time, m_queries, 1000 * s_time, s_queries, m_time / s_time))
    (r_time, r_queries), (b_time, b_queries) = weight["module"], weight["sql"]
    print("%-36s %10.1f %8d %10.1f %8d %6.2fx   (baseline: one SQL UPDATE)" % (
        "weight change, %d scored leads" % args.scored, 1000 * r_time, r_queries,
        1000 * b_time, b_queries, r_time / b_time))


if __name__ == "__main__":
    main()
