"""The product against stock Odoo and SQL on the same generated data.

Two databases built by ``tools/bench.sh`` (``make bench``) from
``benchmarks/generate.py``: stock (crm + helpdesk_mgmt + helpdesk_mgmt_rating,
no module) and module (the same data, the module installed, its own data
added). Screens run as a development or maintenance user of both databases,
interleaved (stock, module, stock, module, ...), median of ``--repeat``
runs; scheduled jobs run on the module database against one hand-written SQL
statement writing the same rows, measured in the same run, and are stopped
at ten times their target. Nothing is committed: every side and every job
rolls back.

    .state/venv/bin/python benchmarks/bench.py -c .state/odoo.conf \\
        --stock-db cdm_bench_stock --module-db cdm_bench_module [--repeat 5] \\
        [--meta build.json] [--out docs/benchmarks.md] [--only lead_create,...] [--profile]
"""
import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import signal
import time
from datetime import datetime

import odoo
from odoo import SUPERUSER_ID, api

TODAY = "2026-12-01"
# The quarter the appraisal run computes, and the day its rates count as due by.
QUARTER = ("2026-07-01", "2026-09-30", "2026-10-10")
# The SLA job's clock: every running ticket is measured at this moment.
SLA_NOW = "2026-12-01 08:00:00"


class Timeout(BaseException):
    """Raised by the alarm in a bounded job (a BaseException: the jobs'
    per-record ``except Exception`` must not swallow it)."""


def _alarm(_signum, _frame):
    raise Timeout()


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


class Side:
    """One database, its users and one transaction that is rolled back."""

    def __init__(self, name, env, with_module):
        self.name, self.with_module = name, with_module
        self.env, self.cr = env, env.cr
        self.owns_cursor = False
        self.dev = self.user("bench_dev_000")
        self.maint = self.user("bench_maint_000")
        self.manager = self.user("bench_manager")
        self.created = 0

    @classmethod
    def open(cls, name, db, with_module):
        """A side on its own cursor of ``db``, rolled back by ``close``."""
        side = cls(name, api.Environment(odoo.registry(db).cursor(), SUPERUSER_ID, {}), with_module)
        side.owns_cursor = True
        return side

    def user(self, login):
        return self.env["res.users"].search([("login", "=", login)])

    def as_user(self, user, model):
        return self.env[model].sudo(user)

    def view_fields(self, model, xmlid, view_type, user):
        view = self.env.ref(xmlid)
        return list(self.as_user(user, model).fields_view_get(view_id=view.id, view_type=view_type)["fields"])

    def clear(self):
        self.env.cache.invalidate()

    def timed(self, function, profiler=None):
        """(seconds, queries) of one call."""
        self.clear()
        queries = self.cr.sql_log_count
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        try:
            function()
        finally:
            if profiler:
                profiler.disable()
        return time.perf_counter() - start, self.cr.sql_log_count - queries

    def close(self):
        if self.owns_cursor:
            self.cr.rollback()
            self.cr.close()


# Screens: one function per scenario, the same on both sides -----------------------

