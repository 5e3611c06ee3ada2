"""The confidentiality gate's cost against stock Odoo 11 on the same data.

Two databases copied from the workbench's template (base, crm, helpdesk_mgmt,
no module): one stays stock (Odoo's own-documents rules), the module is
installed in the other; both get the same generated data (companies at each
level, opportunities, tickets, a few users per department, bulk-inserted as
superuser). Each scenario then runs as the same user in both, interleaved
(stock, module, stock, ...), each call in a savepoint rolled back with a
cold record cache, and the median of N calls is printed with the queries of
one call:

    .state/venv/bin/python benchmarks/bench_gate.py -c .state/odoo.conf \\
        [--companies 2000 --leads 5000 --tickets 5000 --repeat 15] [--keep]

The databases are named cdm_test_gate_stock / cdm_test_gate_module (``--name``
gives another prefix); with
``--reuse`` kept ones are used again (``--update``: the module is updated in
the second first).
"""
import argparse
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

STOCK_DB, MODULE_DB = "%s_stock", "%s_module"
LIST_FIELDS = ["name", "partner_id", "user_id", "team_id", "stage_id", "planned_revenue",
               "probability", "date_deadline", "email_from", "phone", "create_date"]
KANBAN_FIELDS = ["name", "partner_id", "user_id", "stage_id", "planned_revenue", "priority",
                 "kanban_state", "tag_ids", "activity_ids", "activity_state", "color",
                 "message_needaction_counter"]
PARTNER_FIELDS = ["name", "is_company", "type", "street", "city", "zip", "country_id", "phone",
                  "mobile", "email", "website", "user_id", "team_id", "category_id", "child_ids",
                  "comment", "customer", "supplier", "commercial_partner_id", "parent_id",
                  "function", "lang", "vat", "opportunity_ids", "opportunity_count",
                  "message_follower_ids", "message_ids", "activity_ids"]
TICKET_FIELDS = ["number", "name", "partner_id", "user_id", "team_id", "stage_id", "priority",
                 "create_date", "last_stage_update"]


def connect(name):
    return odoo.sql_db.db_connect(name)


def admin_cursor():
    return connect("postgres").cursor()


def exists(name):
    with admin_cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return bool(cr.fetchone())


def template_name():
    with admin_cursor() as cr:
        cr.execute("SELECT datname FROM pg_database WHERE datname LIKE 'cdm_tmpl_%%' "
                   "AND datname NOT LIKE '%%.tmp' ORDER BY datname LIMIT 1")
        row = cr.fetchone()
    if not row:
        raise SystemExit("No template database: run a test first (tools/test.sh) to build it.")
    return row[0]


def create_db(name, template):
    odoo.sql_db.close_db(name)
    with admin_cursor() as cr:
        cr.autocommit(True)
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
        cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (name, template))
        cr.execute('ALTER DATABASE "%s" SET synchronous_commit = off' % name)


def drop_db(name):
    Registry.delete(name)
    odoo.sql_db.close_db(name)
    with admin_cursor() as cr:
        cr.autocommit(True)
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)


def load(name, install=None, update=None):
    config = odoo.tools.config
    config["init"] = {install: 1} if install else {}
    config["update"] = {update: 1} if update else {}
    config["without_demo"] = "all"
    try:
        return Registry.new(name, update_module=bool(install or update))
    finally:
        config["init"], config["update"] = {}, {}


# Data ------------------------------------------------------------------------------

def make_users(env, module):
    """Two development users of two teams, one maintenance user."""
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    Team = env["crm.team"]
    team_vals = {"department_role": "development"} if module else {}
    teams = [Team.create(dict(team_vals, name="Gate %s" % side)) for side in ("East", "West")]
    if module:
        dev = env.ref("customer_dev_maint.group_development_user")
        maint = env.ref("customer_dev_maint.group_maintenance_user")
    else:
        dev = env.ref("sales_team.group_sale_salesman")
        maint = env.ref("sales_team.group_sale_salesman") | env.ref("helpdesk_mgmt.group_helpdesk_user")
    users = []
    for n, (team, groups) in enumerate(((teams[0], dev), (teams[1], dev), (teams[0], maint))):
        users.append(Users.create({
            "name": "Gate User %s" % n, "login": "gate%s" % n, "sale_team_id": team.id,
            "email": "gate%s@example.com" % n,
            "groups_id": [(6, 0, (groups | env.ref("base.group_user")).ids)]}))
    return teams, users


