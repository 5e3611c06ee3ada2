import copy

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError
from odoo.osv.query import Query

from ..server_only import server_value
from .cdm_confidentiality_gate import is_gated

_MODEL_SETS = {}

# The server-only flag of a message being posted (set by the chatter's
# message_post, cdm_access_log_routes): its own reads pass the guard.
POSTING = "cdm_posting_message"
# The server-only ``(model, ids)`` of rows the guard has just let through in
# the same call (a search followed by the read of what it found, e.g. the
# chatter's message_fetch): the read of those rows is not probed again.
GUARD_PASSED = "cdm_guard_passed"


def _models_with(env, kind, test):
    """Names of the registry's models passing ``test``, computed once per
    loaded registry (a module installed later rebuilds the registry)."""
    registry = env.registry
    key = (kind, id(registry), len(registry.models))
    if key not in _MODEL_SETS:
        _MODEL_SETS[key] = frozenset(name for name, model in registry.items() if test(name, model))
    return _MODEL_SETS[key]


def confidential_models(env):
    """Models whose records carry a confidentiality level: the customers and
    every model that inherits the confidential mixin, the models behind the
    confidentiality gate (``is_gated``). A model joins by inheriting the
    gate (through ``cdm.confidential.mixin``); nothing else lists it."""
    return _models_with(env, "confidential", lambda name, model: is_gated(model))


def guarded_models(env):
    """Odoo's shared tables closed by the document guard."""
    return _models_with(env, "guarded", lambda name, model: not model._abstract
                        and hasattr(model, "_cdm_document_fields"))


def unreadable_ids(env, model_name, ids):
    """Of ``ids`` of ``model_name``, those the current user may not read (by
    access rights or record rules; a missing id counts as unreadable). The
    user's own contact tells them nothing they do not know: it counts as
    readable without a search (it is the author or the follower of most of
    what they write)."""
    ids = {res_id for res_id in ids if res_id}
    if model_name == "res.partner" and ids:
        ids.discard(env.user.partner_id.id)
    if not ids or model_name not in env:
        return set()
    Model = env[model_name]
    if not Model.check_access_rights("read", raise_exception=False):
        return ids
    return ids - set(Model.with_context(active_test=False)._search([("id", "in", list(ids))]))


def hidden_documents(env, pairs):
    """Of ``(model, res_id)`` pairs, those of confidential models the user
    may not read."""
    by_model = {}
    for model, res_id in pairs:
        by_model.setdefault(model, set()).add(res_id)
    watched = confidential_models(env)
    hidden = set()
    for model, res_ids in by_model.items():
        if model in watched:
            hidden.update((model, res_id) for res_id in unreadable_ids(env, model, res_ids))
    return hidden


def check_pointed_records(records, vals):
    """A user may not make a record point at a record they may not read: a
    many2one to a confidential model given in ``vals`` must be readable by
    the current user (refused as a missing record would be, so a guessed id
    tells nothing). On write, a value the record already holds passes."""
    env = records.env
    if env.uid == SUPERUSER_ID:
        return
    watched = None
    for name, value in vals.items():
        field = records._fields.get(name)
        if field is None or field.type != "many2one" or not value:
            continue
        if watched is None:
            watched = confidential_models(env)
        if field.comodel_name not in watched:
            continue
        res_id = value.id if isinstance(value, models.BaseModel) else value
        if not isinstance(res_id, int):
            continue
        if records and all(record[name].id == res_id for record in records.sudo()):
            continue
        if unreadable_ids(env, field.comodel_name, [res_id]):
            raise AccessError(_(
                "You cannot link this record to a %s you are not allowed to read.")
                % env[field.comodel_name]._description)


