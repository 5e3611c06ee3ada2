"""Benchmark data of a mid-size company, seeded and reproducible.

At ``--scale 1``: 200 users in 10 sales teams (5 development, 5 maintenance;
one employee each) and a manager, 20,000 customers, 100,000 leads and
opportunities created over two years at every stage (a tenth of them lost),
50,000 helpdesk tickets over the same two years, one chatter message per
lead; with the module installed also: the teams' policy departments and the
users' roles, service tiers and maintenance owners of the customers (10 %
confidential, 1 % secret), 60,000 past revisits, SLA targets of every other
closed ticket (complaints) and satisfaction scores of every third, two
milestones of every won deal, screening scores of a tenth of the leads
and eight quarters of approved appraisals. ``--scale`` 0.1 or 10
goes ten times down or up (0.01 for a smoke run).

Two parts, so that the stock database (crm + helpdesk_mgmt) and the module
database hold the same base data:

    generate.py -c .state/odoo.conf -d cdm_bench_stock --part base --scale 1
    (copy cdm_bench_stock to cdm_bench_module, install the module in the copy)
    generate.py -c .state/odoo.conf -d cdm_bench_module --part module --scale 1

Rows are written by INSERT ... SELECT statements; the few users and
employees go through the ORM. Every value is a function of the row number
and ``--seed``, so two runs write the same data.
"""
import argparse
import time
from datetime import date, timedelta

import odoo
from odoo import SUPERUSER_ID, api

# The day the data ends: two years of history before it.
TODAY = date(2026, 12, 1)
PREFIX = "BENCH"


class Plan:
    """How many rows of each kind a scale gives."""

    def __init__(self, scale, seed):
        self.scale, self.seed = scale, seed
        self.users = max(4, int(round(200 * scale)))
        self.teams = 10 if self.users >= 20 else 2
        self.customers = max(20, int(round(20000 * scale)))
        self.leads = max(50, int(round(100000 * scale)))
        self.tickets = max(25, int(round(50000 * scale)))
        self.revisits = max(30, int(round(60000 * scale)))
        self.quarters = 8

    def as_params(self):
        return dict(vars(self), today=TODAY, days=730)


