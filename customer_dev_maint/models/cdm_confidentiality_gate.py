from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..server_only import server_value, with_server

GATE_MODEL = "cdm.confidentiality.gate"


def is_gated(model):
    """Whether ``model`` (a model class or recordset) is closed by the
    confidentiality gate: it inherits ``cdm.confidentiality.gate`` (directly,
    as ``res.partner`` does, or through ``cdm.confidential.mixin``)."""
    return not model._abstract and GATE_MODEL in _ancestors(model)


def _ancestors(model):
    names = set()
    for cls in (model if isinstance(model, type) else type(model)).__mro__:
        name = getattr(cls, "_name", None)
        if name:
            names.add(name)
    return names


def _column(model, name):
    """The stored many2one (or plain column) ``name`` of ``model``'s own
    table, or None when the ORM must resolve it (inherited, computed)."""
    field = model._fields.get(name)
    if field is None or not field.store or field.inherited or field.type in ("one2many", "many2many"):
        return None
    return field


def path_in(model, path, sql, params):
    """A domain leaf: the record whose ``path`` (field names joined by dots,
    many2one hops then a column) is in the SQL subquery ``sql``. Compiled to
    nested subqueries on the tables themselves: Odoo 11 would search the
    target of each hop and paste the ids it finds into the query."""
    names = path.split(".")
    models_on_path = [model]
    for name in names[:-1]:
        field = _column(models_on_path[-1], name)
        if field is None or field.type != "many2one":
            raise ValueError("%s: %s is not a stored many2one of %s"
                             % (path, name, models_on_path[-1]._name))
        models_on_path.append(model.env[field.comodel_name])
    if _column(models_on_path[-1], names[-1]) is None:
        raise ValueError("%s: %s is not a stored column of %s"
                         % (path, names[-1], models_on_path[-1]._name))
    for hop in range(len(names) - 1, 0, -1):
        sql = 'SELECT id FROM "%s" WHERE "%s" IN (%s)' % (
            models_on_path[hop]._table, names[hop], sql)
    return (names[0], "inselect", (sql, list(params)))


def _leaf_sql(model, name, operator, right):
    """SQL selecting the ids of ``model`` whose ``name`` satisfies
    ``operator right``. A one2many held by users (a team's members) is read
    from its inverse column, without a query at compile time."""
    field = model._fields[name]
    comodel = model.env.get(getattr(field, "comodel_name", None))
    if field.type == "one2many" and operator in ("=", "in") and not field.domain \
            and comodel is not None and _column(comodel, field.inverse_name) is not None:
        ids = right if isinstance(right, (list, tuple)) else [right]
        if ids and all(isinstance(value, int) for value in ids):
            return ('SELECT "%s" FROM "%s" WHERE id IN %%s AND "%s" IS NOT NULL'
                    % (field.inverse_name, comodel._table, field.inverse_name), [tuple(ids)])
    query = model.with_context(active_test=False)._where_calc([(name, operator, right)])
    from_clause, where_clause, params = query.get_sql()
    return 'SELECT "%s".id FROM %s WHERE %s' % (model._table, from_clause, where_clause or "TRUE"), \
        params


def compile_paths(model, domain):
    """``domain`` (a record rule's) with each condition through stored
    many2one links written as a ``cdm_rule_path`` condition of ``model``."""
    result = []
    for term in domain:
        if isinstance(term, (list, tuple)) and len(term) == 3 and isinstance(term[0], str) \
                and "." in term[0] and _links(model, term[0].split(".")[:-1]):
            result.append(("cdm_rule_path", "in", [term[0], term[1], term[2]]))
        else:
            result.append(term)
    return result


def _links(model, names):
    for name in names:
        field = _column(model, name)
        if field is None or field.type != "many2one":
            return False
        model = model.env[field.comodel_name]
    return True


