"""Stored computed columns the module adds to Odoo's big tables (customers,
tickets, deals), filled set-based when they are created.

Odoo creates the column of a new stored computed field and then computes it
record by record through the ORM for every row already in the table: on a
company's database (tens of thousands of customers, leads and tickets) the
install spends its time there. As Odoo's own modules do for their big tables,
the models create such columns themselves in ``_auto_init``, before Odoo
looks at them, and fill them with one UPDATE computing the values their
compute methods would give; Odoo then finds the columns there and computes
nothing. A column whose value SQL cannot give exactly (its inputs already hold
data of an earlier version) is left to Odoo."""
from psycopg2 import sql

from odoo import tools


def level_sql(*levels):
    """SQL of the strictest of the confidentiality ``levels`` (SQL
    expressions, NULL counting as normal), as ``highest_level``."""
    ranks = " ".join("WHEN %s = '%s' THEN %d" % ("{0}", level, rank)
                     for level, rank in (("secret", 2), ("confidential", 1)))
    cases = ["CASE %s ELSE 0 END" % ranks.format(level) for level in levels]
    return ("CASE GREATEST(%s) WHEN 2 THEN 'secret' WHEN 1 THEN 'confidential' ELSE 'normal' END"
            % ", ".join(cases))


def existing(cr, table, column):
    return tools.column_exists(cr, table, column)


def empty(cr, table):
    """Whether ``table`` is missing or has no row."""
    if not tools.table_exists(cr, table):
        return True
    cr.execute(sql.SQL("SELECT 1 FROM {} LIMIT 1").format(sql.Identifier(table)))
    return not cr.fetchone()


def fill_new_columns(model, values, joins=""):
    """Create the missing columns among ``values`` ({field name: SQL
    expression over the table aliased ``t`` and ``joins``}) of ``model``'s
    table, filled with one UPDATE. Returns the names created."""
    cr = model.env.cr
    table = model._table
    if not tools.table_exists(cr, table):
        return []
    names = [name for name in values if not existing(cr, table, name)]
    if not names:
        return []
    for name in names:
        tools.create_column(cr, table, name, model._fields[name].column_type[1],
                            model._fields[name].string)
    # The expressions are the module's own SQL (no value from outside).
    cr.execute(sql.SQL("""
        UPDATE {table} t SET {sets}
          FROM (SELECT t.id, {exprs} FROM {table} t {joins}) AS v
         WHERE v.id = t.id
    """).format(
        table=sql.Identifier(table), joins=sql.SQL(joins),
        sets=sql.SQL(", ").join(sql.SQL("{0} = v.{0}").format(sql.Identifier(name)) for name in names),
        exprs=sql.SQL(", ").join(sql.SQL("{} AS {}").format(sql.SQL(values[name]), sql.Identifier(name))
                                 for name in names)))
    return names