def dev_logins(plan):
    return ["bench_dev_%03d" % n for n in range(plan.users // 2)]


def maint_logins(plan):
    return ["bench_maint_%03d" % n for n in range(plan.users - plan.users // 2)]


def log(message, start):
    print("  %-58s %7.1f s" % (message, time.perf_counter() - start), flush=True)


# Base data: the same in the stock and the module database -----------------------

def make_users(env, plan):
    """Teams, users (sales "own documents" + leads for development,
    + helpdesk user for maintenance), their employees and a manager."""
    Team = env["crm.team"].with_context(tracking_disable=True, mail_create_nosubscribe=True)
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True,
                                          mail_create_nosubscribe=True, mail_create_nolog=True)
    Employee = env["hr.employee"].with_context(tracking_disable=True, mail_create_nolog=True)
    salesman = env.ref("sales_team.group_sale_salesman").id
    use_lead = env.ref("crm.group_use_lead").id
    helpdesk_user = env.ref("helpdesk_mgmt.group_helpdesk_user").id
    half = plan.teams // 2
    dev_teams = [Team.create({"name": "%s Development %02d" % (PREFIX, n)}) for n in range(half)]
    maint_teams = [Team.create({"name": "%s Maintenance %02d" % (PREFIX, n)}) for n in range(half)]
    help_team = env["helpdesk.ticket.team"].create({"name": "%s Helpdesk" % PREFIX})
    for kind, logins, teams, groups in (
            ("Development", dev_logins(plan), dev_teams, [salesman, use_lead]),
            ("Maintenance", maint_logins(plan), maint_teams, [salesman, use_lead, helpdesk_user])):
        for n, login in enumerate(logins):
            user = Users.create({
                "name": "%s %s %03d" % (PREFIX, kind, n), "login": login,
                "email": "%s@bench.example.com" % login, "tz": "Asia/Shanghai",
                "sale_team_id": teams[n % len(teams)].id, "groups_id": [(6, 0, groups)]})
            Employee.create({"name": user.name, "user_id": user.id, "work_email": user.email})
    help_team.user_ids = [(6, 0, Users.search([("login", "in", maint_logins(plan))]).ids)]
    manager = Users.create({
        "name": "%s Manager" % PREFIX, "login": "bench_manager", "email": "manager@bench.example.com",
        "groups_id": [(6, 0, [env.ref("sales_team.group_sale_manager").id, use_lead,
                              env.ref("helpdesk_mgmt.group_helpdesk_manager").id])]})
    Employee.create({"name": manager.name, "user_id": manager.id})


def required_defaults(env, model, table):
    """Columns of ``model`` that may not be NULL and that the INSERT below
    does not give: their defaults (a database where the module is installed
    adds such columns), as SQL text and parameters."""
    env.cr.execute("""SELECT column_name FROM information_schema.columns
                       WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL""",
                   (table,))
    columns = {row[0] for row in env.cr.fetchall()}
    Model = env[model]
    names = sorted(name for name, field in Model._fields.items()
                   if field.store and field.required and name in columns and name != "id")
    defaults = Model.default_get(names)
    return {name: defaults[name] for name in names if name in defaults}


def insert_select(env, model, table, columns, select, params):
    """INSERT INTO ``table`` (``columns``) ``select``, with the defaults of
    the required columns it does not give appended to both."""
    given = {column.strip() for column in columns.split(",")}
    extra = {name: value for name, value in required_defaults(env, model, table).items()
             if name not in given}
    names = "".join(", %s" % name for name in extra)
    values = "".join(", %%(default_%s)s" % name for name in extra)
    params = dict(params, **{"default_%s" % name: value for name, value in extra.items()})
    env.cr.execute("INSERT INTO %s (%s%s) SELECT q.*%s FROM (%s) q" % (
        table, columns, names, values, select), params)


def user_ids(env, logins):
    env.cr.execute("SELECT id FROM res_users WHERE login IN %s ORDER BY login", (tuple(logins),))
    return [row[0] for row in env.cr.fetchall()]


def make_customers(env, plan):
    """Companies owned by the development users (salesperson and team)."""
    insert_select(env, "res.partner", "res_partner", """
        name, display_name, ref, is_company, customer, supplier, active, type, lang, tz,
        user_id, team_id, company_id, email, phone, city, street, zip, country_id,
        employee, color, partner_share, opt_out, message_bounce, create_date,
        write_date, create_uid, write_uid""", """
        SELECT %(prefix)s || ' Customer ' || lpad(n::text, 6, '0'),
               %(prefix)s || ' Customer ' || lpad(n::text, 6, '0'),
               %(prefix)s || '-' || n, TRUE, TRUE, FALSE, TRUE, 'contact', 'en_US', 'Asia/Shanghai',
               u.id, u.sale_team_id, 1, 'customer' || n || '@bench.example.com',
               '+86 21 ' || (5000000 + n), (ARRAY['Shanghai', 'Beijing', 'Shenzhen', 'Hangzhou'])[1 + n %% 4],
               'Road ' || n, lpad((n %% 99999)::text, 6, '0'), NULL::integer, FALSE, 0, TRUE, FALSE, 0,
               created, created, 1, 1
          FROM generate_series(1, %(customers)s) AS n
          JOIN LATERAL (SELECT (%(today)s::date - (%(days)s * n / %(customers)s))::timestamp
                               + interval '9 hours' AS created) d ON TRUE
          JOIN res_users u ON u.id = (%(dev)s)[1 + n %% array_length(%(dev)s, 1)]
    """, dict(plan.as_params(), prefix=PREFIX, dev=user_ids(env, dev_logins(plan))))
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id "
                   "WHERE commercial_partner_id IS NULL AND ref LIKE %s", (PREFIX + "-%",))


def make_leads(env, plan):
    """Leads and opportunities over two years at every stage: a quarter
    leads, the rest opportunities spread over the stages, a tenth lost; the
    deals of each stage spread evenly over the customers' salespeople."""
    cr = env.cr
    cr.execute("SELECT id, probability FROM crm_stage ORDER BY sequence, id")
    stages = cr.fetchall()
    cr.execute("SELECT id FROM res_partner WHERE ref LIKE %s ORDER BY id", (PREFIX + "-%",))
    customers = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT setseed(%s)", (((plan.seed % 1000) / 1000.0),))
    insert_select(env, "crm.lead", "crm_lead", """
        name, type, active, user_id, team_id, stage_id, probability, company_id, priority,
        email_from, partner_id, partner_name, contact_name, planned_revenue, date_open,
        date_closed, date_last_stage_update, date_deadline, description, color,
        create_date, write_date, create_uid, write_uid""", """
        SELECT %(prefix)s || CASE WHEN lead THEN ' Lead ' ELSE ' Deal ' END || lpad(n::text, 7, '0'),
               CASE WHEN lead THEN 'lead' ELSE 'opportunity' END,
               NOT lost, p.user_id, p.team_id, s.stage, CASE WHEN lost THEN 0 ELSE s.prob END, 1,
               (n %% 4)::text, 'contact' || n || '@bench.example.com', p.id, p.name,
               'Contact ' || n, 1000 * (1 + n %% 97), created,
               CASE WHEN NOT lost AND s.prob >= 100 THEN created + interval '30 days' END,
               created + interval '3 days', (created + interval '60 days')::date,
               'Generated lead ' || n, 0, created, created + interval '3 days', 1, 1
          FROM generate_series(1, %(leads)s) AS n
          JOIN LATERAL (SELECT n %% 4 = 0 AS lead, n %% 10 = 7 AS lost,
                               (%(today)s::date - (%(days)s * n / %(leads)s))::timestamp
                               + (n %% 600) * interval '1 minute' AS created) d ON TRUE
          JOIN LATERAL (SELECT (%(stage_ids)s)[1 + n %% array_length(%(stage_ids)s, 1)] AS stage,
                               (%(stage_probs)s)[1 + n %% array_length(%(stage_ids)s, 1)] AS prob) s ON TRUE
          JOIN res_partner p
            ON p.id = (%(customers)s)[1 + (n::bigint * 7919 + n / 20) %% array_length(%(customers)s, 1)]
    """, dict(plan.as_params(), prefix=PREFIX, customers=customers,
              stage_ids=[stage_id for stage_id, _prob in stages],
              stage_probs=[prob for _id, prob in stages]))


def make_tickets(env, plan):
    """Tickets of the customers over two years, a third of them still open,
    assigned to the maintenance users."""
    cr = env.cr
    stage = {xmlid: env.ref("helpdesk_mgmt.helpdesk_ticket_stage_%s" % xmlid).id
             for xmlid in ("new", "in_progress", "awaiting", "done", "cancelled")}
    cr.execute("SELECT id FROM helpdesk_ticket_team WHERE name = %s", ("%s Helpdesk" % PREFIX,))
    team_id = cr.fetchone()[0]
    cr.execute("SELECT id FROM res_partner WHERE ref LIKE %s ORDER BY id", (PREFIX + "-%",))
    customers = [row[0] for row in cr.fetchall()]
    insert_select(env, "helpdesk.ticket", "helpdesk_ticket", """
        number, name, description, partner_id, partner_name, partner_email, user_id, team_id,
        stage_id, company_id, priority, kanban_state, last_stage_update, closed_date,
        create_date, write_date, create_uid, write_uid""", """
        SELECT 'BT' || lpad(n::text, 7, '0'), %(prefix)s || ' ticket ' || n,
               '<p>Generated ticket ' || n || '</p>', p.id, p.name, p.email,
               (%(maint)s)[1 + n %% array_length(%(maint)s, 1)], %(team)s,
               CASE WHEN n %% 3 = 0 THEN (ARRAY[%(new)s, %(progress)s, %(awaiting)s])[1 + n %% 9 / 3]
                    WHEN n %% 13 = 1 THEN %(cancelled)s ELSE %(done)s END,
               1, (n %% 4)::text, 'normal', created + interval '1 day',
               CASE WHEN n %% 3 <> 0 THEN created + interval '3 days' END,
               created, created + interval '1 day', 1, 1
          FROM generate_series(1, %(tickets)s) AS n
          JOIN LATERAL (SELECT (%(today)s::date - (%(days)s * n / %(tickets)s))::timestamp
                               + (n %% 500) * interval '1 minute' AS created) d ON TRUE
          JOIN res_partner p
            ON p.id = (%(customers)s)[1 + (n::bigint * 104729) %% array_length(%(customers)s, 1)]
    """, dict(plan.as_params(), prefix=PREFIX, customers=customers, team=team_id,
              maint=user_ids(env, maint_logins(plan)), new=stage["new"],
              progress=stage["in_progress"], awaiting=stage["awaiting"], done=stage["done"],
              cancelled=stage["cancelled"]))


def make_messages(env, plan):
    """One note per lead in its chatter, and 60 on the first lead of each
    development user (the chatter the benchmark opens)."""
    cr = env.cr
    note = env.ref("mail.mt_note").id
    cr.execute("""
        INSERT INTO mail_message (model, res_id, record_name, body, message_type, subtype_id,
                                  author_id, date, create_date, write_date, create_uid, write_uid)
        SELECT 'crm.lead', l.id, l.name, '<p>Called ' || l.contact_name || '</p>', 'comment', %(note)s,
               u.partner_id, l.create_date + interval '1 day', l.create_date, l.create_date,
               l.user_id, l.user_id
          FROM crm_lead l JOIN res_users u ON u.id = l.user_id
         WHERE l.name LIKE %(like)s
    """, {"note": note, "like": PREFIX + " %"})
    cr.execute("""
        INSERT INTO mail_message (model, res_id, record_name, body, message_type, subtype_id,
                                  author_id, date, create_date, write_date, create_uid, write_uid)
        SELECT 'crm.lead', f.id, f.name, '<p>Follow-up ' || k || '</p>', 'comment', %(note)s,
               u.partner_id, f.create_date + k * interval '1 hour', now(), now(), f.user_id, f.user_id
          FROM (SELECT DISTINCT ON (user_id) id, name, user_id, create_date FROM crm_lead
                 WHERE name LIKE %(like)s AND active AND type = 'opportunity'
                 ORDER BY user_id, id) f
          JOIN res_users u ON u.id = f.user_id, generate_series(1, 60) AS k
    """, {"note": note, "like": PREFIX + " %"})


def generate_base(env, plan):
    start = time.perf_counter()
    make_users(env, plan)
    log("%d users in %d teams, their employees, a manager" % (plan.users, plan.teams), start)
    make_customers(env, plan)
    log("%d customers" % plan.customers, start)
    make_leads(env, plan)
    log("%d leads and opportunities" % plan.leads, start)
    make_tickets(env, plan)
    log("%d tickets" % plan.tickets, start)
    make_messages(env, plan)
    log("chatter messages", start)
    analyze(env)
    log("ANALYZE", start)


# Module data: only where the module is installed ---------------------------------

def module_roles(env, plan):
    """Policy departments and roles of the same users."""
    cr = env.cr
    cr.execute("UPDATE crm_team SET department_role = 'development' WHERE name LIKE %s",
               ("%s Development %%" % PREFIX,))
    cr.execute("UPDATE crm_team SET department_role = 'maintenance' WHERE name LIKE %s",
               ("%s Maintenance %%" % PREFIX,))
    Users = env["res.users"].with_context(tracking_disable=True)
    for logins, xmlid in ((dev_logins(plan), "group_development_user"),
                          (maint_logins(plan), "group_maintenance_user"),
                          (["bench_manager"], "group_manager")):
        Users.browse(user_ids(env, logins)).write(
            {"groups_id": [(4, env.ref("customer_dev_maint.%s" % xmlid).id)]})
    env.cache.invalidate()


def module_computed(env):
    """The module's stored fields that the rows inserted by SQL lack, set by
    one UPDATE each (when the module is installed before the data, the ORM
    never computed them): the customer company of leads and tickets, the
    deal outcome and the customer each confidential record belongs to."""
    cr = env.cr
    cr.execute("""
        UPDATE crm_lead l SET commercial_partner_id = p.commercial_partner_id
          FROM res_partner p
         WHERE p.id = l.partner_id AND l.commercial_partner_id IS DISTINCT FROM p.commercial_partner_id
    """)
    cr.execute("""
        UPDATE crm_lead SET deal_outcome = CASE WHEN active AND probability >= 100 THEN 'won'
                                                WHEN NOT active THEN 'lost' ELSE 'open' END
         WHERE deal_outcome IS NULL
    """)
    cr.execute("""
        UPDATE helpdesk_ticket t SET commercial_partner_id = p.commercial_partner_id
          FROM res_partner p
         WHERE p.id = t.partner_id AND t.commercial_partner_id IS DISTINCT FROM p.commercial_partner_id
    """)
    for name in sorted(env.registry):
        Model = env[name]
        field = Model._fields.get("cdm_customer_id")
        source = Model._fields.get(getattr(Model, "_cdm_customer_field", ""))
        if Model._abstract or not Model._auto or not field or not field.store \
                or not source or not source.store or source.type != "many2one":
            continue
        cr.execute("""
            UPDATE "{table}" t SET cdm_customer_id = p.commercial_partner_id
              FROM res_partner p
             WHERE p.id = t."{source}" AND t.cdm_customer_id IS DISTINCT FROM p.commercial_partner_id
        """.format(table=Model._table, source=source.name))


def module_customers(env, plan):
    """Tiers, maintenance owners, handover dates (two weeks after the first
    won deal, else 20 days after the customer was created) and
    confidentiality levels of the customers, and the levels carried by
    their records."""
    cr = env.cr
    tiers = [env.ref("customer_dev_maint.tier_%s" % name).id for name in ("strategic", "key", "standard")]
    cr.execute("""
        UPDATE res_partner p
           SET maintenance_user_id = u.id, maintenance_team_id = u.sale_team_id,
               service_tier_id = CASE WHEN x.n %% 20 = 0 THEN %(strategic)s
                                      WHEN x.n %% 5 = 1 THEN %(key)s ELSE %(standard)s END,
               handover_date = (p.create_date + interval '20 days')::date,
               confidentiality_level = CASE WHEN x.n %% 100 = 50 THEN 'secret'
                                            WHEN x.n %% 10 = 3 THEN 'confidential' ELSE 'normal' END
          FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM res_partner
                 WHERE ref LIKE %(like)s) x,
               res_users u
         WHERE p.id = x.id AND u.id = (%(maint)s)[1 + x.n %% array_length(%(maint)s, 1)]
    """, {"strategic": tiers[0], "key": tiers[1], "standard": tiers[2], "like": PREFIX + "-%",
          "maint": user_ids(env, maint_logins(plan))})
    # A customer who won a deal is handed over to maintenance two weeks after the first one.
    cr.execute("""
        UPDATE res_partner p SET handover_date = (w.first_closed + interval '14 days')::date
          FROM (SELECT partner_id, MIN(date_closed) AS first_closed FROM crm_lead
                 WHERE type = 'opportunity' AND deal_outcome = 'won' AND date_closed IS NOT NULL
                 GROUP BY partner_id) w
         WHERE w.partner_id = p.id AND p.ref LIKE %s
    """, (PREFIX + "-%",))
    propagate_levels(cr)


def propagate_levels(cr):
    """Every record of a customer carries its level (the module's stored
    ``confidentiality_level``), set in one UPDATE per table."""
    cr.execute("""
        SELECT c.table_name FROM information_schema.columns c
          JOIN information_schema.columns l ON l.table_name = c.table_name
               AND l.column_name = 'confidentiality_level'
         WHERE c.column_name = 'cdm_customer_id' AND c.table_schema = 'public'
    """)
    for (table,) in cr.fetchall():
        cr.execute("""
            UPDATE "{table}" t SET confidentiality_level = p.confidentiality_level
              FROM res_partner p
             WHERE p.id = t.cdm_customer_id AND t.confidentiality_own_level IS NULL
               AND t.confidentiality_level IS DISTINCT FROM p.confidentiality_level
        """.format(table=table))


def module_revisits(env, plan):
    """Past revisits, done over two years by each customer's maintenance
    owner, then the customers' last revisit date."""
    cr = env.cr
    cr.execute("""
        INSERT INTO cdm_revisit (name, partner_id, user_id, team_id, tier_id, company_id, date_due,
                                 date_target, date_done, state, satisfaction, channel, on_time,
                                 cdm_customer_id, confidentiality_level,
                                 create_date, write_date, create_uid, write_uid)
        SELECT 'RV' || lpad(n::text, 7, '0'), p.id, p.maintenance_user_id, p.maintenance_team_id,
               p.service_tier_id, 1, due, due, due + (n %% 5 - 2), 'done', 1 + (n * 7) %% 5, 'phone',
               n %% 5 <= 2, p.id, p.confidentiality_level, due, due, 1, 1
          FROM generate_series(1, %(revisits)s) AS n
          JOIN LATERAL (SELECT %(today)s::date - 3 - (%(days)s * n / %(revisits)s) AS due) d ON TRUE
          JOIN res_partner p ON p.id = (%(customers)s)[1 + (n * 31) %% array_length(%(customers)s, 1)]
    """, dict(plan.as_params(), customers=customer_ids(cr)))
    cr.execute("""
        UPDATE res_partner p SET last_revisit_date = r.last
          FROM (SELECT partner_id, MAX(date_done) AS last FROM cdm_revisit
                 WHERE state = 'done' GROUP BY partner_id) r
         WHERE r.partner_id = p.id
    """)


def module_ticket_service(env, plan):
    """Service records of the closed tickets: every other one a complaint
    with response and resolution targets (met, a fifth of the responses and a
    seventh of the resolutions breached, with a reason), and every third one
    a satisfaction score (1-5) logged by its owner the day after it closed;
    which ones is a scrambled function of the ticket's number (h), so that
    every owner gets some of each."""
    cr = env.cr
    cr.execute("""
        UPDATE helpdesk_ticket t
           SET kind = 'complaint', severity = 'normal', sla_tier_id = p.service_tier_id,
               sla_start = t.create_date, response_target_hours = 4, resolution_target_hours = 48,
               response_deadline = t.create_date + interval '4 hours',
               response_risk_date = t.create_date + interval '3 hours',
               first_response_date = t.create_date + CASE WHEN x.h / 128 %% 5 = 0 THEN interval '6 hours'
                                                          ELSE interval '2 hours' END,
               resolution_deadline = t.create_date + CASE WHEN x.h / 640 %% 7 = 0 THEN interval '2 days'
                                                          ELSE interval '4 days' END,
               resolution_risk_date = t.create_date + interval '1 day',
               resolution_date = t.closed_date,
               response_state = CASE WHEN x.h / 128 %% 5 = 0 THEN 'breached' ELSE 'met' END,
               resolution_state = CASE WHEN x.h / 640 %% 7 = 0 THEN 'breached' ELSE 'met' END,
               sla_state = CASE WHEN x.h / 128 %% 5 = 0 OR x.h / 640 %% 7 = 0 THEN 'breached' ELSE 'met' END,
               sla_breach_reason = CASE WHEN x.h / 128 %% 5 = 0 OR x.h / 640 %% 7 = 0
                                        THEN 'Generated: waited on the customer' END
          FROM (SELECT id, substring(number FROM 3)::bigint * 40503 %% 65536 AS h FROM helpdesk_ticket
                 WHERE number LIKE %(like)s AND closed_date IS NOT NULL) x, res_partner p
         WHERE t.id = x.id AND p.id = t.partner_id AND x.h / 64 %% 2 = 0
    """, {"like": "BT%"})
    cr.execute("""
        INSERT INTO cdm_ticket_satisfaction (ticket_id, state, partner_id, user_id, team_id,
                                             company_id, source, channel, contact_id, score,
                                             logged_by_id, date, is_low, cdm_customer_id,
                                             confidentiality_level, create_date, write_date,
                                             create_uid, write_uid)
        SELECT t.id, 'done', t.commercial_partner_id, t.user_id, u.sale_team_id, t.company_id,
               'staff', 'phone', t.partner_id, x.score, t.user_id,
               t.closed_date + interval '1 day', x.score <= 2, t.commercial_partner_id,
               t.confidentiality_level, t.closed_date + interval '1 day',
               t.closed_date + interval '1 day', 1, 1
          FROM (SELECT id, 1 + substring(number FROM 3)::bigint * 40503 %% 65536 / 4480 %% 5 AS score
                  FROM helpdesk_ticket
                 WHERE number LIKE %(like)s AND closed_date IS NOT NULL
                   AND substring(number FROM 3)::integer %% 3 = 2) x
          JOIN helpdesk_ticket t ON t.id = x.id
          JOIN res_users u ON u.id = t.user_id
    """, {"like": "BT%"})


def module_milestones(env, plan):
    """Two milestones of every won deal, 30 and 60 days after it
    closed, owned by its salesperson: those planned before the data's last
    day done (a quarter of them late) or still planned (one in eleven),
    one in thirteen cancelled."""
    env.cr.execute("""
        INSERT INTO crm_lead_milestone (name, lead_id, user_id, planned_date, done_date, state,
                                        delivery_status, partner_id, team_id, company_id,
                                        cdm_customer_id, confidentiality_level, create_date,
                                        write_date, create_uid, write_uid)
        SELECT 'Milestone ' || k, l.id, l.user_id, m.planned, m.done,
               m.state, CASE WHEN m.done IS NULL THEN 'pending'
                             WHEN m.done <= m.planned THEN 'on_time' ELSE 'late' END,
               l.commercial_partner_id, l.team_id, l.company_id, l.commercial_partner_id,
               l.confidentiality_level, l.date_closed, l.date_closed, 1, 1
          FROM crm_lead l
         CROSS JOIN generate_series(1, 2) AS k
          JOIN LATERAL (SELECT (l.date_closed + k * interval '30 days')::date AS planned,
                               (l.id + k) %% 13 = 0 AS cancelled,
                               (l.id + k) %% 11 = 0 AS open) d ON TRUE
          JOIN LATERAL (SELECT CASE WHEN d.cancelled THEN 'cancelled'
                                    WHEN d.open OR d.planned >= %(today)s THEN 'planned'
                                    ELSE 'done' END AS state,
                               d.planned AS planned) s ON TRUE
          JOIN LATERAL (SELECT s.state, s.planned,
                               CASE WHEN s.state = 'done'
                                    THEN s.planned + CASE WHEN (l.id + k) %% 4 = 0 THEN 5 ELSE -2 END
                               END AS done) m ON TRUE
         WHERE l.name LIKE %(like)s AND l.deal_outcome = 'won' AND l.date_closed IS NOT NULL
    """, {"today": TODAY, "like": PREFIX + " %"})


def customer_ids(cr):
    cr.execute("SELECT id FROM res_partner WHERE ref LIKE %s ORDER BY id", (PREFIX + "-%",))
    return [row[0] for row in cr.fetchall()]


def module_screening(env, plan):
    """Screening scores (0-5 per criterion) of every tenth lead, and their
    weighted score in one UPDATE."""
    cr = env.cr
    cr.execute("""
        INSERT INTO crm_lead_screening_score (lead_id, criterion_id, score, user_id, company_id,
                                              create_date, write_date, create_uid, write_uid)
        SELECT l.id, c.id, (l.id + c.id) %% 6, l.user_id, l.company_id, l.create_date,
               l.create_date, 1, 1
          FROM crm_lead l, cdm_screening_criterion c
         WHERE l.name LIKE %s AND l.id %% 10 = 0 AND c.active
    """, (PREFIX + " %",))
    cr.execute("""
        UPDATE crm_lead l SET screening_score = s.score
          FROM (SELECT sc.lead_id,
                       ROUND((100.0 * SUM(c.weight * sc.score) / (5.0 * t.total))::numeric, 1) AS score
                  FROM crm_lead_screening_score sc
                  JOIN cdm_screening_criterion c ON c.id = sc.criterion_id AND c.active
                 CROSS JOIN (SELECT SUM(weight) AS total FROM cdm_screening_criterion
                              WHERE active) t
              GROUP BY sc.lead_id, t.total) s
         WHERE l.id = s.lead_id
    """)


def module_appraisals(env, plan):
    """Eight past quarters of approved appraisal runs of every employee."""
    cr = env.cr
    for quarter in range(plan.quarters):
        first = date(TODAY.year - 2, 7, 1)
        month = first.month - 1 + 3 * quarter
        date_from = date(first.year + month // 12, month % 12 + 1, 1)
        month += 3
        date_to = date(first.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        cr.execute("""
            INSERT INTO cdm_appraisal_run (name, period_type, date_from, date_to, company_id, state,
                                           computed_on, approved_on, create_date, write_date,
                                           create_uid, write_uid)
            VALUES (%s, 'quarter', %s, %s, 1, 'approved', %s, %s, %s, %s, 1, 1) RETURNING id
        """, ("%s Appraisal %s" % (PREFIX, date_from), date_from, date_to, date_to, date_to,
              date_to, date_to))
        run_id = cr.fetchone()[0]
        cr.execute("""
            INSERT INTO cdm_appraisal (run_id, employee_id, user_id, company_id, date_from, date_to,
                                       period_type, role, team_id, score, kpi_points, state,
                                       computed_on, approved_on, rank, create_date, write_date,
                                       create_uid, write_uid)
            SELECT %(run)s, e.id, u.id, 1, %(from)s, %(to)s, 'quarter',
                   CASE WHEN t.department_role = 'maintenance' THEN 'maintenance' ELSE 'development' END,
                   t.id, 60 + (e.id * 7 + %(q)s) %% 40, 60 + (e.id * 7 + %(q)s) %% 40, 'approved',
                   %(to)s, %(to)s, row_number() OVER (ORDER BY e.id), %(to)s, %(to)s, 1, 1
              FROM hr_employee e JOIN resource_resource r ON r.id = e.resource_id
              JOIN res_users u ON u.id = r.user_id
              JOIN crm_team t ON t.id = u.sale_team_id
             WHERE u.login LIKE 'bench\\_%%\\_%%'
        """, {"run": run_id, "from": date_from, "to": date_to, "q": quarter})


def generate_module(env, plan):
    start = time.perf_counter()
    module_roles(env, plan)
    log("policy departments and roles", start)
    module_computed(env)
    module_customers(env, plan)
    log("tiers, owners and confidentiality of the customers", start)
    module_revisits(env, plan)
    log("%d past revisits" % plan.revisits, start)
    module_ticket_service(env, plan)
    log("SLA targets and satisfaction of the closed tickets", start)
    module_milestones(env, plan)
    log("milestones of the won deals", start)
    module_screening(env, plan)
    log("screening scores of a tenth of the leads", start)
    module_appraisals(env, plan)
    log("%d quarters of appraisals" % plan.quarters, start)
    analyze(env)
    log("ANALYZE", start)


def analyze(env):
    env.cr.execute("ANALYZE")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--part", choices=("base", "module"), required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    plan = Plan(args.scale, args.seed)
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        (generate_base if args.part == "base" else generate_module)(env, plan)


if __name__ == "__main__":
    main()
