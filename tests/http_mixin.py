"""Requests to a running Odoo server that sees the tests' data.

Odoo 11's HttpCase needs the server its own test runner starts, and its
fixtures live in another transaction than the server's. Here the server runs
in this process on a free 127.0.0.1 port, and the registry's test mode makes
the test class and every request share one transaction, rolled back at the
end of the class: nothing the tests create is ever committed."""
import socket

import requests

import odoo
from odoo.service.server import ThreadedServer
from odoo.tools import config

_server = {}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_server_port():
    """Start the in-process HTTP server once; its port."""
    if "port" not in _server:
        config["http_interface"] = "127.0.0.1"
        config["http_port"] = _free_port()
        server = ThreadedServer(odoo.service.wsgi_server.application)
        server.http_spawn()
        _server.update(port=config["http_port"], server=server)
    return _server["port"]


class HttpMixin:
    """Mixed into a SavepointCase-based class (first in the bases): the
    class's cursor is the registry's test cursor that requests share.
    Requests commit (a savepoint of the test cursor), so tests of such a
    class do not roll back one by one: keep them to reading."""

    @classmethod
    def setUpClass(cls):
        cls.port = http_server_port()
        registry = odoo.registry(odoo.tests.common.get_db_name())
        registry.enter_test_mode()
        try:
            super().setUpClass()
        except Exception:
            registry.leave_test_mode()
            raise
        cls.cr.commit()  # the fixtures survive a request's rollback
        cls.cr.release()  # requests take the cursor in turn

    @classmethod
    def tearDownClass(cls):
        cls.cr.acquire()
        try:
            super().tearDownClass()
        finally:
            cls.registry.leave_test_mode()

    def setUp(self):  # no per-test savepoint: a request releases it
        pass

    def tearDown(self):
        self.env.clear()

    def session_of(self, user, password="secret-pw"):
        """A logged-in HTTP session of ``user``."""
        user.sudo().write({"password": password})
        self.cr.commit()
        session = requests.Session()
        response = session.post(self.url("/web/session/authenticate"), json={
            "jsonrpc": "2.0", "method": "call", "params": {
                "db": self.cr.dbname, "login": user.login, "password": password}}, timeout=60)
        response.raise_for_status()
        self.assertEqual(response.json()["result"]["uid"], user.id)
        return session

    def url(self, path):
        return "http://127.0.0.1:%s%s" % (self.port, path)

    def json_call(self, session, path, **params):
        response = session.post(self.url(path), json={
            "jsonrpc": "2.0", "method": "call", "params": params}, timeout=60)
        response.raise_for_status()
        return response.json()
