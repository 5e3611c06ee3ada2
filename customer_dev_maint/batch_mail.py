"""Activities and chatter tracking written for a whole batch at once.

The scheduled jobs (revisits, SLA) make hundreds of activities and state
changes per batch. Odoo 11 creates a ``mail.activity`` or a tracking message
one record at a time (a dozen queries each, the document re-read through its
``read`` overrides); these helpers write the same rows for the whole batch in
a few statements, as Odoo would have written them:

* :func:`create_activities`: the activities, their assignees subscribed to
  the documents (with the model's default subtypes) and one "activity
  updated" bus notice per assignee when one is due today or earlier;
* :func:`log_tracking`: one note per document (the "notification" message a
  tracked write logs, subtype Note) with its tracking values.

The callers pass values already checked and in the reader's language; the
caches of the touched models are invalidated at the end."""
from email.utils import formataddr

from odoo import fields, tools


def _unnest(columns):
    """``unnest(%s::type[], ...)`` over ``columns`` (name, type, values)."""
    return ", ".join("%%s::%s[]" % kind for _name, kind, _values in columns), \
        [list(values) for _name, kind, values in columns]


def subscribe(env, model, pairs):
    """Subscribe partners to documents: ``pairs`` of (res_id, partner_id);
    those already following are left as they are. Employees get the model's
    default subtypes, others its external ones (as ``message_subscribe``)."""
    pairs = sorted(set((res_id, partner_id) for res_id, partner_id in pairs if res_id and partner_id))
    if not pairs:
        return
    cr = env.cr
    cr.execute("""
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT %s, res_id, partner_id FROM unnest(%s::int[], %s::int[]) AS p(res_id, partner_id)
        ON CONFLICT DO NOTHING
        RETURNING id, partner_id
    """, (model, [pair[0] for pair in pairs], [pair[1] for pair in pairs]))
    created = cr.fetchall()
    if not created:
        return
    cr.execute("SELECT DISTINCT partner_id FROM res_users WHERE partner_id IN %s AND NOT share",
               (tuple({partner_id for _id, partner_id in created}),))
    employees = {row[0] for row in cr.fetchall()}
    default, _internal, external = env["mail.message.subtype"].sudo().default_subtypes(model)
    for subtypes, followers in ((default.ids, [fid for fid, pid in created if pid in employees]),
                                (external.ids, [fid for fid, pid in created if pid not in employees])):
        if subtypes and followers:
            cr.execute("""
                INSERT INTO mail_followers_mail_message_subtype_rel
                       (mail_followers_id, mail_message_subtype_id)
                SELECT f, s FROM unnest(%s::int[]) AS f, unnest(%s::int[]) AS s
            """, (followers, subtypes))
    env["mail.followers"].invalidate_cache()
    env[model].invalidate_cache(["message_follower_ids", "message_partner_ids",
                                 "message_channel_ids", "message_is_follower"])


def create_activities(env, model, rows):
    """Create the activities ``rows`` (dicts: res_id, user_id,
    activity_type_id, summary, date_deadline, res_name) on documents of
    ``model``; returns their ids in the order of ``rows``."""
    if not rows:
        return []
    cr = env.cr
    model_id = env["ir.model"]._get_id(model)
    columns = [
        ("res_id", "int", [row["res_id"] for row in rows]),
        ("user_id", "int", [row["user_id"] for row in rows]),
        ("activity_type_id", "int", [row["activity_type_id"] for row in rows]),
        ("summary", "varchar", [row.get("summary") or None for row in rows]),
        ("date_deadline", "date", [row["date_deadline"] for row in rows]),
        ("res_name", "varchar", [row.get("res_name") or None for row in rows]),
    ]
    arrays, values = _unnest(columns)
    cr.execute("""
        INSERT INTO mail_activity (res_model_id, res_model, res_id, user_id, activity_type_id,
                                   summary, date_deadline, res_name,
                                   create_uid, write_uid, create_date, write_date)
        SELECT %%s, %%s, a.res_id, a.user_id, a.activity_type_id, a.summary, a.date_deadline,
               a.res_name, %%s, %%s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM unnest(%s) WITH ORDINALITY AS a(res_id, user_id, activity_type_id, summary,
                                                date_deadline, res_name, n)
         ORDER BY a.n
        RETURNING id
    """ % arrays, [model_id, model, env.uid, env.uid] + values)
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT id, partner_id FROM res_users WHERE id IN %s",
               (tuple({row["user_id"] for row in rows}),))
    partners = dict(cr.fetchall())
    subscribe(env, model, [(row["res_id"], partners.get(row["user_id"])) for row in rows])
    today = fields.Date.today()
    due = sorted({partners[row["user_id"]] for row in rows
                  if row["date_deadline"] <= today and partners.get(row["user_id"])})
    if due:
        env["bus.bus"].sendmany([
            ((cr.dbname, "res.partner", partner_id),
             {"type": "activity_updated", "activity_created": True})
            for partner_id in due])
    env["mail.activity"].invalidate_cache()
    env[model].invalidate_cache(["activity_ids", "activity_state", "activity_user_id",
                                 "activity_type_id", "activity_date_deadline", "activity_summary"])
    return ids