class Screens:
    """What a user does in the web client, as the ORM calls it makes."""

    def __init__(self, side, mass):
        self.side = side
        env, cr = side.env, side.cr
        cr.execute("SELECT id FROM res_partner WHERE user_id = %s AND ref LIKE 'BENCH-%%' "
                   "ORDER BY id LIMIT 1", (side.dev.id,))
        self.customer_id = cr.fetchone()[0]
        cr.execute("""SELECT m.res_id FROM mail_message m JOIN crm_lead l ON l.id = m.res_id
                       WHERE m.model = 'crm.lead' AND l.user_id = %s
                       GROUP BY m.res_id HAVING COUNT(*) > 30 ORDER BY m.res_id LIMIT 1""", (side.dev.id,))
        self.chatter_lead_id = cr.fetchone()[0]
        cr.execute("SELECT id FROM crm_lead WHERE user_id = %s AND active AND name LIKE 'BENCH %%' "
                   "ORDER BY id LIMIT %s", (side.dev.id, mass))
        self.mass_ids = [row[0] for row in cr.fetchall()]
        self.partner_fields = side.view_fields("res.partner", "base.view_partner_form", "form", side.dev)
        self.list_fields = side.view_fields("crm.lead", "crm.crm_case_tree_view_oppor", "tree", side.dev)
        self.kanban_fields = side.view_fields("crm.lead", "crm.crm_case_kanban_view_leads", "kanban",
                                              side.dev)
        self.ticket_fields = side.view_fields("helpdesk.ticket", "helpdesk_mgmt.ticket_view_tree", "tree",
                                              side.maint)
        self.revenue = 0
        del env

    def lead_create(self):
        side = self.side
        side.created += 1
        side.as_user(side.dev, "crm.lead").create({
            "name": "Bench new %d" % side.created, "type": "lead", "partner_id": self.customer_id,
            "email_from": "new%d@bench.example.com" % side.created})

    def customer_form(self):
        self.side.as_user(self.side.dev, "res.partner").browse(self.customer_id).read(self.partner_fields)

    def opportunity_list(self):
        Lead = self.side.as_user(self.side.dev, "crm.lead")
        Lead.search_read([("type", "=", "opportunity")], self.list_fields, limit=80)
        Lead.search_count([("type", "=", "opportunity")])

    def kanban(self):
        self.side.as_user(self.side.dev, "crm.lead").search_read(
            [("type", "=", "opportunity")], self.kanban_fields, limit=120)

    def ticket_list(self):
        Ticket = self.side.as_user(self.side.maint, "helpdesk.ticket")
        Ticket.search_read([], self.ticket_fields, limit=80)
        Ticket.search_count([])

    def mass_write(self):
        self.revenue += 1
        self.side.as_user(self.side.dev, "crm.lead").browse(self.mass_ids).write(
            {"planned_revenue": 123456 + self.revenue})

    def message_fetch(self):
        self.side.as_user(self.side.dev, "mail.message").message_fetch(
            [("model", "=", "crm.lead"), ("res_id", "=", self.chatter_lead_id)], limit=30)

    def my_work(self):
        for user in (self.side.maint, self.side.dev):
            Section = self.side.as_user(user, "cdm.my.work")
            Section.search([("is_visible", "=", True)]).read(["code", "record_count", "is_late", "name"])


# (key, label, target ratio, repetitions factor)
SCREENS = [
    ("lead_create", "lead create (development user)", 1.5, 1),
    ("customer_form", "customer form (read of its fields)", 1.3, 1),
    ("opportunity_list", "opportunity list (80 rows + count)", 1.3, 1),
    ("kanban", "pipeline kanban (120 cards)", 1.3, 1),
    ("ticket_list", "ticket list (80 rows + count, maintenance user)", 1.3, 1),
    ("mass_write", "tracked mass write, %(mass)d leads (development user)", 1.5, 0),
    ("message_fetch", "message_fetch 30 (lead chatter)", 1.2, 1),
]


class Result:
    def __init__(self, key, label, module, baseline, target, unit="ratio", note="", queries=None):
        self.key, self.label, self.module, self.baseline = key, label, module, baseline
        self.target, self.unit, self.note = target, unit, note
        self.queries = queries or (None, None)
        self.timed_out = False
        self.profile = None

    @property
    def ratio(self):
        if self.module is None or not self.baseline:
            return None
        return self.module / self.baseline

    @property
    def passed(self):
        if self.timed_out or self.module is None:
            return False
        if self.unit == "seconds":
            return self.module <= self.target
        if self.unit == "both":
            return self.module <= self.target[0] and self.ratio <= self.target[1]
        return self.ratio <= self.target

    def cells(self):
        module = ("> %s" % fmt_time(self.module)) if self.timed_out else fmt_time(self.module)
        if self.queries[0] is not None:
            module += " (%d q)" % self.queries[0]
        baseline = fmt_time(self.baseline) if self.baseline is not None else "-"
        if self.queries[1] is not None:
            baseline += " (%d q)" % self.queries[1]
        ratio = "-" if self.ratio is None else ("> %.1fx" % self.ratio if self.timed_out
                                                else "%.2fx" % self.ratio)
        if self.unit == "seconds":
            target = "<= %s" % fmt_time(self.target)
        elif self.unit == "both":
            target = "<= %s and <= %.1fx" % (fmt_time(self.target[0]), self.target[1])
        else:
            target = "<= %.1fx" % self.target
        verdict = ("missed (stopped)" if self.timed_out else "pass" if self.passed else "missed")
        return [self.label, module, baseline, ratio, target, verdict]


