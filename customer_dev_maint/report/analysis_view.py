from odoo import tools


def create_view(model, query):
    """(Re)create the SQL view behind the analysis ``model`` (``_auto =
    False``) from ``query``, a SELECT whose columns are the model's fields."""
    tools.drop_view_if_exists(model.env.cr, model._table)
    model.env.cr.execute("CREATE VIEW {} AS ({})".format(model._table, query))


def on_time_columns(on_time, rate):
    """The columns of a row fallen due, in the analyses whose rate is "done
    on time / due" (revisit compliance, on-time delivery): ``due_count``
    (1), ``on_time_count`` and ``late_count`` (1 or 0 as the SQL condition
    ``on_time`` holds or not) and the column ``rate`` (100 or 0), whose
    average is the share done on time."""
    return """1 AS due_count,
              CASE WHEN {on_time} THEN 1 ELSE 0 END AS on_time_count,
              CASE WHEN {on_time} THEN 0 ELSE 1 END AS late_count,
              CASE WHEN {on_time} THEN 100.0 ELSE 0.0 END AS {rate}""".format(
        on_time=on_time, rate=rate)
