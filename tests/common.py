"""Shared fixtures: one user per policy role, built without demo data."""
from contextlib import contextmanager
from unittest import mock

from odoo.tests.common import SavepointCase

OPERATIONS = ("read", "write", "create", "unlink")


@contextmanager
def _test_transaction(log):
    yield log.env


class CustomerRelationsCase(SavepointCase):
    """Base of the module's tests: users per role, the two departments and a
    customer. Each test acts as the least-privileged user that should succeed
    (``self.env(user=...)``) and as one that should fail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # What the module writes in a transaction of its own (the log of a
        # refused access) is written in the test's: its rollback undoes it.
        cls._own_transaction_patch = mock.patch.object(
            type(cls.env["cdm.access.log"]), "_own_transaction", _test_transaction)
        cls._own_transaction_patch.start()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_create_nosubscribe=True, no_reset_password=True))
        Team = cls.env["crm.team"]
        cls.team_dev_east = Team.create({"name": "Dev East", "department_role": "development"})
        cls.team_dev_west = Team.create({"name": "Dev West", "department_role": "development"})
        cls.team_maint = Team.create({"name": "Maintenance", "department_role": "maintenance"})

        cls.dev1 = cls._make_user("dev1", "customer_dev_maint.group_development_user", cls.team_dev_east)
        cls.dev2 = cls._make_user("dev2", "customer_dev_maint.group_development_user", cls.team_dev_west)
        cls.maint1 = cls._make_user("maint1", "customer_dev_maint.group_maintenance_user", cls.team_maint)
        cls.maint2 = cls._make_user("maint2", "customer_dev_maint.group_maintenance_user", cls.team_maint)
        cls.manager = cls._make_user("manager", "customer_dev_maint.group_manager")
        cls.auditor = cls._make_user("auditor", "customer_dev_maint.group_auditor")
        cls.outsider = cls._make_user("outsider", "base.group_user")

        cls.customer = cls.env["res.partner"].create({
            "name": "Test Customer Co.", "is_company": True, "customer": True,
            "user_id": cls.dev1.id, "team_id": cls.team_dev_east.id,
            "maintenance_user_id": cls.maint1.id, "maintenance_team_id": cls.team_maint.id,
        })

    @classmethod
    def tearDownClass(cls):
        cls._own_transaction_patch.stop()
        super().tearDownClass()

    @classmethod
    def _make_user(cls, login, group_xmlid, team=None):
        return cls.env["res.users"].create({
            "name": login.title(),
            "login": "cdm_test_%s" % login,
            "email": "%s@example.com" % login,
            "sale_team_id": team.id if team else False,
            "groups_id": [(6, 0, [cls.env.ref(group_xmlid).id])],
        })

    def assertAccessRights(self, expected):
        """``expected`` maps model -> role (a user attribute of the case) ->
        the set of operations the role's access rights allow; every other
        operation must be refused. Lists every mismatch at once."""
        mismatches = []
        for model, by_role in expected.items():
            for role, allowed in by_role.items():
                records = self.env[model].sudo(getattr(self, role))
                for operation in OPERATIONS:
                    has = records.check_access_rights(operation, raise_exception=False)
                    if has != (operation in allowed):
                        mismatches.append("%s %s %s: %s" % (
                            role, "may" if has else "may not", operation, model))
        if mismatches:
            self.fail("Access rights differ from the role matrix:\n" + "\n".join(mismatches))

    def as_user(self, user, model):
        """``model`` as seen by ``user``, with the record rules applied."""
        return self.env[model].sudo(user)
