from contextlib import contextmanager
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request

from ..jobs import commit_batch
from ..roles import is_manager
from ..server_only import with_server
from .cdm_confidential_mixin import LEVELS, highest_level

ACTIONS = [("read", "Opened"), ("export", "Exported"), ("print", "Printed"),
           ("write", "Changed"), ("copy", "Duplicated"), ("message", "Message Posted"),
           ("read_denied", "Opening Refused"), ("export_denied", "Export Refused"),
           ("name_denied", "Name Refused"), ("write_denied", "Change Refused"),
           ("copy_denied", "Duplication Refused"), ("message_denied", "Message Refused"),
           ("image_denied", "Image or File Refused")]
# Actions logged for every record, whatever its level: the others only for
# confidential and secret records.
ALL_LEVEL_ACTIONS = ("export", "print")
NAMES_KEPT = 20  # record names written on a row; the ids are all kept


class CdmAccessLog(models.Model):
    """Who opened, exported or printed which confidential customer records,
    when and from where (C5): one row per action, written by the server.
    Append-only: no one but the superuser changes or deletes a row; the daily
    job removes rows older than the policy's retention."""

    _name = "cdm.access.log"
    _description = "Customer Data Access Log"
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    day = fields.Date(required=True, readonly=True, index=True,
                      help="Day of the access in the policy's time zone.")
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True,
                              ondelete="restrict")
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    action = fields.Selection(ACTIONS, required=True, readonly=True, index=True)
    model_id = fields.Many2one("ir.model", string="Document Type", readonly=True,
                               ondelete="cascade")
    model = fields.Char(required=True, readonly=True, index=True)
    res_ids = fields.Text(string="Record IDs", readonly=True)
    record_names = fields.Text(string="Records", readonly=True)
    record_count = fields.Integer(string="# Records", readonly=True, group_operator="sum")
    confidential_count = fields.Integer(
        string="# Confidential or Secret", readonly=True, group_operator="sum")
    secret_count = fields.Integer(string="# Secret", readonly=True, group_operator="sum")
    level = fields.Selection(LEVELS, string="Highest Level", readonly=True, index=True)
    ip_address = fields.Char(string="IP Address", readonly=True)
    signal_id = fields.Many2one("cdm.leak.signal", readonly=True, ondelete="set null", index=True)

    @api.multi
    def name_get(self):
        """What was done to which kind of document and when, in the reader's
        language and time zone (e.g. "Opened Contact, 12/03/2026 20:35")."""
        actions = dict(self._fields["action"]._description_selection(self.env))
        lang = self.env["res.lang"]._lang_get(self.env.lang or self.env.user.lang or "en_US")
        moment_format = "%s %s" % (lang.date_format or "%m/%d/%Y",
                                   (lang.time_format or "%H:%M").replace(":%S", ""))
        names = []
        for row in self:
            document = row.model_id.name or row.model
            moment = fields.Datetime.context_timestamp(row, fields.Datetime.from_string(row.date))
            names.append((row.id, _("%(action)s %(document)s, %(moment)s") % {
                "action": actions.get(row.action, ""), "document": document,
                "moment": moment.strftime(moment_format)}))
        return names

    # Append-only ------------------------------------------------------------------

    @api.multi
    def write(self, vals):
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(_("The access log cannot be changed."))
        return super().write(vals)

    @api.multi
    def unlink(self):
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(_("Rows of the access log cannot be deleted."))
        return super().unlink()

    # Writing the log --------------------------------------------------------------

    @api.model
    def _acting_user_logged(self):
        """Code running as superuser for the module is no user action; the
        superuser's own session over HTTP is."""
        if self.env.uid != SUPERUSER_ID:
            return True
        return bool(request) and getattr(request, "session", None) is not None \
            and request.session.uid == SUPERUSER_ID

    @api.model
    def _log_denied(self, records, action):
        """Log a refused opening or export of confidential records. The
        refusal rolls the request back, so the row is written and committed
        in a transaction of its own (``_own_transaction``)."""
        if not records or not self._acting_user_logged():
            return
        levels = with_server(records.sudo(), cdm_no_access_log=True).exists().mapped(
            "confidentiality_level")
        if not any(level in ("confidential", "secret") for level in levels):
            return
        with self._own_transaction() as env:
            env["cdm.access.log"]._log_access(records.with_env(env), action)

    @contextmanager
    def _own_transaction(self):
        """An environment of this user on a cursor of its own, committed when
        the block ends: what is written there outlives a refusal that rolls
        the request back. (Odoo's test mode gives requests one shared cursor
        whose commits are savepoints; the tests' base class runs it in the
        test's cursor.)"""
        with self.pool.cursor() as cr:
            yield api.Environment(cr, self.env.uid, self.env.context)

    @api.model
    def _confidential_ids(self, records):
        """Ids of ``records`` that are confidential or secret, read from
        their table (the level is a stored, indexed column)."""
        ids = tuple(record_id for record_id in records.ids if isinstance(record_id, int))
        if not ids:
            return []
        self.env.cr.execute(
            'SELECT id FROM "%s" WHERE id IN %%s AND confidentiality_level IN %%s' % records._table,
            (ids, ("confidential", "secret")))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _log_access(self, records, action, all_levels=False):
        """One row for ``action`` on ``records``: reads count only when a
        record is confidential or secret; exports and prints always."""
        if not records or not self._acting_user_logged():
            return self.browse()
        if action not in ALL_LEVEL_ACTIONS and not self._confidential_ids(records):
            return self.browse()  # the common case: one indexed query, nothing loaded
        privileged = with_server(records.sudo(), cdm_no_access_log=True).exists()
        levels = dict(zip(privileged.ids, privileged.mapped("confidentiality_level")))
        confidential = [rid for rid, level in levels.items() if level in ("confidential", "secret")]
        if action not in ALL_LEVEL_ACTIONS and not confidential:
            return self.browse()
        if action not in ALL_LEVEL_ACTIONS:
            privileged = privileged.browse(confidential)
        moment = fields.Datetime.to_string(self.env["cdm.policy"]._now())
        user = self.env.user
        names = privileged[:NAMES_KEPT].mapped("display_name")
        if len(privileged) > NAMES_KEPT:
            names.append(_("... and %s more") % (len(privileged) - NAMES_KEPT))
        address = None
        if request and getattr(request, "httprequest", None) is not None:
            address = request.httprequest.remote_addr
        row = self.sudo().create({
            "date": moment,
            "day": self.env["cdm.policy"].today(company=user.company_id,
                                                now=fields.Datetime.from_string(moment)),
            "user_id": user.id,
            "company_id": user.company_id.id,
            "action": action,
            "model_id": self.env["ir.model"]._get_id(records._name),
            "model": records._name,
            "res_ids": ",".join(str(rid) for rid in privileged.ids),
            "record_names": "\n".join(names),
            "record_count": len(privileged),
            "confidential_count": len(confidential),
            "secret_count": sum(1 for level in levels.values() if level == "secret"),
            "level": highest_level(*levels.values()),
            "ip_address": address,
        })
        if row.confidential_count and action in ("read", "export"):
            signal = self.env["cdm.leak.signal"].sudo()._check_user_day(user, row.day)
            if signal and not row.signal_id:
                row.signal_id = signal
        return row

    # Export control (C6) and sensitive fields (C4) -----------------------------------

    @api.model
    def _check_export(self, records, fields_to_export):
        """Refuse the export before anything is read: secret records only for
        managers, confidential ones only for users allowed to export them,
        and no field the user may not read."""
        if self.env.uid == SUPERUSER_ID:
            return
        # Records the user may not read at all get Odoo's own refusal, which
        # says nothing of their level.
        try:
            records.check_access_rights("read")
            records.check_access_rule("read")
        except AccessError:
            self._log_denied(records, "export_denied")
            raise
        levels = set(records.sudo().mapped("confidentiality_level"))
        user = self.env.user
        if "secret" in levels and not is_manager(self.env):
            self._log_denied(records, "export_denied")
            raise AccessError(_(
                "Secret customer records cannot be exported: only a Customer Relations "
                "manager may export them. Remove the secret records from the selection."))
        if "confidential" in levels and not user.has_group(
                "customer_dev_maint.group_confidential_export"):
            self._log_denied(records, "export_denied")
            raise AccessError(_(
                "You are not allowed to export confidential customer records. Ask a manager "
                "for the right to export confidential data, or remove them from the selection."))
        for path in fields_to_export:
            model = records
            for name in path.split("/"):
                if name in ("id", ".id"):
                    break
                field = model._fields.get(name)
                if field is None:
                    break
                if field.groups and not self.user_has_groups(field.groups):
                    raise AccessError(_(
                        "You are not allowed to export the field %s.") % field.string)
                if not field.relational:
                    break
                model = self.env[field.comodel_name]

    # Retention ---------------------------------------------------------------------

    @api.model
    def _cron_vacuum_access_log(self, commit=True, batch_size=5000):
        """Delete the rows older than each company's retention, in batches."""
        total = 0
        cr = self.env.cr
        for policy in self.env["cdm.policy"].sudo().search([("company_id", "!=", False)]):
            limit = fields.Datetime.to_string(
                self.env["cdm.policy"]._now()
                - timedelta(days=policy.access_log_retention_days))
            while True:
                cr.execute("""
                    DELETE FROM cdm_access_log WHERE id IN (
                        SELECT id FROM cdm_access_log
                         WHERE date < %s AND (company_id = %s OR company_id IS NULL)
                         ORDER BY id LIMIT %s FOR NO KEY UPDATE SKIP LOCKED)
                """, (limit, policy.company_id.id, batch_size))
                deleted = cr.rowcount
                total += deleted
                commit_batch(self.env, commit)
                if deleted < batch_size:
                    break
        return total
