"""Uninstall: what Odoo's removal of the module's records, columns and tables does not do.

Odoo (``ir.model.data._module_data_uninstall``) deletes the module's records one by one,
then drops its columns and tables, while the module's Python models are still loaded.
Two things make that fail or leave rows behind, and this hook settles them first:

- Records of the module that other rows point to with ``ondelete="restrict"`` (the shipped
  service tiers from customers and handovers, the shipped screening criteria from score
  lines) cannot be deleted. Those references are cleared: the columns are the module's own
  and are dropped a moment later.
- Dropping a model's table leaves its chatter, followers, attachments and saved filters,
  and its activities are removed by a cascade that makes the ORM recompute them, reading
  ``res.partner`` after the module's columns are gone (the transaction then aborts). They
  are deleted first, together with the activities the module planned on other documents
  (revisits, milestone reminders, handovers).
"""
import logging

from odoo import SUPERUSER_ID, api

from .server_only import with_server

_logger = logging.getLogger(__name__)

MODULE = "customer_dev_maint"


def _own_models(env):
    """Models the module defines: their ir.model has an external id of this module and of no
    other (a model the module only extends, like res.partner, has its defining module's too)."""
    env.cr.execute("""
        SELECT m.model FROM ir_model m JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
        GROUP BY m.model HAVING bool_and(d.module = %s)""", (MODULE,))
    return {model for (model,) in env.cr.fetchall() if model in env}


def _restricting_references(env, own_models):
    """Stored many2one fields, on any model, with ondelete="restrict" to a model of the
    module: they keep Odoo from deleting the module's records."""
    return [field for model in env.values() if not model._abstract and model._auto
            for field in model._fields.values()
            if field.type == "many2one" and field.store and field.ondelete == "restrict"
            and field.comodel_name in own_models]


def _clear_restricting_references(env, own_models):
    """Empties those references (columns of the module, dropped a moment later); no row is
    deleted."""
    for field in _restricting_references(env, own_models):
        table = env[field.model_name]._table
        env.cr.execute('ALTER TABLE "%s" ALTER COLUMN "%s" DROP NOT NULL' % (table, field.name))
        env.cr.execute('UPDATE "%s" SET "%s" = NULL WHERE "%s" IS NOT NULL'
                       % (table, field.name, field.name))
        _logger.info("Cleared %s.%s (%d rows)", field.model_name, field.name, env.cr.rowcount)


def _own_binary_fields(env, own_models):
    env.cr.execute("""
        SELECT f.model, f.name FROM ir_model_fields f JOIN ir_model_data d
            ON d.model = 'ir.model.fields' AND d.res_id = f.id AND d.module = %s
        WHERE f.ttype = 'binary'""", (MODULE,))
    return [(model, name) for model, name in env.cr.fetchall()
            if model not in own_models and model in env and name in env[model]._fields
            and env[model]._fields[name].attachment]


def _delete_documents_traces(env, own_models):
    """Chatter, followers, activities, attachments and filters of the module's documents,
    and the activities of the module's own activity types bound to a document model."""
    cr = env.cr
    models = tuple(own_models)
    # Through the ORM: the documents' next-activity fields follow.
    cr.execute("SELECT id FROM mail_activity WHERE res_model IN %s OR activity_type_id IN ("
               " SELECT t.id FROM mail_activity_type t JOIN ir_model_data d"
               " ON d.model = 'mail.activity.type' AND d.res_id = t.id AND d.module = %s"
               " WHERE t.res_model_id IS NOT NULL)", (models, MODULE))
    activities = env["mail.activity"].browse([row[0] for row in cr.fetchall()])
    _logger.info("Deleting %d activities of the module", len(activities))
    activities.unlink()
    cr.execute("DELETE FROM mail_message WHERE model IN %s", (models,))
    cr.execute("DELETE FROM mail_followers WHERE res_model IN %s", (models,))
    cr.execute("SELECT id FROM ir_attachment WHERE res_model IN %s", (models,))
    attachment_ids = [row[0] for row in cr.fetchall()]
    # Values of the module's binary fields stored as attachments on other models' records.
    for model, name in _own_binary_fields(env, own_models):
        cr.execute("SELECT id FROM ir_attachment WHERE res_model = %s AND res_field = %s", (model, name))
        attachment_ids += [row[0] for row in cr.fetchall()]
    env["ir.attachment"].browse(attachment_ids).unlink()
    cr.execute("DELETE FROM ir_filters WHERE model_id IN %s", (models,))


def _delete_review_meeting_events(env):
    """The calendar events of the review meetings (their ``_inherits`` parents): deleted
    through the ORM while the module's columns still exist (the cascade from the model's
    removal would make the ORM read partners after their columns are gone)."""
    env.cr.execute("SELECT event_id FROM cdm_review_meeting")
    events = env["calendar.event"].with_context(active_test=False).browse(
        [row[0] for row in env.cr.fetchall()])
    _logger.info("Deleting %d calendar events of review meetings", len(events))
    events.exists().unlink()


def uninstall_hook(cr, registry):
    env = api.Environment(cr, SUPERUSER_ID, {})
    own_models = _own_models(env)
    if not own_models:
        return
    _clear_restricting_references(env, own_models)
    _delete_documents_traces(env, own_models)
    _delete_review_meeting_events(env)
    # crm's pipeline analysis is a view this module adds a column to: give crm its own back.
    with_server(env["crm.opportunity.report"], cdm_uninstalling=True).init()
