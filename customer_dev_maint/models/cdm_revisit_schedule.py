import logging
from datetime import timedelta

from odoo import _, api, fields, models

from .. import batch_mail
from ..jobs import commit_batch
from ..server_only import ServerValue, server_value, with_server
from .res_partner_health import HEALTH_FIELDS

_logger = logging.getLogger(__name__)

# Customers scheduled between two recomputations of their stored fields.
RECOMPUTE_CHUNK = 50


class CdmRevisit(models.Model):
    """The scheduling job (M3): one planned revisit per maintained customer,
    one tier interval after the last, spread over working days so no owner
    gets a crowded day; each planned revisit is its owner's To-Do."""

    _inherit = "cdm.revisit"

    @api.model
    def _cron_schedule_revisits(self):
        """Scheduled job: one planned revisit per maintained customer, then
        escalation of long-overdue revisits (M3, M5)."""
        self._schedule_revisits(commit=True)
        self._escalate_overdue(commit=True)

    @api.model
    def _schedule_revisits(self, partner_ids=None, batch_size=None, commit=False, today=None):
        """Bring every customer's planned revisit in line with its tier, owner
        and history, ``batch_size`` customers per transaction.

        Customers are taken with ``FOR NO KEY UPDATE SKIP LOCKED``: a second worker
        running at the same time skips those the first one holds. A customer
        that fails is logged and skipped. Returns the number of customers
        whose revisit was created, moved or cancelled."""
        if batch_size is None:
            batch_size = self.env["cdm.policy"].for_company().revisit_batch_size or 500
        cr = self.env.cr
        last_id, changed = 0, 0
        while True:
            query = """
                SELECT p.id FROM res_partner p
                 WHERE p.id > %(last_id)s
                   AND ((p.active AND p.parent_id IS NULL
                         AND p.maintenance_user_id IS NOT NULL AND p.service_tier_id IS NOT NULL)
                        OR EXISTS (SELECT 1 FROM cdm_revisit r
                                    WHERE r.partner_id = p.id AND r.state = 'planned'))
            """
            params = {"last_id": last_id, "limit": batch_size}
            if partner_ids is not None:
                query += " AND p.id IN %(partner_ids)s"
                params["partner_ids"] = tuple(partner_ids) or (0,)
            query += " ORDER BY p.id LIMIT %(limit)s FOR NO KEY UPDATE OF p SKIP LOCKED"
            cr.execute(query, params)
            ids = [row[0] for row in cr.fetchall()]
            if not ids:
                break
            last_id = ids[-1]
            partners = self.env["res.partner"].browse(ids)
            # The health of the batch is refreshed set-based just below.
            changed += with_server(self, cdm_health_refreshed_after=True)._schedule_partners(
                partners, today=today)
            # Health moves with time too (overdue revisits, revenue window).
            partners.with_context(tracking_disable=True)._refresh_customer_health()
            if commit_batch(self.env, commit):
                self.env.clear()
        return changed

    @api.model
    def _schedule_partners(self, partners, today=None):
        """Create, move or cancel the planned revisit of each of ``partners``.

        One query reads, for the whole set, what each customer's revisit
        should be and what it is; only the customers out of line go through
        the ORM, so a run with nothing to change costs one query per batch."""
        if not partners:
            return 0
        self = self.with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
                                 cdm_revisit_job=ServerValue())
        self.env.cr.execute("""
            SELECT p.id AS partner_id, p.active, p.parent_id, p.company_id,
                   p.maintenance_user_id AS user_id, p.maintenance_team_id AS team_id,
                   p.service_tier_id AS tier_id, t.revisit_interval_days AS interval,
                   p.handover_date, p.create_date::date AS create_day,
                   (SELECT GREATEST(MAX(d.date_done) FILTER (WHERE d.state = 'done'),
                                    MAX(d.date_due) FILTER (WHERE d.cycle_skipped))
                      FROM cdm_revisit d
                     WHERE d.partner_id = p.id AND d.state IN ('done', 'cancelled')) AS last_done,
                   r.id AS revisit_id, r.user_id AS revisit_user_id, r.team_id AS revisit_team_id,
                   r.tier_id AS revisit_tier_id, r.date_due AS revisit_date_due,
                   r.date_target AS revisit_date_target,
                   r.due_rescheduled AS revisit_due_rescheduled,
                   r.user_reassigned AS revisit_user_reassigned,
                   a.id AS activity_id
              FROM res_partner p
              LEFT JOIN cdm_service_tier t ON t.id = p.service_tier_id
              LEFT JOIN cdm_revisit r ON r.partner_id = p.id AND r.state = 'planned'
              LEFT JOIN mail_activity a ON a.id = r.activity_id
             WHERE p.id IN %s
             ORDER BY p.id
        """, (tuple(partners.ids),))
        rows, expected = [], {}
        for row in self.env.cr.dictfetchall():
            values = self._expected_revisit_values(row, today=today)
            if not self._in_line(row, values):
                rows.append(row)
                expected[row["partner_id"]] = values
        self._spread_due_dates(rows, expected, today=today)
        changed = 0
        # The revisits to create are gathered and created together at the end.
        pending = []
        batch = with_server(self, cdm_revisit_pending=pending)
        for start in range(0, len(rows), RECOMPUTE_CHUNK):
            # Stored computes (the customers' next revisit and health) run once
            # per chunk of customers rather than after every revisit.
            with self.env.norecompute():
                for row in rows[start:start + RECOMPUTE_CHUNK]:
                    values = expected[row["partner_id"]]
                    try:
                        if values is not None and not row["revisit_id"]:
                            # Only gathered (no SQL): no savepoint to roll back to.
                            batch._schedule_partner(row, values)
                        else:
                            with self.env.cr.savepoint():
                                batch._schedule_partner(row, values)
                        changed += 1
                    except Exception:
                        _logger.exception("Revisit scheduling failed for customer id %s; skipped.",
                                          row["partner_id"])
                        self.invalidate_cache()
            self.recompute()
        if pending:
            with self.env.norecompute():
                changed -= self._create_planned(pending)
            self.recompute()
        return changed

    @api.model
    def _create_planned(self, pending):
        """Create the planned revisits ``pending`` (values of
        :meth:`_expected_revisit_values`) and their activities together;
        returns how many could not be created. Should the set fail, each is
        created on its own and a failing customer is logged and skipped."""
        if not pending:
            return 0
        try:
            with self.env.cr.savepoint():
                self._insert_planned(pending)
            return 0
        except Exception:
            _logger.exception("Creating %d revisits together failed; creating them one by one.",
                              len(pending))
            self.invalidate_cache()
        failed = 0
        for values in pending:
            try:
                with self.env.cr.savepoint():
                    self.create(values)._sync_activity()
            except Exception:
                _logger.exception("Revisit scheduling failed for customer id %s; skipped.",
                                  values["partner_id"])
                self.invalidate_cache()
                failed += 1
        return failed

    @api.model
    def _insert_planned(self, pending):
        """One INSERT of the revisits ``pending``, with the values ``create``
        would store (defaults, booleans as False) and their stored computed
        fields (reference, on time, confidentiality customer and level, next
        activity, as their computes make them for a new planned revisit of a
        customer without a raised level), then their activities; the customers' health is
        stored set-based (``_store_customer_health``) rather than recomputed
        one customer at a time, unless the caller refreshes it after."""
        names = [name for name, field in self._fields.items()
                 if field.store and field.column_type and not field.compute
                 and name not in models.MAGIC_COLUMNS]
        defaults = self.default_get(names)
        rows = []
        for values in pending:
            full = dict(defaults, **values)
            for name in names:
                if name not in full and self._fields[name].type == "boolean":
                    full[name] = False
            rows.append(full)
        columns = sorted({name for row in rows for name in row if name in names})
        filled = ["name", "on_time", "cdm_customer_id", "confidentiality_level",
                  "activity_date_deadline"]
        if any(row.get("confidentiality_own_level") for row in rows):
            filled.remove("confidentiality_level")
        arrays = ", ".join("%%s::%s[]" % self._fields[name].column_type[1] for name in columns)
        computed = {
            "name": "COALESCE(p.name, '') || ' - ' || COALESCE(v.date_due::text, '')",
            "on_time": "FALSE",
            "cdm_customer_id": "p.commercial_partner_id",
            "confidentiality_level": "COALESCE(c.confidentiality_level, 'normal')",
            # A new revisit has no activity of its own (its To-Do is on the customer).
            "activity_date_deadline": "NULL::date",
        }
        self.env.cr.execute("""
            INSERT INTO cdm_revisit (%s, %s, create_uid, write_uid, create_date, write_date)
            SELECT %s, %s, %%s, %%s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM unnest(%s) WITH ORDINALITY AS v(%s, n)
              JOIN res_partner p ON p.id = v.partner_id
              LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
             ORDER BY v.n
            RETURNING id
        """ % (", ".join('"%s"' % name for name in columns), ", ".join(filled),
               ", ".join('v."%s"' % name for name in columns),
               ", ".join(computed[name] for name in filled), arrays,
               ", ".join('"%s"' % name for name in columns)),
            [self.env.uid, self.env.uid] + [
                [self._fields[name].convert_to_column(row.get(name), self, row)
                 if row.get(name) is not None else None for row in rows]
                for name in columns])
        revisits = self.browse([row[0] for row in self.env.cr.fetchall()])
        if len(revisits) != len(rows):
            raise ValueError("Some customers of the revisits to create do not exist.")
        for field in self._fields.values():
            if field.store and field.compute and field.name not in filled:
                self.env.add_todo(field, revisits)
        revisits.modified(columns + filled)
        for name in filled:
            # Stored by the INSERT: not to be computed again.
            self.env.remove_todo(self._fields[name], revisits)
        partners = self.env["res.partner"].browse([values["partner_id"] for values in pending])
        for name in HEALTH_FIELDS:
            field = partners._fields[name]
            if self.env.field_todo(field):
                self.env.remove_todo(field, partners)
        if not server_value(self.env, "cdm_health_refreshed_after"):
            partners._store_customer_health()
        self._create_activities(revisits, pending)
        return revisits

    @api.model
    def _create_activities(self, revisits, pending):
        """The Revisit activities of the new ``revisits`` (created from
        ``pending``, in order), in their owners' language, at once."""
        cr = self.env.cr
        cr.execute("""
            SELECT p.id, p.name, p.display_name FROM res_partner p WHERE p.id IN %s
        """, (tuple(values["partner_id"] for values in pending),))
        customers = {row[0]: row[1:] for row in cr.fetchall()}
        cr.execute("""
            SELECT u.id, p.lang FROM res_users u JOIN res_partner p ON p.id = u.partner_id
             WHERE u.id IN %s
        """, (tuple(values["user_id"] for values in pending),))
        langs = dict(cr.fetchall())
        default_lang = self.env.user.lang or "en_US"
        activity_type = self.env.ref("customer_dev_maint.mail_activity_type_revisit").id
        tiers, rows = {}, []
        for values in pending:
            lang = langs.get(values["user_id"]) or default_lang
            if (lang, values["tier_id"]) not in tiers:
                tiers[lang, values["tier_id"]] = self.env["cdm.service.tier"].with_context(
                    lang=lang).browse(values["tier_id"]).name
            name, display_name = customers[values["partner_id"]]
            rows.append({
                "res_id": values["partner_id"],
                "res_name": display_name,
                "user_id": values["user_id"],
                "activity_type_id": activity_type,
                "date_deadline": values["date_due"],
                "summary": self.with_context(lang=lang)._activity_summary_text(
                    name, tiers[lang, values["tier_id"]]),
            })
        activity_ids = batch_mail.create_activities(self.env, "res.partner", rows)
        cr.execute("""
            UPDATE cdm_revisit r SET activity_id = v.activity_id
              FROM unnest(%s::int[], %s::int[]) AS v(id, activity_id)
             WHERE r.id = v.id
        """, (revisits.ids, activity_ids))
        revisits.invalidate_cache(["activity_id"])

    @api.model
    def _expected_revisit_values(self, row, today=None):
        """Values of the revisit the customer described by ``row`` should
        have planned, or None when it is not maintained. Dates are strings.

        The cycle counts from the last completed revisit, or the due date of
        the last one a manager cancelled (a skipped cycle), else the handover.
        A due date or owner rescheduled by hand stands."""
        if not (row["active"] and not row["parent_id"] and row["user_id"] and row["tier_id"]):
            return None
        base = row["last_done"] or row["handover_date"] or row["create_day"] \
            or today or self.env["cdm.policy"].today()
        target = fields.Date.to_string(fields.Date.from_string(base) + timedelta(days=row["interval"]))
        expected = {
            "partner_id": row["partner_id"],
            "user_id": row["user_id"],
            "team_id": row["team_id"] or False,
            "tier_id": row["tier_id"],
            "company_id": row["company_id"] or self.env.user.company_id.id,
            "date_target": target,
            "date_due": target,
        }
        if row.get("revisit_due_rescheduled") or (
                row.get("revisit_id") and row.get("revisit_date_target") == target):
            # A date set by hand stands; one already spread before its target stays.
            expected["date_due"] = row["revisit_date_due"]
        if row.get("revisit_user_reassigned"):
            expected.update(user_id=row["revisit_user_id"], team_id=row["revisit_team_id"] or False)
        return expected

    @api.model
    def _in_line(self, row, expected):
        """Whether the customer's planned revisit already is what it should be."""
        if expected is None:
            return not row["revisit_id"]
        return bool(
            row["revisit_id"] and row["activity_id"]
            and row["revisit_user_id"] == expected["user_id"]
            and (row["revisit_team_id"] or False) == expected["team_id"]
            and row["revisit_tier_id"] == expected["tier_id"]
            and row["revisit_date_target"] == expected["date_target"]
            and row["revisit_date_due"] == expected["date_due"])

    @api.model
    def _spread_due_dates(self, rows, expected, today=None):
        """Load spreading (M11): give each revisit to be (re)planned on its
        target day the working day, among the last ``revisit_spread_days``
        working days up to its target (never after it, never before today),
        on which its owner has the fewest planned revisits; ties go to the
        latest day. One query reads the owners' load for the whole set."""
        todo = [row for row in rows if expected[row["partner_id"]]
                and expected[row["partner_id"]]["date_due"] == expected[row["partner_id"]]["date_target"]
                and not row.get("revisit_due_rescheduled")]
        if not todo:
            return
        window = self.env["cdm.policy"].for_company().sudo().revisit_spread_days
        if window < 2:
            return
        today = fields.Date.from_string(today or self.env["cdm.policy"].today())
        days = {}
        for row in todo:
            target = fields.Date.from_string(expected[row["partner_id"]]["date_target"])
            days[row["partner_id"]] = self._working_days_before(target, window, today)
        first = min((day for choice in days.values() for day in choice), default=None)
        if first is None:
            return
        last = max(day for choice in days.values() for day in choice)
        self.env.cr.execute("""
            SELECT user_id, date_due, COUNT(*) FROM cdm_revisit
             WHERE state = 'planned' AND user_id IN %s AND date_due BETWEEN %s AND %s
               AND id NOT IN %s
             GROUP BY user_id, date_due
        """, (tuple({expected[row["partner_id"]]["user_id"] for row in todo}),
              fields.Date.to_string(first), fields.Date.to_string(last),
              tuple(row["revisit_id"] for row in todo if row["revisit_id"]) or (0,)))
        load = {(user_id, fields.Date.from_string(day)): count
                for user_id, day, count in self.env.cr.fetchall()}
        for row in todo:
            values = expected[row["partner_id"]]
            choice = days[row["partner_id"]]
            if not choice:
                continue
            # Fewest revisits first, then the latest day (closest to the target).
            day = min(choice, key=lambda day, user_id=values["user_id"]: (
                load.get((user_id, day), 0), -day.toordinal()))
            load[(values["user_id"], day)] = load.get((values["user_id"], day), 0) + 1
            values["date_due"] = fields.Date.to_string(day)

    @api.model
    def _working_days_before(self, target, count, today):
        """Up to ``count`` working days (Monday to Friday) ending on ``target``,
        none before ``today``; empty when the target itself has passed."""
        days, day = [], target
        while len(days) < count and day >= today:
            if day.weekday() < 5:
                days.append(day)
            day -= timedelta(days=1)
        return days

    @api.model
    def _schedule_partner(self, row, expected):
        """Bring one customer's planned revisit in line with ``expected``."""
        revisit = self.browse(row["revisit_id"] or [])
        if expected is None:
            revisit.write({"state": "cancelled"})
            if revisit.activity_id.exists():
                revisit.activity_id.unlink()
            revisit._close_escalation()
            return
        if not revisit:
            pending = server_value(self.env, "cdm_revisit_pending")
            if pending is not None:
                # Created with the rest of the chunk (_create_planned).
                pending.append(expected)
                return
            revisit = self.create(expected)
        else:
            changes = {key: value for key, value in expected.items()
                       if key not in ("partner_id", "company_id")
                       and (revisit[key].id if key.endswith("_id") else revisit[key]) != value}
            if changes:
                revisit.write(changes)
        revisit._sync_activity()

    def _sync_activity(self):
        """Create or update the Revisit activity on the customer."""
        self.ensure_one()
        activity_type = self.env.ref("customer_dev_maint.mail_activity_type_revisit")
        values = {
            "activity_type_id": activity_type.id,
            "user_id": self.user_id.id,
            "date_deadline": self.date_due,
            "summary": self._in_language_of(self.user_id)._activity_summary(),
        }
        activity = self.activity_id.exists()
        if activity:
            activity.sudo().write(values)
        else:
            values.update({
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.partner_id.id,
            })
            self.activity_id = self.env["mail.activity"].sudo().create(values)

    def _activity_summary(self):
        return self._activity_summary_text(self.partner_id.name, self.tier_id.name)

    @api.model
    def _activity_summary_text(self, customer, tier):
        """The Revisit activity's summary, in the context's language."""
        return _("Revisit %(customer)s (%(tier)s tier)") % {"customer": customer, "tier": tier}
