"""Overhead of the confidentiality record rules (C2) and the access log (C5)
on a list read (``search_read`` of 80 leads, what the list view asks) and a
form read (``read`` of one confidential lead, what the form asks), against the
same calls with the module's rules switched off and no log, measured in the
same run as the same development user (Odoo's own lead rules stay on in both).

Run with the workbench's Python against a database where the module is
installed; everything it creates is rolled back:

    .state/venv/bin/python benchmarks/bench_confidentiality.py \\
        -c .state/odoo.conf -d cdm_demo [--leads 5000] [--repeat 30]
"""
import argparse
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api

LIST_FIELDS = ["name", "partner_id", "user_id", "team_id", "stage_id", "planned_revenue",
               "probability", "date_deadline"]
FORM_FIELDS = LIST_FIELDS + ["contract_number", "needs", "description", "email_from", "phone",
                             "confidentiality_level", "screening_score", "milestone_ids"]


def make_data(env, count):
    """Customers at each level (a third each) owned by two development users
    of different teams, ``count`` opportunities spread over them."""
    Team, Users = env["crm.team"], env["res.users"].with_context(no_reset_password=True)
    teams = [Team.create({"name": "Bench %s" % side, "department_role": "development"})
             for side in ("East", "West")]
    group = env.ref("customer_dev_maint.group_development_user")
    users = [Users.create({"name": "Bench %s" % n, "login": "cdm_bench_%s" % n,
                           "sale_team_id": team.id, "groups_id": [(6, 0, group.ids)]})
             for n, team in enumerate(teams)]
    partners = env["res.partner"]
    for n in range(300):
        partners |= partners.create({
            "name": "Bench Customer %s" % n, "is_company": True, "customer": True,
            "user_id": users[n % 2].id, "team_id": teams[n % 2].id,
            "confidentiality_level": ("normal", "confidential", "secret")[n % 3]})
    env.cr.execute("""
        INSERT INTO crm_lead (name, type, active, user_id, team_id, partner_id, cdm_customer_id,
                              confidentiality_level, planned_revenue, probability, company_id,
                              screening_decision, create_date, write_date, create_uid, write_uid)
        SELECT 'Bench deal ' || n, 'opportunity', TRUE, p.user_id, p.team_id, p.id, p.id,
               p.confidentiality_level, 1000 * n, 10, 1, 'pending', now(), now(), 1, 1
          FROM generate_series(1, %s) AS n
          JOIN res_partner p ON p.id = (%s)[1 + n %% 300]
    """, (count, partners.ids))
    return users[0]


def timed(call, repeat):
    samples = []
    for _i in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--leads", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    with api.Environment.manage():
        figures, logged = measure(args)
    print("Confidentiality overhead, %s opportunities over 300 customers (a third each level), "
          "median of %s calls as a development user:" % (args.leads, args.repeat))
    for index, name in ((0, "list read (search_read, 80 rows)"), (1, "form read (read, 1 record)")):
        base, full = figures["without"][index], figures["with"][index]
        print("  %-36s without rules and log %7.2f ms   with %7.2f ms   ratio %.2f"
              % (name, base, full, full / base))
    print("  access log rows written: %s (one per form read, none for the list reads)" % logged)


def measure(args):
    registry = odoo.registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = make_data(env, args.leads)
        Lead = env["crm.lead"].sudo(user)
        form_id = Lead.search([("confidentiality_level", "=", "confidential")], limit=1).id
        ours = env["ir.model.data"].search([("module", "=", "customer_dev_maint"),
                                            ("model", "=", "ir.rule")]).mapped("res_id")
        rules = env["ir.rule"].search([("model_id.model", "=", "crm.lead"), ("id", "in", ours)])
        Log = env["cdm.access.log"]

        def list_read(model):
            model.invalidate_cache()
            return model.search_read([("type", "=", "opportunity")], LIST_FIELDS, limit=80)

        def form_read(model):
            model.invalidate_cache()
            return model.browse(form_id).read(FORM_FIELDS)

        figures = {}
        for label, active in (("without", False), ("with", True)):
            rules.write({"active": active})
            env["ir.rule"].clear_caches()
            model = Lead.with_context(cdm_no_access_log=not active)
            figures[label] = (timed(lambda m=model: list_read(m), args.repeat),
                              timed(lambda m=model: form_read(m), args.repeat))
        logged = Log.search_count([("user_id", "=", user.id)])
        cr.rollback()
    return figures, logged


if __name__ == "__main__":
    main()
