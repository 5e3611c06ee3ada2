"""Fix the policy's "today" in a test, so no result depends on the clock."""
from unittest import mock


def freeze_today(env, day):
    """Context manager: ``cdm.policy.today()`` answers ``day`` (YYYY-MM-DD)."""
    return mock.patch.object(type(env["cdm.policy"]), "today",
                             lambda self, company=None, now=None: day)