def user_in(model, path, uid):
    """A domain leaf: the user at the end of ``path`` is ``uid``."""
    if "." not in path:
        return (path, "=", uid)
    return path_in(model, path, "SELECT %s", [uid])


class CdmConfidentialityGate(models.AbstractModel):
    """Who may open a record of a customer (C2) and the log of who did (C5):
    the access half of confidentiality, shared by customers and every record
    that belongs to one.

    The gate: a confidential or secret record is open only to its owners
    (``_cdm_owner_paths``: fields or many2one paths to a user), to the
    owners and authorised users of its customer (``_cdm_customer_path``), to
    managers and, for a confidential (not secret) one, to auditors and to the
    members of its development department (``_cdm_team_path``). The domain
    is built here, in one place, and added by ``ir.rule`` to every model
    that inherits this one (no record rule per model): a model joins by
    inheriting it and naming its paths. Each condition compiles to a test
    on the record's own columns or a subquery on a table, never a search
    whose ids are pasted into the query.

    The log: a person's form read of a confidential or secret record and
    every export leave a row in the access log; exports are refused to users
    not allowed (C6). The server's own reads cost nothing more."""

    _name = GATE_MODEL
    _description = "Confidentiality Gate"

    # The declaration: where the level, the owners, the customer and the
    # department of a record are.
    _cdm_level_field = "confidentiality_level"
    _cdm_owner_paths = ()
    _cdm_customer_path = "cdm_customer_id"
    _cdm_team_path = "cdm_customer_id.team_id"
    # Whether a read of one record is an action worth a log row (lines read
    # inside their parent's form are not); whether an export of normal
    # records is logged too.
    _cdm_log_reads = True
    _cdm_log_all_exports = True

    cdm_open_to_user_id = fields.Many2one(
        "res.users", string="Open to User", compute="_compute_cdm_open_to_user_id",
        search="_search_cdm_open_to_user_id",
        help="Technical: searched for a user, the records whose confidentiality lets that user "
             "open them (the current user's own records only, unless the server asks).")

    cdm_rule_path = fields.Char(
        string="Rule Path", compute="_compute_cdm_rule_path", search="_search_cdm_rule_path",
        help="Technical: a condition of a record rule through a chain of links, compiled to "
             "subqueries.")

    def _compute_cdm_rule_path(self):
        for record in self:
            record.cdm_rule_path = False

    def _search_cdm_rule_path(self, operator, value):
        """``('cdm_rule_path', 'in', [path, op, right])`` is ``(path, op,
        right)`` for a path of stored many2one links: the condition on the
        last model compiled once as a subquery, each link a subquery, where
        Odoo 11 would search each linked model and paste the ids found into
        the query (ir.rule writes the rules of gated models this way)."""
        # 'in' (Odoo turns '=' with a list into 'in', with a warning).
        if operator not in ("=", "in", "!=", "not in") or not isinstance(value, (list, tuple)) \
                or len(value) != 3:
            raise UserError(_("Rule Path is for record rules only."))
        # Record rules are compiled as the superuser; a client's search of
        # linked records goes through their rules, not through this.
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(_("Rule Path is for record rules only."))
        path, op, right = value
        names = path.split(".")
        model = self
        for name in names[:-1]:
            field = _column(model, name)
            if field is None or field.type != "many2one":
                raise UserError(_("Rule Path is for record rules only."))
            model = self.env[field.comodel_name]
        last = model._fields[names[-1]]
        if last.groups:
            raise AccessError(_("Rule Path is for record rules only."))
        sql, params = _leaf_sql(model, names[-1], op, right)
        leaf = path_in(self, ".".join(names[:-1]), sql, params)
        return [leaf] if operator in ("=", "in") else ["!", leaf]

    def _compute_cdm_open_to_user_id(self):
        uid = self.env.uid
        passed = set()
        ids = [record_id for record_id in self.ids if isinstance(record_id, int)]
        if ids:
            query = self.with_context(active_test=False)._where_calc(
                [("id", "in", ids), ("cdm_open_to_user_id", "=", uid)])
            from_clause, where_clause, params = query.get_sql()
            self.env.cr.execute('SELECT "%s".id FROM %s WHERE %s' % (
                self._table, from_clause, where_clause), params)
            passed = {row[0] for row in self.env.cr.fetchall()}
        for record in self:
            record.cdm_open_to_user_id = uid if record.id in passed else False

    def _search_cdm_open_to_user_id(self, operator, value):
        """The gate for user ``value``. Record rules search it as the
        superuser for the user whose rules they are (ir.rule); a user may
        search it for themselves."""
        if isinstance(value, (list, tuple)) and len(value) == 1:
            value = value[0]
        if operator not in ("=", "in", "!=", "not in") or not isinstance(value, int) \
                or isinstance(value, bool):
            raise UserError(_("Open to User can only be searched for one user."))
        if value != self.env.uid and self.env.uid != SUPERUSER_ID:
            raise AccessError(_("Open to User can only be searched for yourself."))
        domain = self._cdm_gate_domain(value)
        if operator in ("=", "in"):
            return domain or [(1, "=", 1)]
        return ["!"] + domain if domain else [(0, "=", 1)]

    @api.model
    def _cdm_gate_domain(self, uid):
        """The gate for user ``uid``, as a domain of internal leaves (empty:
        every record). Only a field's search method may return it (its
        ``inselect`` leaves are refused in a client's domain)."""
        if uid == SUPERUSER_ID:
            return []
        groups = self._cdm_gate_groups(uid)
        if groups["manager"]:
            return []
        level = self._cdm_level_field
        alternatives = [[(level, "not in", ["confidential", "secret"])]]
        alternatives += [[user_in(self, path, uid)] for path in self._cdm_owner_paths]
        alternatives.append([path_in(self, self._cdm_customer_path, """
            SELECT id FROM res_partner WHERE user_id = %s OR maintenance_user_id = %s
            UNION ALL
            SELECT partner_id FROM cdm_partner_authorized_user_rel WHERE user_id = %s""",
                                     [uid, uid, uid])])
        if groups["auditor"]:
            alternatives.append([(level, "=", "confidential")])
        elif groups["development_team"] and self._cdm_team_path:
            alternatives.append(["&", (level, "=", "confidential"), path_in(
                self, self._cdm_team_path,
                "SELECT sale_team_id FROM res_users WHERE id = %s AND sale_team_id IS NOT NULL",
                [uid])])
        return expression.OR(alternatives)

    @api.model
    def _cdm_gate_groups(self, uid):
        user = self.env["res.users"].sudo().browse(uid)
        return {
            "manager": user.has_group("customer_dev_maint.group_manager"),
            "auditor": user.has_group("customer_dev_maint.group_auditor"),
            "development_team": user.has_group("customer_dev_maint.group_development_team"),
        }

    # Reading related fields without a second load of the whole row -------------

    def _cdm_sudo_hops(self, names):
        """The stored many2one fields that related fields among ``names``
        start from. Odoo computes a related field as the superuser, whose
        cache is not the reader's: the first hop (a list's ``partner_id``
        under ``partner_address_email``, ``company_id`` under
        ``company_currency``) is loaded again for the superuser, and with it
        every prefetched column of the model, for every row of the list."""
        if self.env.uid == SUPERUSER_ID:
            return set()
        hops = set()
        for name in names:
            field = self._fields.get(name)
            if field is None or not field.related or not field.related_sudo:
                continue
            hop = self._fields.get(field.related[0])
            if hop is not None and hop.type == "many2one" and hop.store and not hop.inherited \
                    and not hop.groups and not hop.context_dependent:
                hops.add(hop.name)
        return hops

    def _cdm_named_links(self, names):
        """The stored many2one fields among ``names`` whose target stores its
        display name (a customer): ``read`` shows that name, read as the
        superuser, and reading it alone loads every prefetched column of the
        target for every row of the list."""
        if self.env.uid == SUPERUSER_ID:
            return set()
        links = set()
        for name in names:
            field = self._fields.get(name)
            if field is not None and field.type == "many2one" and field.store \
                    and field.comodel_name in self.env:
                display = self.env[field.comodel_name]._fields.get("display_name")
                if display is not None and display.store:
                    links.add(name)
        return links

    @api.multi
    def _read_from_database(self, field_names, inherited_field_names=[]):  # noqa: B006 (Odoo's signature)
        super()._read_from_database(field_names, inherited_field_names)
        model_name, hops, links = server_value(self.env, "cdm_sudo_hops", (None, (), ()))
        if model_name != self._name:
            return
        # The column's value is the same whoever reads it (no groups, not
        # context dependent): the superuser's cache gets what was just read.
        cache = self.env.cache
        admin = self.sudo()
        for name in hops:
            if name not in field_names:
                continue
            field = self._fields[name]
            for record in self:
                value = cache.get_value(record, field, default=cache)
                if value is not cache:
                    cache.set(admin.browse(record.id), field, value)
        # The names the read shows, alone (not every column of the targets);
        # with the plain name, which the names of users and other records
        # prefetched with them ask for next.
        for name in links:
            if name not in field_names:
                continue
            targets = self.mapped(name).sudo()
            display = targets._fields["display_name"]
            missing = targets.browse(list(cache.get_missing_ids(targets, display)))
            if missing:
                plain = targets._fields.get(targets._rec_name)
                missing._read_from_database(
                    ["display_name"] + ([plain.name] if plain is not None and plain.store else []))

    # The access log -------------------------------------------------------------

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        # The first hops of the related fields read with the row into the
        # superuser's cache too (``_cdm_sudo_hops``), then left out again;
        # the names of the linked customers read alone (``_cdm_named_links``).
        hops = self._cdm_sudo_hops(fields) if fields else set()
        # A list's links (not a form's: its other fields load the rows of its
        # few targets anyway); a link a related field starts from loads its
        # targets' rows anyway.
        links = self._cdm_named_links(fields) - hops \
            if fields and load == "_classic_read" and len(self) > 1 else set()
        extra = [name for name in hops if name not in fields]
        records = with_server(self, cdm_sudo_hops=(self._name, frozenset(hops), frozenset(links))) \
            if hops or links else self
        names = list(fields) + extra if extra else fields
        # A person's opening of records (a form): not the ORM's own
        # prefetching ('_classic_write'), not the server's reads.
        log = self.env["cdm.access.log"]
        if load != "_classic_read" or server_value(self.env, "cdm_no_access_log") \
                or not log._acting_user_logged():
            result = super(CdmConfidentialityGate, records).read(fields=names, load=load)
        else:
            try:
                result = super(CdmConfidentialityGate, records).read(fields=names, load=load)
            except AccessError:
                log._log_denied(self, "read_denied")
                raise
            if self._cdm_log_reads:
                log._log_access(self, "read")
        for values in result if extra else ():
            for name in extra:
                values.pop(name, None)
        return result

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None):
        # A list view reads many records at once: not one log row per list.
        return super(CdmConfidentialityGate, with_server(self, cdm_no_access_log=True)).search_read(
            domain=domain, fields=fields, offset=offset, limit=limit, order=order)

    @api.multi
    def export_data(self, fields_to_export, raw_data=False):
        log = self.env["cdm.access.log"]
        log._check_export(self, fields_to_export)
        result = super(CdmConfidentialityGate, with_server(self, cdm_no_access_log=True)).export_data(
            fields_to_export, raw_data=raw_data)
        if self._cdm_log_all_exports:
            log._log_access(self, "export", all_levels=True)
        else:
            log._log_access(self.filtered(lambda record: record[self._cdm_level_field] != "normal"),
                            "export")
        return result