def fmt_time(seconds):
    if seconds is None:
        return "-"
    if seconds < 1:
        return "%.0f ms" % (1000 * seconds)
    return "%.2f s" % seconds if seconds < 100 else "%.0f s" % seconds


def profile_text(profiler, queries):
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(10)
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "%d queries\n%s" % (queries, "\n".join(lines[start:start + 11]))


def run_screens(stock, module, repeat, only, profile, mass):
    screens = {"stock": Screens(stock, mass), "module": Screens(module, mass)}
    results = []
    for key, label, target, factor in SCREENS:
        if only and key not in only:
            continue
        runs = {"stock": [], "module": []}
        count = max(1, repeat * factor) if factor else 1
        for side in ("stock", "module"):  # warm the caches (not for the mass write)
            if factor:
                getattr(screens[side], key)()
        for _index in range(count):
            for side, db in (("stock", stock), ("module", module)):
                runs[side].append(db.timed(getattr(screens[side], key)))
        result = Result(key, label % {"mass": len(screens["module"].mass_ids)},
                        median([t for t, _q in runs["module"]]),
                        median([t for t, _q in runs["stock"]]), target,
                        queries=(median([q for _t, q in runs["module"]]),
                                 median([q for _t, q in runs["stock"]])))
        if profile and not result.passed:
            profiler = cProfile.Profile()
            _seconds, queries = module.timed(getattr(screens["module"], key), profiler)
            result.profile = profile_text(profiler, queries)
        print_row(result)
        results.append(result)
    if not only or "my_work" in only:
        runs = [module.timed(screens["module"].my_work) for _index in range(repeat + 1)][1:]
        result = Result("my_work", "My Work page (maintenance + development user)",
                        median([t for t, _q in runs]), None, 0.3, unit="seconds",
                        queries=(median([q for _t, q in runs]), None))
        if profile and not result.passed:
            profiler = cProfile.Profile()
            _seconds, queries = module.timed(screens["module"].my_work, profiler)
            result.profile = profile_text(profiler, queries)
        print_row(result)
        results.append(result)
    return results


# Jobs: module database, against SQL -----------------------------------------------

def bounded(side, function, limit, profiler=None):
    """(seconds, queries, timed_out) of ``function`` stopped after ``limit`` s."""
    side.clear()
    queries, start = side.cr.sql_log_count, time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    timed_out = False
    if profiler:
        profiler.enable()
    try:
        function()
    except Timeout:
        timed_out = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if profiler:
            profiler.disable()
    return time.perf_counter() - start, side.cr.sql_log_count - queries, timed_out


PROFILE_LIMIT = 30.0


def profiled_pass(side, function, limit=PROFILE_LIMIT):
    """The cProfile top 10 of one more run of ``function``, rolled back and
    stopped after ``limit`` s (the timed runs carry no profiler)."""
    profiler = cProfile.Profile()
    with Savepoint(side.cr, "bench_profile"):
        seconds, queries, timed_out = bounded(side, function, limit, profiler)
    text = profile_text(profiler, queries)
    return ("stopped at %.0f s; " % seconds if timed_out else "%.2f s; " % seconds) + text


class Savepoint:
    def __init__(self, cr, name):
        self.cr, self.name = cr, name

    def __enter__(self):
        self.cr.execute("SAVEPOINT %s" % self.name)
        return self

    def __exit__(self, *_exc):
        self.cr.execute("ROLLBACK TO SAVEPOINT %s" % self.name)
        self.cr.execute("RELEASE SAVEPOINT %s" % self.name)


