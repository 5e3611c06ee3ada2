"""The database-error messages of ``sql_errors`` leave every other route of
the server as Odoo serves it: the login page and the company logo it loads
(``/web/binary/company_logo?dbname=<db>``, a route with its own ``dbname``
parameter) answer 200."""
from odoo.addons.customer_dev_maint import sql_errors
from odoo.service import model as service_model
from odoo.tests.common import SavepointCase

from .http_common import HttpMixin


class TestSqlErrorsHttp(HttpMixin, SavepointCase):

    def test_the_login_page_and_its_company_logo_answer(self):
        session = self.anonymous_session()
        login = session.get(self.url("/web/login"), params={"db": self.cr.dbname}, timeout=120)
        self.assertEqual(login.status_code, 200)
        self.assertIn("/web/binary/company_logo", login.text)
        logo = session.get(self.url("/web/binary/company_logo"),
                           params={"dbname": self.cr.dbname}, timeout=120)
        self.assertEqual(logo.status_code, 200, logo.text[:300])
        self.assertTrue(logo.headers["Content-Type"].startswith("image/"))

    def test_the_wrapper_takes_a_route_parameter_named_dbname(self):
        """Odoo's own wrapper names its argument ``___dbname``: ours too."""
        def route(___dbname, dbname=None):
            return dbname
        self.assertEqual(service_model.check(route)(self.cr.dbname, dbname="other"), "other")

    def test_another_database_keeps_odoo_behaviour(self):
        """A database without the module is served as Odoo serves it."""
        self.assertFalse(sql_errors._serves_this_module("cdm_no_such_database"))
        self.assertTrue(sql_errors._serves_this_module(self.cr.dbname))
