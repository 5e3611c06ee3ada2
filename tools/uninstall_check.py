"""The module's uninstall cycle on a real database (tools/uninstall-check.sh runs it).

Each step runs in its own process, like an administrator's server restarts:

  prepare      the module's demo records become ordinary records (as if users had typed
               them: no external id of the module), a ticket and chatter are added, and the
               facts to compare are saved: business records, messages, and everything the
               module owns (records, fields, columns, tables)
  uninstall    ir.module.module.button_immediate_uninstall(), as the Apps screen does
  verify       the module is uninstalled; leads, partners, tickets, users and their chatter
               are all still there and readable; nothing the module owned is left: records,
               fields, columns, tables, views or rules naming its fields, chatter and
               activities of its models
  reinstall    button_immediate_install() (no demo data)
  reinstalled  the module is installed again with all its records; the old data is intact

usage: python uninstall_check.py -c ODOO_CONF -d DB --facts FILE STEP
"""
import argparse
import json
import os
import re
import sys
import time

from lxml import etree

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path, load_information_from_description_file

MODULE = "customer_dev_maint"
# Models of the modules that must survive the uninstall, and whose chatter is compared.
KEPT_MODELS = ("res.partner", "crm.lead", "helpdesk.ticket", "res.users", "crm.team")
CHATTER_MODELS = ("res.partner", "crm.lead", "helpdesk.ticket")
VIEW_TYPES = ("form", "tree", "search", "kanban")


class CheckFailed(Exception):
    pass


def require(condition, message, *args):
    if not condition:
        raise CheckFailed(message % args if args else message)


def ids_of(cr, table, where="TRUE", params=()):
    cr.execute('SELECT id FROM "%s" WHERE %s ORDER BY id' % (table, where), params)
    return [row[0] for row in cr.fetchall()]


def table_exists(cr, table):
    cr.execute("SELECT to_regclass(%s)", ('"%s"' % table,))
    return cr.fetchone()[0] is not None


def column_exists(cr, table, column):
    cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
               (table, column))
    return bool(cr.fetchone())


def read_stored_fields(model):
    """Every record of ``model``, every stored field (a column the ORM expects)."""
    records = model.with_context(active_test=False).search([])
    records.read([name for name, field in model._fields.items() if field.store])
    records.name_get()


def demo_xmlids():
    """External ids (without the module prefix) of the records of the module's demo files."""
    path = get_module_path(MODULE)
    manifest = load_information_from_description_file(MODULE, path)
    names = set()
    for filename in manifest.get("demo", []):
        require(filename.endswith(".xml"), "demo file %s: only XML demo files are read here", filename)
        for record in etree.parse("%s/%s" % (path, filename)).iter("record"):
            xmlid = record.get("id")
            names.add(xmlid.split(".", 1)[1] if xmlid.startswith(MODULE + ".") else xmlid)
    return names


# --------------------------------------------------------------------------- steps

