"""Checks after the load test (tools/load.sh): nothing lost, doubled, dead or locked.

With ``--wait N``: waits (at most N seconds) until the scheduled jobs have
finished the work the run gave them (the queued update notices sent, the
milestones reminded, every maintained customer's revisit planned) and writes
what is left to ``--out``.

Otherwise, once the nodes are stopped, checks with SQL and the nodes' logs:

- every write the server acknowledged to the simulated staff is in the
  database: the records created, the last value each person wrote, each
  message posted (once), each update notice sent;
- no customer has two planned (open) revisits;
- no update notice reached a customer twice, every notice is sent in full
  (sent + skipped = its recipients);
- no reminder or To-Do was given twice (activities of the same kind, on the
  same record, for the same person and day, created during the run);
- no job died or deadlocked, no request failed in the server (the logs'
  ERROR and CRITICAL lines, tracebacks, worker time and memory limits); the
  concurrency errors Odoo retried are counted;
- nothing is left locked or open in the database.

Writes the results to ``--out`` (JSON); exits 1 when a check fails.
"""
import argparse
import collections
import configparser
import json
import re
import sys
import time

import psycopg2

LOG_FAILURES = {
    "errors": re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) "),
    "tracebacks": re.compile(r"^Traceback "),
    "deadlocks": re.compile(r"deadlock detected"),
    "worker limits": re.compile(r"timeout \(limit|CPU time limit|virtual memory limit"),
}
RETRIED = re.compile(r"(SERIALIZATION_FAILURE|LOCK_NOT_AVAILABLE|DEADLOCK_DETECTED), retry \d")
CONCURRENCY_MARKS = ("ERROR: could not serialize access", "ERROR: could not obtain lock")
JOB_START = re.compile(r"Starting job `(.*)`\.")


def connect(config, database):
    parser = configparser.ConfigParser()
    parser.read(config)
    options = parser["options"]
    return psycopg2.connect(dbname=database, host=options["db_host"], port=options["db_port"],
                            user=options["db_user"])


def rows(cr, query, params=None):
    cr.execute(query, params)
    return cr.fetchall()


def scalar(cr, query, params=None):
    cr.execute(query, params)
    return cr.fetchone()[0]


def work_left(cr, prepared=None):
    """What the scheduled jobs still have to do."""
    left = {
        "queued update notices": scalar(cr, "SELECT count(*) FROM cdm_update_notice "
                                            "WHERE state = 'queued'"),
        "maintained customers without a planned revisit": scalar(cr, """
            SELECT count(*) FROM res_partner p
             WHERE p.active AND p.parent_id IS NULL AND p.maintenance_user_id IS NOT NULL
               AND p.service_tier_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM cdm_revisit r
                                WHERE r.partner_id = p.id AND r.state = 'planned')"""),
    }
    if prepared and prepared.get("milestones"):
        left["milestones due without a reminder"] = scalar(cr, """
            SELECT count(*) FROM crm_lead_milestone
             WHERE id IN %s AND state = 'planned' AND reminder_date IS NULL""",
                                                           (tuple(prepared["milestones"]),))
    return left


def wait(conn, seconds, prepared):
    start = time.time()
    while True:
        with conn.cursor() as cr:
            left = work_left(cr, prepared)
        conn.rollback()
        if not any(left.values()) or time.time() - start >= seconds:
            return {"drained": not any(left.values()), "seconds": round(time.time() - start),
                    "left": left}
        time.sleep(10)


