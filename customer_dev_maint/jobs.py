"""What the module's scheduled jobs share.

A job takes the rows of its batch with ``FOR NO KEY UPDATE SKIP LOCKED``: a
second worker (another cron worker, another node) skips them, and staff are
not held up meanwhile. ``FOR UPDATE`` would also block every row that refers
to them (the foreign key check of an INSERT takes ``FOR KEY SHARE``): creating
a ticket or a lead for a customer of a revisit batch would wait for the whole
batch, and fail on a serialization error after it."""


def commit_batch(env, commit):
    """Commit a scheduled job's batch when ``commit``, so the work done
    survives a later failure and its row locks are released; returns whether
    it committed. The scheduled actions commit; callers that must leave the
    transaction to their own caller (tests, whose rollback must undo
    everything, buttons, benchmarks) pass ``commit=False``."""
    if not commit:
        return False
    env.cr.commit()  # pylint: disable=invalid-commit
    return True