def step_prepare(env, facts):
    cr = env.cr
    Data = env["ir.model.data"]
    module = env["ir.module.module"].search([("name", "=", MODULE)])
    require(module.state == "installed", "%s is not installed (state %s)", MODULE, module.state)

    # The demo story becomes user data: without the module's external ids, uninstalling
    # must keep these records (it deletes only what the module owns).
    names = demo_xmlids()
    demo = Data.search([("module", "=", MODULE), ("name", "in", list(names))])
    require(demo, "no record of the demo files is in the database: install with demo data")
    inherited = Data.browse()
    for data in demo:
        for parent in env[data.model]._inherits:
            inherited |= Data.search([("module", "=", MODULE),
                                      ("name", "=", "%s_%s" % (data.name, parent.replace(".", "_")))])
    disowned = len(demo | inherited)
    (demo | inherited).unlink()

    # What an administrator trying the module would have: leads at several stages, a won
    # deal with its handover, revisits, tier history.
    Lead = env["crm.lead"].with_context(active_test=False)
    stages = Lead.search([("type", "=", "opportunity")]).mapped("stage_id")
    require(len(stages) >= 3, "the demo data has opportunities in %d stages, the check needs 3", len(stages))
    won = Lead.search([("probability", "=", 100), ("active", "=", True)])
    require(won, "the demo data has no won deal")
    cr.execute("SELECT count(*) FROM crm_lead_handover")
    require(cr.fetchone()[0], "the demo data has no handover")
    cr.execute("SELECT count(*) FROM cdm_revisit")
    require(cr.fetchone()[0], "the demo data has no revisit")
    cr.execute("SELECT count(*) FROM cdm_tier_change")
    require(cr.fetchone()[0], "the demo data has no tier history")

    # A ticket raised from a revisit and chatter typed by people on a customer and a deal.
    revisit = env["cdm.revisit"].search([], limit=1)
    env["helpdesk.ticket"].create({
        "name": "Printer offline after the update",
        "description": "Raised during the revisit.",
        "partner_id": revisit.partner_id.id,
        "revisit_id": revisit.id,
    })
    revisit.partner_id.message_post(body="Customer asked for a quarterly review.",
                                    message_type="comment", subtype="mail.mt_note")
    won[0].message_post(body="Signed copy received by post.",
                        message_type="comment", subtype="mail.mt_comment")

    # Facts to compare after the uninstall.
    kept = {model: ids_of(cr, env[model]._table) for model in KEPT_MODELS}
    messages = {model: ids_of(cr, "mail_message", "model = %s", (model,)) for model in CHATTER_MODELS}
    followers = {model: ids_of(cr, "mail_followers", "res_model = %s", (model,)) for model in CHATTER_MODELS}
    owned = [(d.model, d.res_id, d.complete_name) for d in Data.search([("module", "=", MODULE)])
             if Data.search_count([("model", "=", d.model), ("res_id", "=", d.res_id),
                                   ("module", "!=", MODULE)]) == 0]
    # Models the module defines (not those it extends: their ir.model has other external ids).
    models = []
    for model, res_id, _xmlid in owned:
        if model == "ir.model":
            name = env["ir.model"].browse(res_id).model
            models.append({"model": name, "table": env[name]._table})
    own_models = {m["model"] for m in models}
    fields = []
    for data in Data.search([("module", "=", MODULE), ("model", "=", "ir.model.fields")]):
        field_rec = env["ir.model.fields"].browse(data.res_id)
        if field_rec.model in own_models:
            continue
        field = env[field_rec.model]._fields[field_rec.name]
        fields.append({
            "model": field_rec.model, "name": field_rec.name, "table": env[field_rec.model]._table,
            "column": field.store and field.column_type is not None,
            "relation_table": getattr(field, "relation", None) if field.type == "many2many" else None,
        })
    require(fields and models, "no field or model of %s found in ir.model.data", MODULE)
    facts.update(kept=kept, messages=messages, followers=followers, owned=owned,
                 models=models, fields=fields, disowned=disowned)
    cr.commit()
    print("prepared: %d records of the demo files kept as user data; %s; %d records, %d models and "
          "%d fields on other models owned by %s" % (
              disowned, ", ".join("%d %s" % (len(v), k) for k, v in kept.items()),
              len(owned), len(models), len(fields), MODULE))


def step_uninstall(env, facts):
    module = env["ir.module.module"].search([("name", "=", MODULE)])
    start = time.time()
    module.button_immediate_uninstall()
    facts["uninstall_seconds"] = round(time.time() - start, 1)
    print("uninstalled in %.1f s" % facts["uninstall_seconds"])


