"""Prepare the load test's run database (a copy of the generated data).

Gives the simulated staff their passwords (the login), queues work for the
scheduled jobs and makes the module's jobs due now and every minute after, so
that both nodes run them during the load:

- an update notice to every maintained customer, queued as the manager (the
  notice job sends it in batches);
- planned milestones due within the reminder window on open deals, without a
  reminder yet (the milestone reminder job);
- no planned revisit exists in the generated data: the revisit job schedules
  one for every maintained customer, in batches, from nothing.

Writes what it did to ``--out`` (JSON) for the load users and the checks.
"""
import argparse
import json
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields

MILESTONES = 300


def staff(env, counts):
    """The first logins of each role (benchmarks/generate.py names them),
    with the login as password."""
    n_dev, n_maint, n_manager = counts
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    roles = {}
    for role, pattern, count in (("development", "bench\\_dev\\_%", n_dev),
                                 ("maintenance", "bench\\_maint\\_%", n_maint),
                                 ("manager", "bench\\_manager", n_manager)):
        users = Users.search([("login", "=like", pattern)], order="login", limit=count)
        for user in users:
            user.password = user.login
        roles[role] = users.mapped("login")
    return roles


def queue_notice(env):
    manager = env["res.users"].search([("login", "=", "bench_manager")])
    customers = env["res.partner"].search([("parent_id", "=", False),
                                          ("maintenance_user_id", "!=", False)])
    notice = env["cdm.update.notice"].create({
        "name": "LOAD notice to every customer",
        "body_html": "<p>Our service hours change next month.</p>",
        "user_id": manager.id,
        "pending_partner_ids": [(6, 0, customers.ids)],
    })
    return {"id": notice.id, "subject": notice.name, "recipients": len(customers)}


def plan_milestones(env, count):
    """Planned milestones due in the next days on open deals, no reminder yet."""
    today = fields.Date.from_string(env["cdm.policy"].today())
    leads = env["crm.lead"].search([("type", "=", "opportunity"), ("probability", "<", 100),
                                    ("user_id", "!=", False)], limit=count, order="id")
    Milestone = env["crm.lead.milestone"].with_context(tracking_disable=True,
                                                       mail_create_nolog=True,
                                                       mail_create_nosubscribe=True)
    ids = []
    for n, lead in enumerate(leads):
        ids.append(Milestone.create({
            "name": "LOAD milestone %d" % n, "lead_id": lead.id, "user_id": lead.user_id.id,
            "planned_date": fields.Date.to_string(today + timedelta(days=n % 3)),
        }).id)
    env.cr.execute("UPDATE crm_lead_milestone SET reminder_date = NULL WHERE id IN %s",
                   (tuple(ids) or (0,),))
    return ids


def force_crons(env):
    """The module's scheduled jobs: active, due now, every minute. Odoo's
    outgoing mail job is stopped: no mail server listens on the loopback, the
    e-mails the jobs queue stay in the outgoing queue (and are counted)."""
    env.ref("mail.ir_cron_mail_scheduler_action").active = False
    env.cr.execute("""
        UPDATE ir_cron c SET active = TRUE, numbercall = -1, interval_number = 1,
               interval_type = 'minutes', nextcall = now() at time zone 'UTC'
          FROM ir_model_data d
         WHERE d.model = 'ir.cron' AND d.module = 'customer_dev_maint' AND d.res_id = c.id
     RETURNING c.cron_name
    """)
    return sorted(row[0] for row in env.cr.fetchall())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--users", default="6,6,2",
                        help="development, maintenance and manager staff")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    counts = [int(n) for n in args.users.split(",")]
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        prepared = {
            "roles": staff(env, counts),
            "notice": queue_notice(env),
            "milestones": plan_milestones(env, MILESTONES),
            "tiers": env["cdm.service.tier"].search([]).ids,
            "crons": force_crons(env),
            "started": fields.Datetime.now(),
        }
        env.cr.execute("SELECT max(id) FROM mail_message")
        prepared["last_message_id"] = env.cr.fetchone()[0] or 0
        env.cr.execute("SELECT max(id) FROM mail_activity")
        prepared["last_activity_id"] = env.cr.fetchone()[0] or 0
    with open(args.out, "w") as out:
        json.dump(prepared, out, indent=1)
    print("  prepared: %s staff, a notice to %d customers, %d milestones, jobs due: %s" % (
        sum(len(v) for v in prepared["roles"].values()), prepared["notice"]["recipients"],
        len(prepared["milestones"]), ", ".join(prepared["crons"])))


if __name__ == "__main__":
    main()