REVISIT_SQL = """
    WITH maintained AS (
        SELECT p.id, p.maintenance_user_id, p.maintenance_team_id, p.service_tier_id, p.company_id,
               COALESCE((SELECT MAX(d.date_done) FROM cdm_revisit d
                          WHERE d.partner_id = p.id AND d.state = 'done'),
                        p.handover_date, p.create_date::date) + t.revisit_interval_days AS due
          FROM res_partner p JOIN cdm_service_tier t ON t.id = p.service_tier_id
         WHERE p.active AND p.parent_id IS NULL AND p.maintenance_user_id IS NOT NULL
    ), revisits AS (
        INSERT INTO cdm_revisit (partner_id, user_id, team_id, tier_id, company_id, date_due,
                                 date_target, state, cdm_customer_id,
                                 create_date, write_date, create_uid, write_uid)
        SELECT id, maintenance_user_id, maintenance_team_id, service_tier_id, company_id, due, due,
               'planned', id, now(), now(), 1, 1
          FROM maintained
        RETURNING id, partner_id, user_id, date_due
    )
    INSERT INTO mail_activity (res_model_id, res_model, res_id, activity_type_id, user_id,
                               date_deadline, summary, create_date, write_date, create_uid, write_uid)
    SELECT %(model)s, 'res.partner', r.partner_id, %(type)s, r.user_id, r.date_due, 'Revisit',
           now(), now(), 1, 1
      FROM revisits r
"""


def job_revisits(module, factor, profile):
    """Revisit job from nothing (no planned revisit) for every maintained
    customer, against one SQL statement inserting the same revisits and
    activities; then a rerun with nothing to do."""
    cr, env = module.cr, module.env
    Revisit = env["cdm.revisit"]
    params = {"model": env["ir.model"]._get_id("res.partner"),
              "type": env.ref("customer_dev_maint.mail_activity_type_revisit").id}
    with Savepoint(cr, "bench_revisit_sql"):
        start = time.perf_counter()
        cr.execute(REVISIT_SQL, params)
        sql_rows = cr.rowcount
        sql_time = time.perf_counter() - start
    target = 10 * sql_time
    limit = max(factor * target, 30.0)
    results = []

    def job():
        Revisit._schedule_revisits(today=TODAY)
        Revisit._escalate_overdue(today=TODAY)

    with Savepoint(cr, "bench_revisit_job"):
        seconds, queries, timed_out = bounded(module, job, limit)
        cr.execute("SELECT partner_id FROM cdm_revisit WHERE state = 'planned'")
        done = [row[0] for row in cr.fetchall()]
        first = Result("revisit_job", "revisit job from nothing, %d customers" % sql_rows,
                       seconds, sql_time, 10.0, queries=(queries, 1),
                       note="%d of %d customers scheduled%s" % (
                           len(done), sql_rows, " when stopped at %.0f s" % limit if timed_out else ""))
        first.timed_out = timed_out
        results.append(first)
        if done:
            def rerun_job():
                Revisit._schedule_revisits(partner_ids=done, today=TODAY)

            seconds, queries, rerun_timed_out = bounded(module, rerun_job, 20.0)
            scope = "" if len(done) == sql_rows else " (the %d scheduled)" % len(done)
            rerun = Result("revisit_rerun", "revisit job rerun, nothing to do%s" % scope,
                           seconds, None, 2.0, unit="seconds", queries=(queries, None))
            rerun.timed_out = rerun_timed_out
            if profile and not rerun.passed:
                rerun.profile = profiled_pass(module, rerun_job)
            results.append(rerun)
    if profile and not first.passed:
        first.profile = profiled_pass(module, job)
    return results


SLA_SETUP = """
    UPDATE helpdesk_ticket t
       SET kind = 'complaint', severity = 'normal', sla_tier_id = p.service_tier_id,
           sla_start = %(now)s::timestamp - interval '2 days',
           response_target_hours = 4, resolution_target_hours = 24,
           response_deadline = %(now)s::timestamp + CASE WHEN t.id %% 20 = 0 THEN -interval '1 hour'
                                                         ELSE interval '10 days' END,
           response_risk_date = %(now)s::timestamp + CASE WHEN t.id %% 10 = 0 THEN -interval '2 hours'
                                                          ELSE interval '5 days' END,
           resolution_deadline = %(now)s::timestamp + interval '20 days',
           resolution_risk_date = %(now)s::timestamp + interval '15 days',
           response_state = 'on_track', resolution_state = 'on_track', sla_state = 'on_track',
           first_response_date = NULL, resolution_date = NULL, sla_paused_since = NULL,
           stage_id = %(stage)s
      FROM res_partner p
     WHERE p.id = t.partner_id
"""
SLA_SQL = """
    UPDATE helpdesk_ticket SET
        response_state = CASE WHEN first_response_date IS NULL AND response_state IN ('on_track', 'at_risk')
                                   AND response_deadline <= %(now)s THEN 'breached'
                              WHEN first_response_date IS NULL AND response_state = 'on_track'
                                   AND response_risk_date <= %(now)s THEN 'at_risk'
                              ELSE response_state END,
        resolution_state = CASE WHEN resolution_date IS NULL AND resolution_state IN ('on_track', 'at_risk')
                                     AND resolution_deadline <= %(now)s THEN 'breached'
                                WHEN resolution_date IS NULL AND resolution_state = 'on_track'
                                     AND resolution_risk_date <= %(now)s THEN 'at_risk'
                                ELSE resolution_state END
     WHERE sla_paused_since IS NULL
       AND ((first_response_date IS NULL AND ((response_state = 'on_track' AND response_risk_date <= %(now)s)
             OR (response_state IN ('on_track', 'at_risk') AND response_deadline <= %(now)s)))
         OR (resolution_date IS NULL AND ((resolution_state = 'on_track' AND resolution_risk_date <= %(now)s)
             OR (resolution_state IN ('on_track', 'at_risk') AND resolution_deadline <= %(now)s))))
"""