def check_acknowledged(cr, acked):
    """Every acknowledged write is in the database."""
    lost, doubled, counts = [], [], collections.Counter()
    last_writes = {}
    for entry in acked:
        counts[entry["kind"]] += 1
        if entry["kind"] == "write":
            last_writes[(entry["model"], entry["id"], entry["field"])] = entry
    for entry in acked:
        kind = entry["kind"]
        if kind == "create":
            found = rows(cr, 'SELECT name FROM "%s" WHERE id = %%s' % entry["model"].replace(".", "_"),
                         (entry["id"],))
            if not found or found[0][0] != entry["value"]:
                lost.append(entry)
        elif kind == "message":
            found = rows(cr, "SELECT id FROM mail_message WHERE model = %s AND res_id = %s "
                             "AND body LIKE %s", (entry["model"], entry["res_id"],
                                                  "%" + entry["value"] + "%"))
            if not found:
                lost.append(entry)
            elif len(found) > 1:
                doubled.append(entry)
        elif kind == "notice":
            found = rows(cr, "SELECT name FROM cdm_update_notice WHERE id = %s", (entry["id"],))
            if not found or found[0][0] != entry["value"]:
                lost.append(entry)
    for (model, record_id, field), entry in last_writes.items():
        found = rows(cr, 'SELECT "%s" FROM "%s" WHERE id = %%s' % (field, model.replace(".", "_")),
                     (record_id,))
        if not found or entry["value"] not in (found[0][0] or ""):
            lost.append(entry)
    return {"acknowledged": dict(counts), "lost": lost, "doubled": doubled}


def check_notices(cr, prepared, acked):
    """No customer received a notice twice; every notice went out in full."""
    subtype = scalar(cr, "SELECT res_id FROM ir_model_data WHERE module = 'customer_dev_maint' "
                         "AND name = 'mt_update_notice'")
    doubles = rows(cr, """
        SELECT res_id, subject, count(*) FROM mail_message
         WHERE subtype_id = %s AND model = 'res.partner' AND id > %s
      GROUP BY res_id, subject HAVING count(*) > 1""", (subtype, prepared["last_message_id"]))
    expected = [(prepared["notice"]["id"], prepared["notice"]["recipients"])]
    expected += [(e["id"], e["recipients"]) for e in acked if e["kind"] == "notice"]
    incomplete = []
    for notice_id, recipients in expected:
        state, sent, skipped, subject = rows(cr, """
            SELECT state, sent_count, skipped_count, name FROM cdm_update_notice
             WHERE id = %s""", (notice_id,))[0]
        messages = scalar(cr, """
            SELECT count(*) FROM mail_message WHERE subtype_id = %s AND model = 'res.partner'
               AND subject = %s AND id > %s""", (subtype, subject, prepared["last_message_id"]))
        if state != "done" or sent + skipped != recipients or messages != sent:
            incomplete.append({"notice": notice_id, "state": state, "sent": sent,
                               "skipped": skipped, "recipients": recipients,
                               "messages": messages})
    return {"notices": len(expected), "sent twice": [list(d) for d in doubles],
            "incomplete": incomplete,
            "messages sent": scalar(cr, "SELECT count(*) FROM mail_message WHERE subtype_id = %s "
                                        "AND id > %s", (subtype, prepared["last_message_id"]))}


def check_revisits(cr):
    doubles = rows(cr, """
        SELECT partner_id, count(*) FROM cdm_revisit WHERE state = 'planned'
      GROUP BY partner_id HAVING count(*) > 1""")
    return {"planned revisits": scalar(cr, "SELECT count(*) FROM cdm_revisit "
                                           "WHERE state = 'planned'"),
            "customers with two open revisits": [list(d) for d in doubles]}


def check_activities(cr, prepared):
    doubles = rows(cr, """
        SELECT res_model, res_id, activity_type_id, summary, user_id, date_deadline, count(*)
          FROM mail_activity WHERE id > %s
      GROUP BY res_model, res_id, activity_type_id, summary, user_id, date_deadline
        HAVING count(*) > 1""", (prepared["last_activity_id"],))
    milestones = prepared.get("milestones") or [0]
    unreminded = scalar(cr, """
        SELECT count(*) FROM crm_lead_milestone m
         WHERE m.id IN %s AND m.reminder_date IS NOT NULL
           AND (SELECT count(*) FROM mail_activity a
                 WHERE a.res_model = 'crm.lead' AND a.res_id = m.lead_id
                   AND a.summary LIKE '%%' || m.name) != 1""", (tuple(milestones),))
    return {"activities created": scalar(cr, "SELECT count(*) FROM mail_activity WHERE id > %s",
                                         (prepared["last_activity_id"],)),
            "given twice": [[str(v) for v in d] for d in doubles],
            "reminded milestones without exactly one reminder": unreminded}


