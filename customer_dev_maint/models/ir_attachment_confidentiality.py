from odoo import api, models


class IrAttachment(models.Model):
    """Attachments of a record the user may not read are left out by every
    route, grouping included (C3). A file held in a sensitive field (C4: a
    many2many to attachments declared with ``groups``, such as a deal's
    solution documents) is, for a user outside those groups, as absent as
    the field: its name, text (``index_content``) and content."""

    _name = "ir.attachment"
    _inherit = ["ir.attachment", "cdm.document.guard"]

    @api.model
    def _cdm_guard_clauses(self, query):
        clauses = super()._cdm_guard_clauses(query)
        for relation, column in self._cdm_hidden_attachment_relations():
            clauses.append(('"%s".id NOT IN (SELECT "%s" FROM "%s")' % (self._table, column, relation), []))
        return clauses

    @api.model
    def _cdm_hidden_attachment_relations(self):
        """(relation table, attachment column) of each many2many to
        attachments whose groups the current user is not in."""
        return sorted({(relation, column) for relation, column, groups in _grouped_relations(self.env)
                       if not self.user_has_groups(groups)})


_RELATIONS = {}


def _grouped_relations(env):
    """Many2many fields to attachments declared with groups, once per
    loaded registry."""
    registry = env.registry
    key = (id(registry), len(registry.models))
    if key not in _RELATIONS:
        _RELATIONS[key] = [
            (field.relation, field.column2, field.groups)
            for model in registry.values() if not model._abstract and model._auto
            for field in model._fields.values()
            if field.type == "many2many" and field.comodel_name == "ir.attachment"
            and field.groups and field.store]
    return _RELATIONS[key]
