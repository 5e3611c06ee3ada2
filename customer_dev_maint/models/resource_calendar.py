from datetime import datetime, time, timedelta

import pytz

from odoo import _, fields, models
from odoo.exceptions import UserError

# How far ahead a deadline is looked for before the working hours are judged empty.
MAX_DAYS_AHEAD = 3660


class ResourceCalendar(models.Model):
    """Working-hours arithmetic for complaint deadlines (M6).

    Odoo 11's own planning methods read the time zone of the user who runs
    them; a deadline must not depend on who (or which job) computes it, so
    these count in an explicit time zone (the policy's) over the calendar's
    attendances and its global leaves. Datetimes in and out are naive UTC, as
    the ORM stores them."""

    _inherit = "resource.calendar"

    def _cdm_day_intervals(self, day, tz):
        """Working intervals of the local ``day`` (a date) as naive UTC pairs."""
        weekday = str(day.weekday())
        intervals = []
        for attendance in self.attendance_ids:
            if attendance.dayofweek != weekday:
                continue
            if attendance.date_from and fields.Date.from_string(attendance.date_from) > day:
                continue
            if attendance.date_to and fields.Date.from_string(attendance.date_to) < day:
                continue
            start = tz.localize(datetime.combine(day, time()) + timedelta(hours=attendance.hour_from))
            end = tz.localize(datetime.combine(day, time()) + timedelta(hours=attendance.hour_to))
            intervals.append((start.astimezone(pytz.utc).replace(tzinfo=None),
                              end.astimezone(pytz.utc).replace(tzinfo=None)))
        return self._cdm_minus_leaves(sorted(intervals))

    def _cdm_minus_leaves(self, intervals):
        leaves = [(fields.Datetime.from_string(leave.date_from), fields.Datetime.from_string(leave.date_to))
                  for leave in self.global_leave_ids]
        for leave_start, leave_end in leaves:
            remaining = []
            for start, end in intervals:
                if leave_end <= start or leave_start >= end:
                    remaining.append((start, end))
                    continue
                if start < leave_start:
                    remaining.append((start, leave_start))
                if leave_end < end:
                    remaining.append((leave_end, end))
            intervals = remaining
        return intervals

    def _cdm_intervals_from(self, start, tz):
        """Working intervals from ``start`` on, clipped to it, day by day."""
        self.ensure_one()
        if not self.attendance_ids:
            raise UserError(_("The working hours %s have no working days: complaint deadlines "
                              "cannot be counted in them.") % self.name)
        day = pytz.utc.localize(start).astimezone(tz).date() - timedelta(days=1)
        for _offset in range(MAX_DAYS_AHEAD):
            for interval_start, interval_end in self._cdm_day_intervals(day, tz):
                if interval_end > start:
                    yield max(interval_start, start), interval_end
            day += timedelta(days=1)

    def cdm_plan_hours(self, start, hours, tz_name):
        """The moment ``hours`` working hours after ``start``."""
        tz = pytz.timezone(tz_name or "UTC")
        if hours <= 0:
            return start
        left = timedelta(hours=hours)
        for interval_start, interval_end in self._cdm_intervals_from(start, tz):
            if interval_end - interval_start >= left:
                return (interval_start + left).replace(microsecond=0)
            left -= interval_end - interval_start
        raise UserError(_("No deadline within ten years of working hours %s.") % self.name)

    def cdm_work_hours(self, start, end, tz_name):
        """Working hours between ``start`` and ``end`` (0 if end comes first)."""
        tz = pytz.timezone(tz_name or "UTC")
        if not start or not end or end <= start:
            return 0.0
        total = timedelta()
        for interval_start, interval_end in self._cdm_intervals_from(start, tz):
            if interval_start >= end:
                break
            total += min(interval_end, end) - interval_start
        return round(total.total_seconds() / 3600.0, 4)
