"""Many rows of a model written by one statement: for figures the server
computes for hundreds of records at once (an appraisal run), where Odoo 11's
``create`` takes one record at a time and ``write`` one set of values.

The values go through each field's ``convert_to_column``, exactly as the ORM
stores them (rounded to the field's digits, ...); the records are stamped with
the writer and the time, and the ORM is told what changed (``modified``): the
cache is invalidated and stored fields computed from these are recomputed as
after a ``write``. Nothing else of ``create`` and ``write`` runs (no access
check, no override, no tracking): only for the module's own server-computed
records, never with values a client sent. Only plain stored columns: no
one2many or many2many field, no ``id``."""

# Rows per statement.
PAGE_SIZE = 500


def _columns(model, names):
    """The fields of ``names``, refused when one has no column of its own."""
    fields_ = []
    for name in names:
        field = model._fields[name]
        if not field.store or not field.column_type or field.type in ("one2many", "many2many"):
            raise ValueError("%s.%s is not a plain stored column" % (model._name, name))
        fields_.append(field)
    return fields_


def _values(cr, template, rows):
    """``VALUES`` list of ``rows`` (tuples), each formatted by ``template``."""
    return ", ".join(cr.mogrify(template, row).decode("utf-8") for row in rows)


def _column_rows(model, fields_, rows, ids=None):
    """The SQL values of ``rows``, converted for the records of ``ids`` (an
    amount is rounded in its record's currency) or for new records."""
    result = []
    if ids:
        # The currencies of amounts, read for all the records at once.
        model.browse(ids).mapped(lambda record: [record[field.currency_field] for field in fields_
                                                 if field.type == "monetary"])
    for index, values in enumerate(rows):
        record = model.browse(ids[index]) if ids else model.browse()
        result.append(tuple(field.convert_to_column(values.get(field.name, False), record, values)
                            for field in fields_))
    return result


def _mogrify(model, query, params):
    return model.env.cr.mogrify(query, params).decode("utf-8")


def _stamp(model):
    """(uid, now) of the writer, as the ORM stamps its records."""
    model.env.cr.execute("SELECT now() AT TIME ZONE 'UTC'")
    return model.env.uid, model.env.cr.fetchone()[0]


def _notify(records, names, given=()):
    """As after a write: the cache of ``names`` invalidated, stored fields
    that depend on them recomputed, but for the computed fields of
    ``given``: the rows gave their values (e.g. a related field's copy)."""
    records.modified(names)
    for name in given:
        if records._fields[name].compute:
            records._recompute_done(records._fields[name])
    if records.env.recompute and records.env.context.get("recompute", True):
        records.recompute()


def insert_rows(model, rows):
    """Insert ``rows`` (dicts with the same keys: field names) as records of
    ``model``; returns the new records, in the order of ``rows``. A stored
    computed field among the keys (a related field's copy) is taken as
    given, not computed again: the caller gives its value."""
    if not rows:
        return model.browse()
    names = sorted(rows[0])
    fields_ = _columns(model, names)
    magic = ["create_uid", "create_date", "write_uid", "write_date"] if model._log_access else []
    uid, now = _stamp(model) if magic else (None, None)
    template = "(%s)" % ", ".join(["%s::" + field.column_type[1] for field in fields_]
                                  + ["%s::int4", "%s::timestamp", "%s::int4", "%s::timestamp"][:len(magic)])
    columns = ", ".join('"%s"' % name for name in names + magic)
    cr, ids = model.env.cr, []
    converted = _column_rows(model, fields_, rows)
    for start in range(0, len(converted), PAGE_SIZE):
        page = [row + (uid, now, uid, now)[:len(magic)]
                for row in converted[start:start + PAGE_SIZE]]
        # Column names come from the model's fields, values are escaped by mogrify.
        cr.execute('INSERT INTO "%s" (%s) VALUES %s RETURNING id'  # pylint: disable=sql-injection
                   % (model._table, columns, _values(cr, template, page)))
        ids.extend(row[0] for row in cr.fetchall())
    records = model.browse(ids)
    _notify(records, names, given=names)
    return records


def update_rows(model, rows):
    """Write ``rows`` ({id: values}, the values with the same keys) on the
    records of ``model`` of these ids."""
    if not rows:
        return
    ids = list(rows)
    names = sorted(rows[ids[0]])
    fields_ = _columns(model, names)
    magic = ["write_uid", "write_date"] if model._log_access else []
    uid, now = _stamp(model) if magic else (None, None)
    template = "(%s)" % ", ".join(["%s::int4"] + ["%s::" + field.column_type[1] for field in fields_])
    assignments = ", ".join('"{0}" = v."{0}"'.format(name) for name in names)
    if magic:
        assignments += _mogrify(model, ", write_uid = %s, write_date = %s", (uid, now))
    aliases = ", ".join(['"id"'] + ['"%s"' % name for name in names])
    cr = model.env.cr
    converted = _column_rows(model, fields_, [rows[id_] for id_ in ids], ids)
    for start in range(0, len(ids), PAGE_SIZE):
        page = [(id_,) + row for id_, row in zip(ids[start:start + PAGE_SIZE],
                                                converted[start:start + PAGE_SIZE])]
        cr.execute('UPDATE "%s" t SET %s FROM (VALUES %s) AS v(%s) WHERE t.id = v.id'  # pylint: disable=sql-injection
                   % (model._table, assignments, _values(cr, template, page), aliases))
    _notify(model.browse(ids), names)
