"""M9: the "Update Notice Due" filter answers an operator it does not take
with a message the user understands."""
from odoo.exceptions import UserError

from .maintenance_common import MaintenanceCase


class TestUpdateNoticeDueFilter(MaintenanceCase):

    def test_unsupported_operator_is_refused_clearly(self):
        Partner = self.env["res.partner"].sudo(self.maint1)
        with self.assertRaisesRegex(UserError, "is true"):
            Partner.search([("update_notice_due", "in", [True])])
        self.freeze_today("2026-06-01")
        due = self.make_customer("Due Co", tier=self.tier_key, sync=False)
        self.assertIn(due, Partner.search([("update_notice_due", "=", True)]))
        self.assertNotIn(due, Partner.search([("update_notice_due", "!=", True)]))
