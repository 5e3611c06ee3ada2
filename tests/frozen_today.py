"""Fix the policy's clock in a test, so no result depends on it."""
from unittest import mock

from odoo import fields


def freeze_today(env, day):
    """Context manager: ``cdm.policy.today()`` answers ``day`` (YYYY-MM-DD)."""
    return mock.patch.object(type(env["cdm.policy"]), "today",
                             lambda self, company=None, now=None: day)


def freeze_now(env, moment):
    """Context manager: the policy's clock (``cdm.policy._now``, behind
    "today", ticket events and the access log) answers ``moment``, a naive
    UTC datetime or its ``YYYY-MM-DD HH:MM:SS`` string."""
    if isinstance(moment, str):
        moment = fields.Datetime.from_string(moment)
    return mock.patch.object(type(env["cdm.policy"]), "_now", lambda self: moment)