class CdmDocumentGuard(models.AbstractModel):
    """Odoo's shared tables that point at a record (messages, e-mails,
    notifications, followers, activities, attachments, ratings, meetings):
    a row that points at a record of a confidential model the user may not
    read is, for that user, as absent as the record itself (C3). The rows
    are left out in SQL wherever the ORM applies record rules (search,
    search_count, read, read_group, name_search, export), and refused on
    write, unlink and create. A many2one of these rows to a confidential
    model may only be set to a record the user may read: a follower, a
    rating, a message author or a meeting attendee one makes never shows
    the name of a contact one may not see.

    A row points at a record through a ``(model field, id field)`` pair
    (``_cdm_document_fields``), through any stored many2one to a
    confidential model (a customer, a deal...), and through a many2one to
    another guarded row it belongs to (``ondelete='cascade'``: a
    notification of a message). Which models are confidential is read from
    the models themselves: a model behind the confidentiality gate is closed
    here the day it joins."""

    _name = "cdm.document.guard"
    _description = "Shared Table Guard"

    _cdm_document_fields = [("res_model", "res_id")]

    @api.model
    def _cdm_guard_pointers(self):
        """``(model field or None, comodel or None, id field)`` of each way a
        row of this table points at a record."""
        pointers = [(model_field, None, id_field) for model_field, id_field in self._cdm_document_fields
                    if model_field in self._fields and id_field in self._fields]
        confidential = confidential_models(self.env)
        guarded = None
        for name, field in self._fields.items():
            if field.type != "many2one" or not (field.store or field.inherited):
                continue
            if field.comodel_name in confidential:
                pointers.append((None, field.comodel_name, name))
            elif field.ondelete == "cascade":
                if guarded is None:
                    guarded = guarded_models(self.env)
                if field.comodel_name in guarded:
                    pointers.append((None, field.comodel_name, name))
        return pointers

    @api.model
    def _cdm_guard_clauses(self, query):
        """SQL conditions (with their parameters) that leave out of ``query``
        the rows pointing at a record the user may not read. One query finds
        what the rows point at; only confidential records are then checked."""
        pointers = self._cdm_guard_pointers()
        if not pointers:
            return []
        confidential = tuple(confidential_models(self.env))
        probe = Query(list(query.tables), list(query.where_clause), list(query.where_clause_params),
                      copy.deepcopy(query.joins), copy.deepcopy(query.extras))
        columns, conditions, params = [], [], []
        for model_field, _comodel, id_field in pointers:
            id_column = self._inherits_join_calc(self._table, id_field, probe)
            if model_field:
                model_column = self._inherits_join_calc(self._table, model_field, probe)
                columns += [model_column, id_column]
                conditions.append("(%s IN %%s AND %s IS NOT NULL)" % (model_column, id_column))
                params.append(confidential)
            else:
                columns.append(id_column)
                conditions.append("%s IS NOT NULL" % id_column)
        from_clause, where_clause, where_params = probe.get_sql()
        # A read puts a placeholder for its ids in the query (_read_from_database).
        where_params = [tuple(self.ids) if type(param) is object else param  # noqa: E721
                        for param in where_params]
        self.env.cr.execute("SELECT DISTINCT %s FROM %s WHERE %s AND (%s)" % (
            ", ".join(columns), from_clause, where_clause or "TRUE", " OR ".join(conditions)),
            where_params + params)
        rows = self.env.cr.fetchall()
        if not rows:
            return []
        clauses = []
        position = 0
        for model_field, comodel, id_field in pointers:
            if model_field:
                by_model = {}
                for row in rows:
                    if row[position] in confidential and row[position + 1]:
                        by_model.setdefault(row[position], set()).add(row[position + 1])
                position += 2
                for model_name, res_ids in by_model.items():
                    hidden = unreadable_ids(self.env, model_name, res_ids)
                    if hidden:
                        model_column = self._inherits_join_calc(self._table, model_field, query)
                        id_column = self._inherits_join_calc(self._table, id_field, query)
                        clauses.append((
                            "NOT (COALESCE(%s, '') = %%s AND COALESCE(%s, 0) IN %%s)"
                            % (model_column, id_column), [model_name, tuple(hidden)]))
            else:
                hidden = unreadable_ids(self.env, comodel, {row[position] for row in rows})
                position += 1
                if hidden:
                    id_column = self._inherits_join_calc(self._table, id_field, query)
                    clauses.append(("COALESCE(%s, 0) NOT IN %%s" % id_column, [tuple(hidden)]))
        return clauses

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        super()._apply_ir_rules(query, mode=mode)
        # The chatter's own reads while it posts a message (``POSTING``):
        # nothing read there goes back to the user but the message they post.
        if self.env.uid == SUPERUSER_ID or server_value(self.env, POSTING):
            return
        if mode == "read" and self._cdm_guard_passed(query):
            return
        for clause, params in self._cdm_guard_clauses(query):
            query.where_clause.append(clause)
            query.where_clause_params.extend(params)

    def _cdm_guard_passed(self, query):
        """Whether ``query`` is the read (``_read_from_database``, which puts
        a placeholder for its ids in the query) of rows the guard let through
        in the same call (``GUARD_PASSED``)."""
        passed = server_value(self.env, GUARD_PASSED)
        if not passed or not self.ids or passed[0] != self._name:
            return False
        if not any(type(param) is object for param in query.where_clause_params):  # noqa: E721
            return False
        return set(self.ids) <= passed[1]

    @api.multi
    def check_access_rule(self, operation):
        result = super().check_access_rule(operation)
        self._cdm_check_guard(operation)
        return result

    def _cdm_check_guard(self, operation):
        if self.env.uid == SUPERUSER_ID or not self.ids:
            return
        query = Query(['"%s"' % self._table], ['"%s".id IN %%s' % self._table], [tuple(self.ids)])
        if self._cdm_guard_clauses(query):
            raise AccessError(_(
                "The requested operation cannot be completed due to security restrictions. "
                "Please contact your system administrator.\n\n"
                "(Document type: %(model)s, Operation: %(operation)s)")
                % {"model": self._description, "operation": operation})

    @api.model
    def create(self, vals):
        check_pointed_records(self.browse(), vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        check_pointed_records(self, vals)
        result = super().write(vals)
        # Pointing an existing row at another record: the new target counts.
        if any(field in vals for pointer in self._cdm_document_fields for field in pointer):
            self._cdm_check_guard("write")
        return result