def job_sla(module, factor, profile):
    """SLA job over every ticket as a running complaint (a tenth at risk, a
    twentieth breached at the job's moment) against one SQL UPDATE."""
    cr, env = module.cr, module.env
    results = []
    with Savepoint(cr, "bench_sla"):
        cr.execute(SLA_SETUP, {"now": SLA_NOW,
                               "stage": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id})
        open_tickets = cr.rowcount
        with Savepoint(cr, "bench_sla_sql"):
            start = time.perf_counter()
            cr.execute(SLA_SQL, {"now": SLA_NOW})
            sql_rows = cr.rowcount
            sql_time = time.perf_counter() - start
            cr.execute("SELECT response_state, COUNT(*) FROM helpdesk_ticket GROUP BY 1")
            sql_states = dict(cr.fetchall())
        target = 10 * sql_time
        Ticket = env["helpdesk.ticket"]

        def job():
            Ticket._update_sla(now=datetime.strptime(SLA_NOW, "%Y-%m-%d %H:%M:%S"))

        with Savepoint(cr, "bench_sla_job"):
            seconds, queries, timed_out = bounded(module, job, max(factor * target, 30.0))
            cr.execute("SELECT response_state, COUNT(*) FROM helpdesk_ticket GROUP BY 1")
            job_states = dict(cr.fetchall())
        note = "%d open tickets, %d moved" % (open_tickets, sql_rows)
        if not timed_out:
            note += "; states equal to SQL's" if job_states == sql_states else \
                "; states differ: job %s, SQL %s" % (job_states, sql_states)
        result = Result("sla_job", "SLA job, %d open tickets" % open_tickets, seconds, sql_time, 10.0,
                        queries=(queries, 1), note=note)
        result.timed_out = timed_out
        if profile and not result.passed:
            result.profile = profiled_pass(module, job)
        results.append(result)
    return results


