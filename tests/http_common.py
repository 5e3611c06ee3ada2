"""Requests to a running Odoo server that sees the tests' data.

Odoo 11's HttpCase needs the server its own test runner starts, and its
fixtures live in another transaction than the server's. Here the server is
Odoo's own (``ThreadedServer``, as ``odoo-bin`` serves), started once per test
process on a free 127.0.0.1 port, and the registry's test mode makes a test
class and every request share one transaction, rolled back at the end of the
class: nothing the tests create is ever committed."""
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
    """Mixed into a SavepointCase-based class (first in the bases), such as the
    role bases of ``*_common.py``: the class's cursor is the registry's test
    cursor that requests share, so the class's fixtures and users are what the
    server sees.

    A request ends by rolling back to the last commit, and its commit is a
    savepoint of the test cursor: what a test prepares for a request is
    committed first (``self.cr.commit()``; the fixtures of ``setUpClass`` are).
    Tests of such a class do not roll back one by one: keep them to reading
    (and to what the server writes by itself, such as access log rows)."""

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
        cls._http_passwords = set()
        cls.cr.commit()  # the fixtures survive a request's rollback
        cls.cr.release()  # requests take the cursor in turn

    @classmethod
    def tearDownClass(cls):
        cls.cr.acquire()
        try:
            super().tearDownClass()
        finally:
            cls.registry.leave_test_mode()

    def setUp(self):  # no per-test savepoint: a request's commit releases it
        pass

    def tearDown(self):
        self.env.clear()

    def url(self, path):
        return "http://127.0.0.1:%s%s" % (self.port, path)

    def anonymous_session(self):
        """A new HTTP session on this database, logged in as nobody (the login page's)."""
        session = requests.Session()
        response = session.get(self.url("/web/login"), params={"db": self.cr.dbname}, timeout=120)
        self.assertEqual(response.status_code, 200, response.text[:500])
        return session

    def session_of(self, user, password="secret-pw"):
        """A new logged-in HTTP session of ``user``."""
        if user.id not in self._http_passwords:
            user.sudo().write({"password": password})
            self.cr.commit()
            self._http_passwords.add(user.id)
        session = requests.Session()
        answer = self.json_call(session, "/web/session/authenticate",
                                db=self.cr.dbname, login=user.login, password=password)
        self.assertEqual((answer.get("result") or {}).get("uid"), user.id, "%s logs in: %s" % (
            user.login, answer))
        return session

    def json_call(self, session, path, **params):
        """A JSON-RPC call of the web client: the decoded answer, ``result`` or ``error``."""
        response = session.post(self.url(path), json={
            "jsonrpc": "2.0", "method": "call", "params": params}, timeout=60)
        response.raise_for_status()
        return response.json()

    def call_kw(self, session, model, method, args, kwargs=None):
        """What the web client sends for a model method (a button, a save, a read)."""
        return self.json_call(session, "/web/dataset/call_kw/%s/%s" % (model, method),
                              model=model, method=method, args=args, kwargs=kwargs or {})