def check_locks(cr, database):
    return {
        "locks held": scalar(cr, """
            SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
             WHERE d.datname = %s AND l.pid != pg_backend_pid()""", (database,)),
        "other sessions": scalar(cr, "SELECT count(*) FROM pg_stat_activity "
                                     "WHERE datname = %s AND pid != pg_backend_pid()", (database,)),
        "prepared transactions": scalar(cr, "SELECT count(*) FROM pg_prepared_xacts"),
    }


def check_logs(paths):
    """Failures in the nodes' logs. A query PostgreSQL refused for a concurrent
    update is logged as an ERROR by Odoo before Odoo retries the request: those
    are counted as "concurrency errors logged" (and their retries as retried),
    not as errors; a request that failed after its last retry logs an ERROR of
    its own."""
    result = {}
    for path in paths:
        found = {name: [] for name in LOG_FAILURES}
        retried, jobs = collections.Counter(), collections.Counter()
        concurrency = 0
        try:
            with open(path, errors="replace") as log:
                lines = log.read().splitlines()
        except FileNotFoundError:
            lines = []
        for n, line in enumerate(lines):
            if "odoo.sql_db: bad query" in line and any(
                    mark in following for following in lines[n + 1:n + 4]
                    for mark in CONCURRENCY_MARKS):
                concurrency += 1
                continue
            for name, pattern in LOG_FAILURES.items():
                if pattern.search(line):
                    found[name].append(line.strip()[:300])
            match = RETRIED.search(line)
            if match:
                retried[match.group(1)] += 1
            match = JOB_START.search(line)
            if match:
                jobs[match.group(1)] += 1
        result[path.rsplit("/", 1)[-1]] = dict(
            {name: {"count": len(lines), "first": lines[:5]} for name, lines in found.items()},
            retried=dict(retried), jobs=dict(jobs), **{"concurrency errors logged": concurrency})
    return result


def failures(result):
    bad = []
    acked = result["acknowledged writes"]
    if acked["lost"]:
        bad.append("%d acknowledged writes lost" % len(acked["lost"]))
    if acked["doubled"]:
        bad.append("%d messages doubled" % len(acked["doubled"]))
    if result["update notices"]["sent twice"]:
        bad.append("update notices sent twice")
    if result["update notices"]["incomplete"]:
        bad.append("update notices not sent in full")
    if result["revisits"]["customers with two open revisits"]:
        bad.append("customers with two open revisits")
    if result["reminders"]["given twice"] or \
            result["reminders"]["reminded milestones without exactly one reminder"]:
        bad.append("reminders given twice")
    if any(result["locks"].values()):
        bad.append("locks or sessions left")
    for name, log in result["logs"].items():
        for kind in LOG_FAILURES:
            if log[kind]["count"]:
                bad.append("%s: %d %s" % (name, log[kind]["count"], kind))
    return bad


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--prepared")
    parser.add_argument("--acked")
    parser.add_argument("--logs", nargs="*", default=[])
    parser.add_argument("--wait", type=int)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    conn = connect(args.config, args.database)
    prepared = {}
    if args.prepared:
        with open(args.prepared) as f:
            prepared = json.load(f)
    if args.wait is not None:
        result = wait(conn, args.wait, prepared)
        print("  drained in %d s" % result["seconds"] if result["drained"] else
              "  not drained after %d s: %s" % (result["seconds"], result["left"]), flush=True)
        with open(args.out, "w") as out:
            json.dump(result, out, indent=1)
        return 0
    acked = []
    if args.acked:
        try:
            with open(args.acked) as f:
                acked = [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            pass
    with conn.cursor() as cr:
        result = {
            "acknowledged writes": check_acknowledged(cr, acked),
            "update notices": check_notices(cr, prepared, acked),
            "revisits": check_revisits(cr),
            "reminders": check_activities(cr, prepared),
            "work left": work_left(cr, prepared),
            "locks": check_locks(cr, args.database),
            "logs": check_logs(args.logs),
        }
    conn.rollback()
    result["failed"] = failures(result)
    with open(args.out, "w") as out:
        json.dump(result, out, indent=1, default=str)
    for line in result["failed"]:
        print("  CHECK FAILED: %s" % line)
    if not result["failed"]:
        print("  checks passed: nothing lost, doubled, dead or left locked")
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
