"""Names copied at compute time, shown in the reader's language.

An appraisal keeps the KPI and grade names it was computed with (a later rename does
not rewrite history). Those copies are shown translated: when the copy is still one of
the record's names (its own text or one of its translations), the reader sees the
record's name in their own language; a copy of a name since changed is shown as stored.
"""


def name_in_reader_language(records, record_of, copy_of):
    """{item: name to show} for each item of ``records`` (a recordset of appraisals or
    lines), whose named record is ``record_of(item)`` (a KPI or grade, with a translated
    ``name``) and stored copy ``copy_of(item)``, in the language of ``records.env``."""
    named = records.mapped(lambda item: record_of(item)).exists()
    known = {record.id: {record.with_context(lang="en_US").name} for record in named}
    if named:
        records.env.cr.execute(
            "SELECT res_id, value FROM ir_translation"
            " WHERE type = 'model' AND name = %s AND res_id IN %s AND value != ''",
            ("%s,name" % named._name, tuple(named.ids)))
        for res_id, value in records.env.cr.fetchall():
            known[res_id].add(value)
    labels = {}
    for item in records:
        record, copy = record_of(item), copy_of(item)
        if record.id in known and (not copy or copy in known[record.id]):
            labels[item] = record.name
        else:
            labels[item] = copy or ""
    return labels
