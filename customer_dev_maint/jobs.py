"""What the module's scheduled jobs share."""
import threading


def commit_batch(env, commit):
    """Commit a scheduled job's batch, so the work done survives a later
    failure and its row locks are released; returns whether it committed.

    Never inside tests: their rollback must undo everything, and Odoo 11's
    test cursors commit for real (its runner and pytest-odoo mark the thread
    with ``testing``)."""
    if not commit or getattr(threading.current_thread(), "testing", False):
        return False
    env.cr.commit()  # pylint: disable=invalid-commit
    return True