def step_verify(env, facts):
    cr = env.cr
    module = env["ir.module.module"].search([("name", "=", MODULE)])
    require(module.state == "uninstalled", "%s is still %s after the uninstall", MODULE, module.state)
    require(MODULE not in env.registry._init_modules, "%s is still loaded", MODULE)
    problems = []

    # Business records and their chatter: every one is still there.
    for model, before in facts["kept"].items():
        missing = set(before) - set(ids_of(cr, env[model]._table))
        if missing:
            problems.append("%d %s records deleted: %s" % (len(missing), model, sorted(missing)[:10]))
    for kind, table, column in (("messages", "mail_message", "model"),
                                ("followers", "mail_followers", "res_model")):
        for model, before in facts[kind].items():
            missing = set(before) - set(ids_of(cr, table, column + " = %s", (model,)))
            if missing:
                problems.append("%d %s of %s deleted" % (len(missing), kind, model))
    # ... and readable through the ORM, every field, by the administrator and by users.
    for model in KEPT_MODELS:
        read_stored_fields(env[model])
        for view_type in VIEW_TYPES:
            if view_type == "kanban" and not env["ir.ui.view"].search(
                    [("model", "=", model), ("type", "=", "kanban")], limit=1):
                continue
            env[model].fields_view_get(view_type=view_type)
    users = env["res.users"].search([("share", "=", False), ("id", "!=", SUPERUSER_ID)])
    for user in users:
        for model in CHATTER_MODELS:
            try:
                env[model].sudo(user).search_read([], limit=80)
            except AccessError:
                pass  # a user without rights on the model: not a leftover of the module

    # Nothing the module owned is left.
    cr.execute("SELECT count(*) FROM ir_model_data WHERE module = %s", (MODULE,))
    left = cr.fetchone()[0]
    if left:
        problems.append("%d external ids of %s left" % (left, MODULE))
    for model, res_id, xmlid in facts["owned"]:
        if model in env and not env[model]._abstract and table_exists(cr, env[model]._table):
            if ids_of(cr, env[model]._table, "id = %s", (res_id,)):
                problems.append("record %s (%s,%d) left" % (xmlid, model, res_id))
    for model in facts["models"]:
        if table_exists(cr, model["table"]):
            problems.append("table %s of %s left" % (model["table"], model["model"]))
        if model["model"] in env:
            problems.append("model %s still in the registry" % model["model"])
        cr.execute("SELECT count(*) FROM ir_model WHERE model = %s", (model["model"],))
        if cr.fetchone()[0]:
            problems.append("ir.model %s left" % model["model"])
        for table, column in (("mail_message", "model"), ("mail_followers", "res_model"),
                              ("mail_activity", "res_model"), ("ir_attachment", "res_model"),
                              ("ir_act_window", "res_model"), ("ir_filters", "model_id")):
            cr.execute('SELECT count(*) FROM "%s" WHERE "%s" = %%s' % (table, column), (model["model"],))
            count = cr.fetchone()[0]
            if count:
                problems.append("%d %s rows of %s left" % (count, table, model["model"]))
    cr.execute("SELECT r.id FROM ir_rule r LEFT JOIN ir_model m ON m.id = r.model_id WHERE m.id IS NULL")
    problems.extend("ir_rule %d has no model" % rule_id for (rule_id,) in cr.fetchall())
    gone_names = set()
    for field in facts["fields"]:
        if field["model"] in env and field["name"] in env[field["model"]]._fields:
            problems.append("field %s.%s still in the registry" % (field["model"], field["name"]))
        if field["column"] and column_exists(cr, field["table"], field["name"]):
            problems.append("column %s.%s left" % (field["table"], field["name"]))
        if field["relation_table"] and table_exists(cr, field["relation_table"]):
            problems.append("relation table %s left" % field["relation_table"])
        cr.execute("SELECT count(*) FROM ir_model_fields WHERE model = %s AND name = %s",
                   (field["model"], field["name"]))
        if cr.fetchone()[0]:
            problems.append("ir.model.fields %s.%s left" % (field["model"], field["name"]))
        cr.execute("SELECT count(*) FROM ir_attachment WHERE res_model = %s AND res_field = %s",
                   (field["model"], field["name"]))
        if cr.fetchone()[0]:
            problems.append("attachments of field %s.%s left" % (field["model"], field["name"]))
        gone_names.add(field["name"])
    # Views, rules, actions and filters that name a field the module added.
    gone_names -= {name for model in env.values() for name in model._fields}
    if gone_names:
        pattern = r"\m(%s)\M" % "|".join(sorted(gone_names))
        # (QWeb templates are prose and HTML: only views of models are read.)
        for table, columns, where in (
                ("ir_ui_view", ("arch_db",), "type != 'qweb'"),
                ("ir_rule", ("domain_force",), "TRUE"),
                ("ir_act_window", ("domain", "context"), "TRUE"),
                ("ir_filters", ("domain", "context", "sort"), "TRUE")):
            text = " || ' ' || ".join("coalesce(%s, '')" % column for column in columns)
            cr.execute('SELECT id, substring(%s from %%(p)s) FROM "%s" WHERE %s AND %s ~ %%(p)s'
                       % (text, table, where, text), {"p": pattern})
            for res_id, name in cr.fetchall():
                problems.append("%s %d names %s, a field of %s" % (table, res_id, name, MODULE))
    for view in env["ir.ui.view"].search([("model", "in", list(KEPT_MODELS))]):
        if not re.search(r"\S", view.arch_db or ""):
            problems.append("empty view %s" % view.xml_id)
    require(not problems, "after the uninstall:\n  " + "\n  ".join(problems))
    print("verified: %s uninstalled, %s and their chatter intact, nothing of it left" % (
        MODULE, ", ".join(KEPT_MODELS)))


