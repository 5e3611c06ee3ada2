"""The policy's roles, defined once: the two departments and who counts as a
Customer Relations manager."""
from odoo import SUPERUSER_ID

# The two departments of the policy (§2): a sales team's policy department,
# an appraisal's role and the KPI weights per role.
ROLES = [("development", "Customer Development"), ("maintenance", "Customer Maintenance")]

MANAGER_GROUP = "customer_dev_maint.group_manager"


def is_manager(env):
    """Whether the user of ``env`` acts as a Customer Relations manager: a
    member of the manager group, or the superuser (code acting for the
    company: scheduled jobs, data loading, the handover of a won deal). The
    one rule, with one superuser policy, behind every "only a manager" check."""
    return env.uid == SUPERUSER_ID or env.user.has_group(MANAGER_GROUP)