KPI_SQL = """
    WITH period AS (
        SELECT (%(from)s::date::timestamp AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC' AS start,
               ((%(to)s::date + 1)::timestamp AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC' AS stop
    ), won AS (
        SELECT l.id, l.user_id, p.commercial_partner_id AS customer_id, l.date_closed,
               COALESCE(NULLIF(l.contract_amount, 0), l.planned_revenue, 0) AS amount
          FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
         WHERE l.type = 'opportunity' AND l.active AND l.probability >= 100 AND l.company_id = 1
           AND l.date_closed IS NOT NULL
    ), first_won AS (
        SELECT DISTINCT ON (customer_id) customer_id, user_id, date_closed
          FROM won ORDER BY customer_id, date_closed, id
    )
    SELECT 'customers_acquired', f.user_id, COUNT(*)::float
      FROM first_won f JOIN res_partner c ON c.id = f.customer_id, period
     WHERE f.user_id = ANY(%(users)s) AND f.date_closed >= period.start AND f.date_closed < period.stop
       AND (c.handover_date IS NULL
            OR c.handover_date >= (f.date_closed AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date)
     GROUP BY f.user_id
    UNION ALL
    SELECT 'sales_amount', w.user_id, SUM(w.amount)
      FROM won w, period
     WHERE w.user_id = ANY(%(users)s) AND w.date_closed >= period.start AND w.date_closed < period.stop
     GROUP BY w.user_id
    UNION ALL
    SELECT 'customers_maintained', p.maintenance_user_id, COUNT(*)::float
      FROM res_partner p
     WHERE p.active AND p.customer AND p.id = p.commercial_partner_id
       AND p.maintenance_user_id = ANY(%(users)s) AND (p.company_id = 1 OR p.company_id IS NULL)
       AND COALESCE(p.handover_date, (p.create_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date) <= %(to)s
     GROUP BY p.maintenance_user_id
    UNION ALL
    SELECT 'satisfaction', user_id, SUM(score)::float / COUNT(*)
      FROM (SELECT user_id, satisfaction AS score
              FROM cdm_revisit
             WHERE state = 'done' AND satisfaction > 0 AND company_id = 1
               AND user_id = ANY(%(users)s) AND date_done BETWEEN %(from)s AND %(to)s
            UNION ALL
            SELECT s.user_id, s.score
              FROM cdm_ticket_satisfaction s, period
             WHERE s.user_id = ANY(%(users)s) AND s.date >= period.start AND s.date < period.stop
           ) scores
     GROUP BY user_id
    UNION ALL
    SELECT 'revisit_compliance', user_id,
           100.0 * COUNT(*) FILTER (WHERE state = 'done' AND date_done <= date_due) / COUNT(*)
      FROM cdm_revisit
     WHERE user_id = ANY(%(users)s) AND date_due BETWEEN %(from)s AND %(to)s
       AND (state = 'done' OR (state = 'planned' AND date_due < %(today)s))
     GROUP BY user_id
    UNION ALL
    SELECT 'sla_compliance', t.user_id,
           100.0 * COUNT(*) FILTER (WHERE target.state = 'met') / COUNT(*)
      FROM helpdesk_ticket t
     CROSS JOIN LATERAL (VALUES (t.response_state, t.response_deadline),
                                (t.resolution_state, t.resolution_deadline)) AS target(state, deadline),
           period
     WHERE t.user_id = ANY(%(users)s) AND target.state IN ('met', 'breached')
       AND target.deadline >= period.start AND target.deadline < period.stop
     GROUP BY t.user_id
    UNION ALL
    SELECT 'milestone_on_time', user_id,
           100.0 * COUNT(*) FILTER (WHERE delivery_status = 'on_time')
           / COUNT(*) FILTER (WHERE state = 'done' OR planned_date < %(today)s)
      FROM crm_lead_milestone
     WHERE state != 'cancelled' AND user_id = ANY(%(users)s)
       AND planned_date BETWEEN %(from)s AND %(to)s
     GROUP BY user_id
    HAVING COUNT(*) FILTER (WHERE state = 'done' OR planned_date < %(today)s) > 0
"""