def column_defaults(env, model_name, provided):
    """Give the required columns the insert below leaves out (the module's
    own, such as a lead's screening decision) their ORM default in the
    table, so a bulk insert stands for records created through the ORM."""
    Model = env[model_name]
    env.cr.execute("""SELECT column_name FROM information_schema.columns
                       WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL""",
                   (Model._table,))
    for (column,) in env.cr.fetchall():
        if column == "id" or column in provided or column not in Model._fields:
            continue
        field = Model._fields[column]
        value = Model.default_get([column]).get(column)
        if value in (None, False) and field.type == "selection":
            value = field.get_values(env)[0]
        if value in (None, False) and field.type == "boolean":
            value = False
        env.cr.execute('ALTER TABLE "%s" ALTER COLUMN "%s" SET DEFAULT %%s'
                       % (Model._table, column), (value,))


def make_data(env, module, args):
    cr = env.cr
    column_defaults(env, "res.partner", {"name", "display_name", "is_company", "customer",
                                         "active", "company_id", "user_id", "team_id", "type",
                                         "lang", "confidentiality_level", "maintenance_user_id"})
    column_defaults(env, "crm.lead", {"name", "type", "active", "user_id", "team_id",
                                      "partner_id", "stage_id", "planned_revenue", "probability",
                                      "company_id", "priority", "email_from",
                                      "cdm_customer_id", "confidentiality_level"})
    column_defaults(env, "helpdesk.ticket", {"number", "name", "description", "partner_id",
                                             "user_id", "team_id", "stage_id", "company_id",
                                             "priority", "cdm_customer_id",
                                             "confidentiality_level"})
    teams, users = make_users(env, module)
    dev_a, dev_b, maint = users
    stage_ids = env["crm.stage"].search([]).ids
    company_id = env.user.company_id.id
    # Companies: owner alternates between the two development users; a third
    # of each level.
    extra_cols, extra_vals = "", ""
    if module:
        extra_cols = ", confidentiality_level, maintenance_user_id"
        extra_vals = ", (ARRAY['normal','confidential','secret'])[1 + n %% 3], " + str(maint.id)
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, active, company_id,
                                 user_id, team_id, type, lang, create_date,
                                 write_date, create_uid, write_uid{cols})
        SELECT 'Gate Customer ' || n, 'Gate Customer ' || n, TRUE, TRUE, TRUE, %s,
               (ARRAY[%s, %s])[1 + n %% 2], (ARRAY[%s, %s])[1 + n %% 2], 'contact', 'en_US',
               now(), now(), 1, 1{vals}
          FROM generate_series(1, %s) AS n
        RETURNING id
    """.format(cols=extra_cols, vals=extra_vals),
        (company_id, dev_a.id, dev_b.id, teams[0].id, teams[1].id, args.companies))
    partner_ids = sorted(row[0] for row in cr.fetchall())
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id IN %s",
               (tuple(partner_ids),))
    lead_cols, lead_vals = "", ""
    if module:
        lead_cols = ", cdm_customer_id, confidentiality_level"
        lead_vals = ", p.id, p.confidentiality_level"
    cr.execute("""
        INSERT INTO crm_lead (name, type, active, user_id, team_id, partner_id, stage_id,
                              planned_revenue, probability, company_id, priority, email_from,
                              create_date, write_date, create_uid, write_uid{cols})
        SELECT 'Gate deal ' || n, 'opportunity', TRUE, p.user_id, p.team_id, p.id,
               (%s)[1 + n %% {stages}], 1000 * n, 10, %s, '1', 'gate@example.com', now(), now(),
               1, 1{vals}
          FROM generate_series(1, %s) AS n
          JOIN res_partner p ON p.id = (%s)[1 + n %% {companies}]
    """.format(cols=lead_cols, vals=lead_vals, stages=len(stage_ids), companies=len(partner_ids)),
        (stage_ids, company_id, args.leads, partner_ids))
    helpdesk_team = env["helpdesk.ticket.team"].search([], limit=1)
    ticket_stage = env["helpdesk.ticket.stage"].search([], limit=1)
    ticket_cols, ticket_vals = "", ""
    if module:
        ticket_cols = ", cdm_customer_id, confidentiality_level"
        ticket_vals = ", p.id, p.confidentiality_level"
    cr.execute("""
        INSERT INTO helpdesk_ticket (number, name, description, partner_id, user_id, team_id,
                                     stage_id, company_id, priority, create_date, write_date,
                                     create_uid, write_uid{cols})
        SELECT 'GT' || n, 'Gate ticket ' || n, 'Ticket ' || n, p.id,
               CASE WHEN n %% 2 = 0 THEN %s END, %s, %s, %s, '1', now(), now(), 1, 1{vals}
          FROM generate_series(1, %s) AS n
          JOIN res_partner p ON p.id = (%s)[1 + n %% {companies}]
    """.format(cols=ticket_cols, vals=ticket_vals, companies=len(partner_ids)),
        (maint.id, helpdesk_team.id or None, ticket_stage.id or None, company_id, args.tickets,
         partner_ids))
    # The chatter of one confidential deal of the first user: 40 notes.
    Lead = env["crm.lead"]
    chatter_lead = Lead.search([("user_id", "=", dev_a.id), ("partner_id", "=", partner_ids[1])],
                               limit=1)
    for n in range(40):
        chatter_lead.message_post(body="Note %s" % n, message_type="comment",
                                  subtype="mail.mt_note", author_id=dev_a.partner_id.id)
    env["crm.lead"].invalidate_cache()
    return {"user": dev_a.id, "maint": maint.id, "customer": partner_ids[1],
            "chatter_lead": chatter_lead.id, "team": teams[0].id}


# Scenarios ------------------------------------------------------------------------

def scenarios(env, data):
    dev = env(user=data["user"])
    maint = env(user=data["maint"])
    own_leads = env["crm.lead"].search([("user_id", "=", data["user"])], limit=1000, order="id").ids
    opp = [("type", "=", "opportunity")]

    def lead_create():
        dev["crm.lead"].create({"name": "Gate new deal", "type": "opportunity",
                                "partner_id": data["customer"], "team_id": data["team"]})

    def customer_form():
        dev["res.partner"].browse(data["customer"]).read(PARTNER_FIELDS)

    def opportunity_list():
        Lead = dev["crm.lead"]
        Lead.search_read(opp, LIST_FIELDS, limit=80, order="id desc")
        Lead.search_count(opp)

    def kanban():
        Lead = dev["crm.lead"]
        Lead.read_group(opp, ["stage_id"], ["stage_id"])
        Lead.search_read(opp, KANBAN_FIELDS, limit=120)

    def ticket_list():
        Ticket = maint["helpdesk.ticket"]
        Ticket.search_read([], TICKET_FIELDS, limit=80)
        Ticket.search_count([])

    def mass_write():
        dev["crm.lead"].browse(own_leads).write({"planned_revenue": 4242.0})

    def message_fetch():
        dev["mail.message"].message_fetch(
            [("model", "=", "crm.lead"), ("res_id", "=", data["chatter_lead"])], limit=30)

    return [("lead create", lead_create, 1.5), ("customer form read", customer_form, 1.3),
            ("opportunity list (80 + count)", opportunity_list, 1.3),
            ("kanban (120 cards + stages)", kanban, 1.3), ("ticket list (80 + count)", ticket_list, 1.3),
            ("tracked mass write (1,000 leads)", mass_write, 1.5),
            ("message_fetch (30 messages)", message_fetch, 1.2)]


def timed_call(env, call):
    cr = env.cr
    cr.execute("SAVEPOINT gate_bench")
    env["crm.lead"].invalidate_cache()
    before = cr.sql_log_count
    start = time.perf_counter()
    call()
    env["crm.lead"].recompute()
    elapsed = time.perf_counter() - start
    queries = cr.sql_log_count - before
    cr.execute("ROLLBACK TO SAVEPOINT gate_bench")
    env["crm.lead"].invalidate_cache()
    return elapsed * 1000.0, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--leads", type=int, default=5000)
    parser.add_argument("--tickets", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the two databases")
    parser.add_argument("--reuse", action="store_true", help="use the kept databases again")
    parser.add_argument("--update", action="store_true", help="with --reuse: update the module")
    parser.add_argument("--name", default="cdm_test_gate", help="prefix of the databases' names")
    args = parser.parse_args()
    global STOCK_DB, MODULE_DB  # noqa: PLW0603 (one run, one pair of databases)
    STOCK_DB, MODULE_DB = STOCK_DB % args.name, MODULE_DB % args.name
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    reuse = args.reuse and exists(STOCK_DB) and exists(MODULE_DB)
    started = time.perf_counter()
    if not reuse:
        template = template_name()
        create_db(STOCK_DB, template)
        create_db(MODULE_DB, template)
    registries = {STOCK_DB: load(STOCK_DB),
                  MODULE_DB: load(MODULE_DB, **({"update": "customer_dev_maint"} if reuse
                                                and args.update else {} if reuse
                                                else {"install": "customer_dev_maint"}))}
    envs, data, cursors = {}, {}, []
    with api.Environment.manage():
        for name, registry in registries.items():
            cr = registry.cursor()
            cursors.append(cr)
            env = api.Environment(cr, SUPERUSER_ID, {})
            if reuse:
                cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'gate.bench'")
                data[name] = eval(cr.fetchone()[0])  # noqa: S307 (our own repr)
                cr.execute("""UPDATE res_partner p SET email = u.login || '@example.com'
                                FROM res_users u WHERE u.partner_id = p.id
                                 AND u.login LIKE 'gate%%' AND p.email IS NULL""")
            else:
                data[name] = make_data(env, name == MODULE_DB, args)
                env["ir.config_parameter"].set_param("gate.bench", repr(data[name]))
                cr.commit()
            envs[name] = env
        print("Databases ready in %.0f s; %s companies, %s opportunities, %s tickets; median of %s "
              "calls, interleaved." % (time.perf_counter() - started, args.companies, args.leads,
                                        args.tickets, args.repeat))
        plans = {name: scenarios(envs[name], data[name]) for name in envs}
        print("%-34s %10s %10s %7s %7s %9s %9s" % ("scenario", "module ms", "stock ms", "ratio",
                                                   "target", "queries", "(stock)"))
        failed = 0
        for index, (label, _call, target) in enumerate(plans[STOCK_DB]):
            samples = {STOCK_DB: [], MODULE_DB: []}
            queries = {}
            for _warm in range(2):
                for name in envs:
                    timed_call(envs[name], plans[name][index][1])
            for repeat in range(args.repeat):
                order = (STOCK_DB, MODULE_DB) if repeat % 2 == 0 else (MODULE_DB, STOCK_DB)
                for name in order:
                    elapsed, count = timed_call(envs[name], plans[name][index][1])
                    samples[name].append(elapsed)
                    queries[name] = count
            module_ms = statistics.median(samples[MODULE_DB])
            stock_ms = statistics.median(samples[STOCK_DB])
            ratio = module_ms / stock_ms
            failed += ratio > target
            print("%-34s %10.1f %10.1f %6.2fx %6.1fx %9s %9s%s" % (
                label, module_ms, stock_ms, ratio, target, queries[MODULE_DB], queries[STOCK_DB],
                "" if ratio <= target else "  over"))
        for cr in cursors:
            cr.rollback()
            cr.close()
    if not args.keep:
        for name in (STOCK_DB, MODULE_DB):
            drop_db(name)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