def tracking_values(env, model, changes):
    """The tracking values of ``changes`` ({field: (old, new)}) in the
    language of ``env``, as ``mail.tracking.value.create_tracking_values``
    makes them for selection, text, number and date fields."""
    described = env[model].fields_get(list(changes))
    values = []
    Tracking = env["mail.tracking.value"]
    for name, (old, new) in changes.items():
        tracking = Tracking.create_tracking_values(old, new, name, described[name])
        if tracking:
            values.append(tracking)
    return values


def log_tracking(env, model, entries):
    """Log, on each document, the note a tracked write leaves: ``entries``
    are (res_id, record_name, tracking values as from
    :func:`tracking_values`). Authored by the current user."""
    entries = [entry for entry in entries if entry[2]]
    if not entries:
        return []
    cr = env.cr
    user = env.user
    email_from = formataddr((user.name, user.email)) if user.email else None
    subtype_id = env["ir.model.data"].xmlid_to_res_id("mail.mt_note")
    res_ids = [entry[0] for entry in entries]
    reply_to = env[model].message_get_reply_to(res_ids, default=email_from)
    now = fields.Datetime.now()
    cr.execute("""
        INSERT INTO mail_message (model, res_id, record_name, message_type, subtype_id, author_id,
                                  email_from, reply_to, message_id, date, body,
                                  create_uid, write_uid, create_date, write_date)
        SELECT %s, m.res_id, m.record_name, 'notification', %s, %s, %s, m.reply_to, m.message_id,
               %s, '', %s, %s, %s, %s
          FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::varchar[])
               WITH ORDINALITY AS m(res_id, record_name, reply_to, message_id, n)
         ORDER BY m.n
        RETURNING id
    """, (model, subtype_id, user.partner_id.id, email_from, now, env.uid, env.uid, now, now,
          res_ids, [entry[1] or None for entry in entries],
          [reply_to.get(res_id) or email_from for res_id in res_ids],
          [tools.generate_tracking_message_id("%s-%s" % (res_id, model)) for res_id in res_ids]))
    message_ids = [row[0] for row in cr.fetchall()]
    keys = ("field", "field_desc", "field_type", "old_value_char", "new_value_char",
            "old_value_integer", "new_value_integer", "old_value_float", "new_value_float",
            "old_value_datetime", "new_value_datetime", "old_value_text", "new_value_text")
    rows = [(message_id,) + tuple(value.get(key) for key in keys)
            for message_id, entry in zip(message_ids, entries) for value in entry[2]]
    cr.execute("""
        INSERT INTO mail_tracking_value (mail_message_id, %s, create_uid, write_uid,
                                         create_date, write_date)
        SELECT t.*, %%s, %%s, %%s, %%s
          FROM unnest(%%s::int[], %%s::varchar[], %%s::varchar[], %%s::varchar[], %%s::varchar[],
                      %%s::varchar[], %%s::int[], %%s::int[], %%s::float8[], %%s::float8[],
                      %%s::timestamp[], %%s::timestamp[], %%s::text[], %%s::text[]) AS t
    """ % ", ".join(keys), [env.uid, env.uid, now, now] + [
        [row[index] if row[index] is not False else None for row in rows]
        for index in range(len(keys) + 1)])
    env["mail.message"].invalidate_cache()
    env["mail.tracking.value"].invalidate_cache()
    env[model].invalidate_cache(["message_ids"])
    return message_ids