def job_appraisal(module, factor, profile):
    """An appraisal run of 200 employees over a quarter, computed by the
    manager, against one SQL aggregate of the same KPI actuals."""
    cr, env = module.cr, module.env
    date_from, date_to, today = QUARTER
    cr.execute("""SELECT e.id, r.user_id FROM hr_employee e JOIN resource_resource r ON r.id = e.resource_id
                    JOIN res_users u ON u.id = r.user_id
                   WHERE u.login LIKE 'bench\\_dev\\_%%' OR u.login LIKE 'bench\\_maint\\_%%'""")
    rows = cr.fetchall()
    employee_ids, users = [row[0] for row in rows], [row[1] for row in rows]
    timezone = env["cdm.policy"].for_company(env.user.company_id).sudo().timezone or "UTC"
    params = {"from": date_from, "to": date_to, "today": today, "users": users, "tz": timezone}
    start = time.perf_counter()
    cr.execute(KPI_SQL, params)
    sql_rows = cr.fetchall()
    sql_time = time.perf_counter() - start
    expected = {}
    for source, user_id, value in sql_rows:
        expected.setdefault(source, {})[user_id] = round(float(value), 6)
    results = []
    with Savepoint(cr, "bench_appraisal"):
        Run = env["cdm.appraisal.run"].sudo(module.manager).with_context(tracking_disable=True)
        run = Run.create({"period_type": "quarter", "date_from": date_from,
                          "employee_ids": [(6, 0, employee_ids)]})
        seconds, queries, timed_out = bounded(
            module, lambda: run._compute_run(today=today), max(factor * 10.0, 30.0))
        note = "%d employees" % len(employee_ids)
        if not timed_out:
            actuals = {}
            for kpi in env["cdm.kpi"].search([]):
                values = kpi._actuals(env["res.users"].browse(users), date_from, date_to,
                                      env.user.company_id, today)
                actuals[kpi.source] = {user_id: round(float(value), 6)
                                       for user_id, value in values.items() if value is not None}
            differ = sorted(source for source in set(actuals) | set(expected)
                            if actuals.get(source, {}) != expected.get(source, {}))
            empty = sorted(source for source in actuals if not expected.get(source))
            measured = ", ".join("%s %d" % (source, len(expected.get(source, {})))
                                 for source in sorted(actuals))
            note += "; KPI actuals equal to SQL's (employees measured: %s)" % measured \
                if not differ else "; KPI actuals differ from SQL's for %s" % ", ".join(differ)
            if empty:
                note += "; no actual at all for %s" % ", ".join(empty)
        result = Result("appraisal_run", "appraisal run, %d employees, a quarter" % len(employee_ids),
                        seconds, sql_time, (10.0, 3.0), unit="both", queries=(queries, 1), note=note)
        result.timed_out = timed_out
        results.append(result)
    if profile and not result.passed:
        def again():
            Run.create({"period_type": "quarter", "date_from": date_from,
                        "employee_ids": [(6, 0, employee_ids)]})._compute_run(today=today)

        result.profile = profiled_pass(module, again)
    return results


JOBS = [("revisit_job", job_revisits), ("sla_job", job_sla), ("appraisal_run", job_appraisal)]


# Report ---------------------------------------------------------------------------

HEADER = ["scenario", "module", "baseline", "ratio", "target", "result"]


def print_row(result):
    cells = result.cells()
    print("%-52s %18s %18s %9s %22s  %s" % tuple(cells), flush=True)
    if result.note:
        print("    %s" % result.note, flush=True)


def machine():
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2.0 ** 30
    load = os.getloadavg()
    return {"nproc": os.cpu_count(), "ram": "%.1f GiB" % ram, "cpu": model,
            "load": "%.2f %.2f %.2f" % load}


def counts(side):
    cr = side.cr
    figures = {}
    for label, query in (
            ("users", "SELECT COUNT(*) FROM res_users WHERE login LIKE 'bench\\_%%'"),
            ("customers", "SELECT COUNT(*) FROM res_partner WHERE ref LIKE 'BENCH-%%'"),
            ("leads", "SELECT COUNT(*) FROM crm_lead WHERE name LIKE 'BENCH %%'"),
            ("tickets", "SELECT COUNT(*) FROM helpdesk_ticket WHERE number LIKE 'BT%%'"),
            ("messages", "SELECT COUNT(*) FROM mail_message WHERE model = 'crm.lead'")):
        cr.execute(query)
        figures[label] = cr.fetchone()[0]
    if side.with_module:
        for label, query in (
                ("past revisits", "SELECT COUNT(*) FROM cdm_revisit"),
                ("confidential customers",
                 "SELECT COUNT(*) FROM res_partner WHERE confidentiality_level = 'confidential'"),
                ("secret customers",
                 "SELECT COUNT(*) FROM res_partner WHERE confidentiality_level = 'secret'"),
                ("screened leads", "SELECT COUNT(DISTINCT lead_id) FROM crm_lead_screening_score"),
                ("complaints with SLA targets",
                 "SELECT COUNT(*) FROM helpdesk_ticket WHERE response_state IS NOT NULL"),
                ("ticket satisfaction scores", "SELECT COUNT(*) FROM cdm_ticket_satisfaction"),
                ("milestones", "SELECT COUNT(*) FROM crm_lead_milestone"),
                ("appraisals", "SELECT COUNT(*) FROM cdm_appraisal")):
            cr.execute(query)
            figures[label] = cr.fetchone()[0]
    return figures