def step_reinstall(env, facts):
    module = env["ir.module.module"].search([("name", "=", MODULE)])
    module.demo = False  # an administrator's database: no demo data
    env.cr.commit()
    start = time.time()
    module.button_immediate_install()
    facts["reinstall_seconds"] = round(time.time() - start, 1)
    print("reinstalled in %.1f s" % facts["reinstall_seconds"])


def step_reinstalled(env, facts):
    cr = env.cr
    module = env["ir.module.module"].search([("name", "=", MODULE)])
    require(module.state == "installed", "%s is %s after the reinstall", MODULE, module.state)
    problems = []
    for model, before in facts["kept"].items():
        missing = set(before) - set(ids_of(cr, env[model]._table))
        if missing:
            problems.append("%d %s records lost" % (len(missing), model))
    for field in facts["fields"]:
        if field["column"] and not column_exists(cr, field["table"], field["name"]):
            problems.append("column %s.%s missing" % (field["table"], field["name"]))
    for model in facts["models"]:
        if model["model"] not in env:
            problems.append("model %s missing" % model["model"])
    for data in env["ir.model.data"].search([("module", "=", MODULE)]):
        if not env[data.model].browse(data.res_id).exists():
            problems.append("%s points to nothing" % data.complete_name)
    require(not problems, "after the reinstall:\n  " + "\n  ".join(problems))
    policy = env["cdm.policy"].for_company()
    require(policy, "no policy for the main company after the reinstall")
    for model in KEPT_MODELS:
        read_stored_fields(env[model])
        env[model].fields_view_get(view_type="form")
    print("reinstalled: %s installed again, its records present, earlier data intact" % MODULE)


STEPS = {
    "prepare": step_prepare, "uninstall": step_uninstall, "verify": step_verify,
    "reinstall": step_reinstall, "reinstalled": step_reinstalled,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", dest="config", required=True)
    parser.add_argument("-d", dest="database", required=True)
    parser.add_argument("--facts", required=True)
    parser.add_argument("step", choices=sorted(STEPS))
    args = parser.parse_args()
    # CDM_CHECK_LOG=info shows what Odoo deletes.
    odoo.tools.config.parse_config([
        "-c", args.config, "-d", args.database,
        "--log-level=" + (os.environ.get("CDM_CHECK_LOG") or "warn"),
        "--log-handler=odoo.modules.graph:CRITICAL"])
    facts = {}
    if args.step != "prepare":
        with open(args.facts) as handle:
            facts = json.load(handle)
    registry = odoo.registry(args.database)
    try:
        with api.Environment.manage(), registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            STEPS[args.step](env, facts)
    except CheckFailed as failure:
        print("uninstall check FAILED in step %s: %s" % (args.step, failure), file=sys.stderr)
        return 1
    with open(args.facts, "w") as handle:
        json.dump(facts, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
