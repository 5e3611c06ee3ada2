"""What the module's scheduled jobs share."""


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