def write_markdown(path, results, meta, figures, args, elapsed):
    info = machine()
    lines = [
        "# Benchmarks: the module against stock Odoo 11 and SQL",
        "",
        "Written by `make bench` (`tools/bench.sh`, `benchmarks/bench.py`) on %s UTC; the whole "
        "run took %.0f s." % (datetime.utcnow().strftime("%Y-%m-%d %H:%M"), elapsed),
        "",
        "Machine: %s cores (`nproc`), %s RAM, %s; load average at the end %s (the machine is "
        "shared: absolute times move with it, ratios are measured interleaved in the same run)."
        % (info["nproc"], info["ram"], info["cpu"], info["load"]),
        "",
        "Data (`benchmarks/generate.py --scale %s --seed %s`), the same in both databases: %s. "
        "Module database only: %s." % (
            meta.get("scale", args.scale), meta.get("seed", "20"),
            ", ".join("%s %s" % (value, key) for key, value in figures["stock"].items()),
            ", ".join("%s %s" % (value, key) for key, value in figures["module"].items()
                      if key not in figures["stock"])),
        "",
        "Screens: as a development user (`bench_dev_000`, stock: Sales \"own documents\" and leads) "
        "or a maintenance user (`bench_maint_000`, stock: + Helpdesk user), the same users in the "
        "module's roles; median of %d runs, stock and module interleaved (the mass write: one "
        "run each). Jobs: module database, against one hand-written SQL statement writing the "
        "same rows in the same run; a job is stopped at ten times its target (\"> N\"). "
        "Times are wall clock, (n q) the SQL queries." % args.repeat,
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    for result in results:
        lines.append("| " + " | ".join(result.cells()) + " |")
    for label, key in (("module install on a copy of the stock database (data already there)", "install"),
                       ("module update (`-u customer_dev_maint`) on the module database", "update"),
                       ("generation of the base data (stock database)", "generate_base"),
                       ("generation of the module database's data (base and module's)",
                        "generate_module")):
        if key in meta:
            lines.append("| %s | %s | - | - | reported | - |" % (label, meta[key]))
    notes = [(result.label, result.note) for result in results if result.note]
    if notes:
        lines += ["", "Notes:", ""] + ["- %s: %s" % note for note in notes]
    profiles = [result for result in results if result.profile]
    if profiles:
        lines += ["", "## Profiles of the missed targets", "",
                  "cProfile, top 10 by cumulative time, of one more module run after the timed "
                  "ones (jobs: stopped after %d s), with its SQL query count." % PROFILE_LIMIT]
        for result in profiles:
            lines += ["", "### %s" % result.label, "", "```", result.profile, "```"]
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--stock-db", required=True)
    parser.add_argument("--module-db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", default="?")
    parser.add_argument("--meta", help="JSON of the build: install and update times")
    parser.add_argument("--out", help="write the table to this Markdown file")
    parser.add_argument("--only", help="comma-separated scenario keys")
    parser.add_argument("--profile", action="store_true", help="profile the missed targets")
    parser.add_argument("--mass", type=int, default=1000, help="leads of the tracked mass write")
    parser.add_argument("--bound", type=float, default=10.0, help="jobs stop at this times their target")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    only = set(args.only.split(",")) if args.only else set()
    meta = {}
    if args.meta and os.path.exists(args.meta):
        with open(args.meta) as meta_file:
            meta = json.load(meta_file)
    print("%-52s %18s %18s %9s %22s  %s" % tuple(HEADER), flush=True)
    results = []
    with api.Environment.manage():
        stock = Side.open("stock", args.stock_db, with_module=False)
        module = Side.open("module", args.module_db, with_module=True)
        try:
            figures = {"stock": counts(stock), "module": counts(module)}
            results += run_screens(stock, module, args.repeat, only, args.profile, args.mass)
            for key, job in JOBS:
                if not only or key in only:
                    for result in job(module, args.bound, args.profile):
                        print_row(result)
                        results.append(result)
        finally:
            stock.close()
            module.close()
    for key, label in (("install", "module install on existing data"),
                       ("update", "module update (-u)")):
        if key in meta:
            print("%-52s %18s" % (label, meta[key]))
    for result in results:
        if result.profile:
            print("\n--- profile: %s\n%s" % (result.label, result.profile))
    if args.out:
        write_markdown(args.out, results, meta, figures, args, time.perf_counter() - started)
    return results


if __name__ == "__main__":
    main()
