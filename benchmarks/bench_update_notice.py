"""Time sending an update notice (M9) per customer, against the baseline
measured in the same run: stock Odoo posting the same template on each
customer with ``message_post_with_template`` (a composer per customer, what
the notice did before). Each customer has an e-mail address and its
maintenance owner as an internal follower, as in real use.

Run with the workbench's Python against a database where the module is
installed; everything it creates is rolled back:

    .state/venv/bin/python benchmarks/bench_update_notice.py \\
        -c .state/odoo.conf -d cdm_demo [--sizes 20,200]
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api


def insert_customers(cr, count, tier_id, user_id):
    """``count`` maintained companies with an e-mail address, in one
    statement (no ORM), each followed by its maintenance owner."""
    cr.execute("""
        INSERT INTO res_partner (name, display_name, email, is_company, customer, active, type, lang,
                                 maintenance_user_id, service_tier_id, company_id, create_date,
                                 write_date, create_uid, write_uid, potential_score)
        SELECT 'Bench Notice ' || n, 'Bench Notice ' || n, 'bench' || n || '@example.com', TRUE,
               TRUE, TRUE, 'contact', 'en_US', %(user)s, %(tier)s, 1, now(), now(), 1, 1, 50
          FROM generate_series(1, %(count)s) AS n
        RETURNING id
    """, {"count": count, "user": user_id, "tier": tier_id})
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id IN %s", (tuple(ids),))
    return ids


def stock_baseline(env, ids, template, sender):
    """Stock Odoo: the template posted on each customer through a composer."""
    partners = env["res.partner"].browse(ids).sudo(sender.id).with_context(
        mail_notify_force_send=False, mail_create_nosubscribe=True)
    comment = env.ref("mail.mt_comment")
    start = time.perf_counter()
    for partner in partners:
        partner.message_post_with_template(template.id, composition_mode="comment",
                                           subtype_id=comment.id)
    return time.perf_counter() - start


def module_send(env, ids, template, sender):
    """The module: one notice to these customers, sent as the wizard does."""
    Notice = env["cdm.update.notice"].sudo(sender.id)
    notice = Notice.create({"name": template.subject, "body_html": template.body_html,
                            "template_id": template.id, "pending_partner_ids": [(6, 0, ids)]})
    start = time.perf_counter()
    notice._send_batch(limit=len(ids))
    elapsed = time.perf_counter() - start
    assert notice.sent_count == len(ids), notice.sent_count
    return elapsed


def count_mails(cr, ids, internal_partner_ids):
    cr.execute("""
        SELECT COUNT(DISTINCT m.id),
               COUNT(*) FILTER (WHERE r.res_partner_id IN %(internal)s)
          FROM mail_mail m JOIN mail_message msg ON msg.id = m.mail_message_id
          LEFT JOIN mail_mail_res_partner_rel r ON r.mail_mail_id = m.id
         WHERE msg.model = 'res.partner' AND msg.res_id IN %(ids)s
    """, {"ids": tuple(ids), "internal": tuple(internal_partner_ids)})
    return cr.fetchone()


def measure(registry, size):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        tier = env.ref("customer_dev_maint.tier_standard")
        template = env.ref("customer_dev_maint.mail_template_update_notice")
        Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
        maintenance = env.ref("customer_dev_maint.group_maintenance_user")
        sender = Users.create({"name": "Bench Sender", "login": "bench_notice_sender",
                               "email": "sender@example.com", "groups_id": [(6, 0, maintenance.ids)]})
        owner = Users.create({"name": "Bench Owner", "login": "bench_notice_owner",
                              "email": "owner@example.com", "groups_id": [(6, 0, maintenance.ids)]})
        try:
            ids = insert_customers(cr, size, tier.id, owner.id)
            env["res.partner"].browse(ids).message_subscribe(partner_ids=owner.partner_id.ids)
            internal = (sender | owner).mapped("partner_id").ids
            cr.execute("SAVEPOINT bench_baseline")
            stock = stock_baseline(env, ids, template, sender)
            stock_mails = count_mails(cr, ids, internal)
            cr.execute("ROLLBACK TO SAVEPOINT bench_baseline")
            env.clear()
            module = module_send(env, ids, template, sender)
            module_mails = count_mails(cr, ids, internal)
        finally:
            cr.rollback()
    return {"size": size, "stock": stock, "module": module,
            "stock_mails": stock_mails, "module_mails": module_mails}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="20,200", help="customer counts, comma-separated")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.registry(args.database)
    print("%8s %12s %12s %12s %12s %8s %18s %18s" % (
        "size", "stock (s)", "stock ms/c", "module (s)", "module ms/c", "ratio",
        "stock mails/int.", "module mails/int."), flush=True)
    for size in (int(value) for value in args.sizes.split(",")):
        with api.Environment.manage():
            row = measure(registry, size)
        print("%8d %12.2f %12.1f %12.2f %12.1f %7.2fx %18s %18s" % (
            size, row["stock"], 1000.0 * row["stock"] / size, row["module"],
            1000.0 * row["module"] / size, row["module"] / row["stock"],
            "%d/%d" % row["stock_mails"], "%d/%d" % row["module_mails"]), flush=True)


if __name__ == "__main__":
    main()
