"""Tests through a running server: Odoo's WSGI application served over HTTP on
a free port of 127.0.0.1, in the test process, as ``odoo-bin`` serves it.

The registry is in Odoo's test mode for each test: every request and the
test itself share one cursor whose commits are savepoints, so what a test
prepares is seen by the requests and everything is rolled back afterwards.
The shared cursor serialises its users: the test holds it only inside
``with self.db() as env:`` blocks, never while a request runs."""
import contextlib
import threading

import requests
from werkzeug.serving import make_server

import odoo
from odoo import api
from odoo.service import wsgi_server
from odoo.tests.common import TransactionCase, get_db_name

_server = {}


def server_url():
    """The base URL of the server, started once per test process."""
    if "url" not in _server:
        httpd = make_server("127.0.0.1", 0, wsgi_server.application, threaded=True)
        thread = threading.Thread(target=httpd.serve_forever, name="cdm-test-http", daemon=True)
        thread.start()
        _server.update(httpd=httpd, thread=thread, url="http://127.0.0.1:%s" % httpd.server_port)
    return _server["url"]


class ServerCase(TransactionCase):
    """A test that talks to the server over HTTP as a browser or an RPC
    client does, each with its own session (``self.browser()``)."""

    def setUp(self):
        super().setUp()
        self.dbname = get_db_name()
        self.url = server_url()
        self.registry.enter_test_mode()
        self.addCleanup(self.registry.leave_test_mode)

    @contextlib.contextmanager
    def db(self, uid=odoo.SUPERUSER_ID, context=None):
        """An environment on the cursor the requests share; what is done in
        it is kept for the requests that follow (until the test ends)."""
        cr = self.registry.cursor()
        try:
            yield api.Environment(cr, uid, dict(context or {}, tracking_disable=True))
            cr.commit()
        finally:
            cr.close()

    def browser(self, login=None, password=None):
        """A new HTTP session, logged in as ``login`` when given."""
        session = requests.Session()
        session.get(self.url + "/web/login", params={"db": self.dbname}, timeout=120)
        if login:
            answer = self.json(session, "/web/session/authenticate", {
                "db": self.dbname, "login": login, "password": password or login})
            self.assertTrue(answer.get("result", {}).get("uid"), "%s logs in: %s" % (login, answer))
        return session

    def json(self, session, path, params):
        """A JSON-RPC call of the web client; the decoded answer."""
        response = session.post(self.url + path, json={
            "jsonrpc": "2.0", "method": "call", "id": 1, "params": params}, timeout=60)
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()

    def call_kw(self, session, model, method, args, kwargs=None):
        """What the web client sends for a model method (a button, a save,
        an import): the decoded answer, ``result`` or ``error``."""
        return self.json(session, "/web/dataset/call_kw/%s/%s" % (model, method), {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {}})
