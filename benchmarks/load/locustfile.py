"""Simulated staff of the load test (tools/load.sh), for Locust.

Each simulated person logs in on one of the two nodes (by turns) and does the
daily work of a role through the JSON-RPC calls the web client makes:
/web/session/authenticate, load_views for the list and form (their fields are
those the web client reads), /web/dataset/search_read for lists, call_kw
read/create/write/message_post, /web/dataset/call_button for buttons.

Every write the server acknowledged is appended to CDM_LOAD_ACKED (one JSON
object a line) for the checks after the run: what was created, the last value
each person wrote on the records only that person writes, each message posted,
each update notice sent. A request that fails is a Locust failure named by its
cause: "serialization failure" (PostgreSQL refused a concurrent update and the
request was not retried to success), "node down" (the node does not answer: the
person then works on the other node, as behind a load balancer), or the server's
exception name.
"""
import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, task

HOSTS = os.environ["CDM_LOAD_HOSTS"].split(",")
DB = os.environ["CDM_LOAD_DB"]
with open(os.environ["CDM_LOAD_PREPARED"]) as _prepared:
    PREPARED = json.load(_prepared)
ACKED = open(os.environ["CDM_LOAD_ACKED"], "a", buffering=1)  # noqa: SIM115 (open for the run)
COUNTERS = {role: itertools.count() for role in ("development", "maintenance", "manager")}
N_DEV, N_MAINT, N_MANAGER = (int(n) for n in os.environ.get("CDM_LOAD_USERS", "6,6,2").split(","))
SERIALIZATION_MARKS = ("TransactionRollbackError", "could not serialize", "concurrent update",
                       "deadlock detected", "LockNotAvailable", "could not obtain lock")


def token(kind):
    return "LOAD %s %s" % (kind, uuid.uuid4().hex[:12])


def acknowledge(**entry):
    ACKED.write(json.dumps(entry) + "\n")


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = None

    def on_start(self):
        n = next(COUNTERS[self.role])
        logins = PREPARED["roles"][self.role]
        self.login = logins[n % len(logins)]
        self.node = n % len(HOSTS)
        self.uid, self.ctx, self.fields = None, {}, {}
        self.ids = {}
        self.own = {}
        self.authenticate()

    # --- JSON-RPC ------------------------------------------------------------------

    def rpc(self, name, path, params):
        """POST a JSON-RPC call to this person's node; the result, or None when it
        failed (counted as a Locust failure named by its cause)."""
        payload = {"jsonrpc": "2.0", "method": "call", "params": params,
                   "id": random.randint(1, 10 ** 9)}
        with self.client.post(HOSTS[self.node] + path, json=payload, name=name,
                              catch_response=True) as response:
            if response.status_code == 0 or response.status_code >= 502:
                response.failure("node down")
                self.node = (self.node + 1) % len(HOSTS)
                return None
            try:
                data = response.json()
            except ValueError:
                response.failure("HTTP %s" % response.status_code)
                return None
            error = data.get("error")
            if error:
                detail = error.get("data") or {}
                text = "%s %s" % (detail.get("name", ""), detail.get("message", ""))
                if any(mark in text for mark in SERIALIZATION_MARKS):
                    response.failure("serialization failure")
                elif "SessionExpired" in text:
                    response.failure("session expired")
                    self.uid = None
                else:
                    response.failure("server error: %s" % (detail.get("name") or error.get("message")))
                return None
            response.success()
            return data.get("result")

    def authenticate(self):
        result = self.rpc("login", "/web/session/authenticate",
                          {"db": DB, "login": self.login, "password": self.login})
        if result and result.get("uid"):
            self.uid = result["uid"]
            self.ctx = result.get("user_context") or {}
        return self.uid

    def call_kw(self, name, model, method, args, **kwargs):
        if not self.uid and not self.authenticate():
            return None
        kwargs["context"] = dict(self.ctx, **kwargs.get("context", {}))
        return self.rpc(name, "/web/dataset/call_kw/%s/%s" % (model, method),
                        {"model": model, "method": method, "args": args, "kwargs": kwargs})

    def view_fields(self, model, view_type):
        """The fields of the model's list or form view, as the web client reads them."""
        key = (model, view_type)
        if key not in self.fields:
            result = self.call_kw("load views", model, "load_views", [],
                                  views=[[False, "list"], [False, "form"]],
                                  options={"toolbar": True, "load_filters": True})
            if not result:
                return None
            for kind in ("list", "form"):
                self.fields[(model, kind)] = sorted(result["fields_views"][kind]["fields"])
        return self.fields[key]

    def open_list(self, name, model, domain, limit=80):
        fields = self.view_fields(model, "list")
        if not self.uid or fields is None:
            return None
        result = self.rpc(name, "/web/dataset/search_read",
                          {"model": model, "fields": fields, "domain": domain,
                           "context": self.ctx, "offset": 0, "limit": limit, "sort": ""})
        if result:
            self.ids[model] = [record["id"] for record in result["records"]]
        return result

    def open_form(self, name, model, record_id=None):
        record_id = record_id or (random.choice(self.ids[model]) if self.ids.get(model) else None)
        fields = self.view_fields(model, "form")
        if record_id and fields is not None:
            self.call_kw(name, model, "read", [[record_id], fields])

    def create(self, name, model, values, kind):
        value = token(kind)
        values = dict(values, name=value)
        record_id = self.call_kw(name, model, "create", [values])
        if record_id:
            acknowledge(kind="create", login=self.login, model=model, id=record_id, field="name",
                        value=value)
            self.own.setdefault(model, []).append(record_id)
        return record_id

    def write_own(self, name, model, field, html=False):
        """Write a new value on a record this person created (nobody else writes it)."""
        if not self.own.get(model):
            return
        record_id = random.choice(self.own[model])
        value = token("write")
        written = "<p>%s</p>" % value if html else value
        if self.call_kw(name, model, "write", [[record_id], {field: written}]):
            acknowledge(kind="write", login=self.login, model=model, id=record_id, field=field,
                        value=value)

    def post_note(self, name, model):
        if not self.own.get(model):
            return
        record_id = random.choice(self.own[model])
        value = token("note")
        message_id = self.call_kw(name, model, "message_post", [record_id],
                                  body="<p>%s</p>" % value, message_type="comment",
                                  subtype="mail.mt_note")
        if message_id:
            acknowledge(kind="message", login=self.login, model=model, res_id=record_id,
                        id=message_id, value=value)


class Development(Staff):
    """Customer Development: the pipeline, leads, notes."""
    role = "development"
    fixed_count = N_DEV

    @task(4)
    def pipeline(self):
        self.open_list("development: opportunity list", "crm.lead", [["type", "=", "opportunity"]])

    @task(4)
    def open_deal(self):
        self.open_form("development: opportunity form", "crm.lead")

    @task(2)
    def create_lead(self):
        partner = random.choice(self.ids.get("crm.lead") or [False])
        values = {"type": "lead", "description": "Met at the trade fair."}
        if partner:
            values["planned_revenue"] = 1000 + partner % 97 * 100
        self.create("development: create lead", "crm.lead", values, "lead")

    @task(2)
    def update_lead(self):
        self.write_own("development: write lead", "crm.lead", "description")

    @task(2)
    def note(self):
        self.post_note("development: log note", "crm.lead")


class Maintenance(Staff):
    """Customer Maintenance: tickets, revisits, customers."""
    role = "maintenance"
    fixed_count = N_MAINT

    def customers(self):
        if "res.partner" not in self.ids:
            self.open_list("maintenance: my customers", "res.partner",
                           [["maintenance_user_id", "=", self.uid], ["parent_id", "=", False]])
        return self.ids.get("res.partner") or []

    @task(4)
    def tickets(self):
        self.open_list("maintenance: ticket list", "helpdesk.ticket", [])

    @task(3)
    def open_ticket(self):
        self.open_form("maintenance: ticket form", "helpdesk.ticket")

    @task(2)
    def create_ticket(self):
        customers = self.customers()
        if customers:
            self.create("maintenance: create ticket", "helpdesk.ticket",
                        {"partner_id": random.choice(customers),
                         "description": "<p>The customer reports a fault.</p>"}, "ticket")

    @task(2)
    def note(self):
        self.post_note("maintenance: log note on ticket", "helpdesk.ticket")

    @task(2)
    def revisits(self):
        self.open_list("maintenance: planned revisits", "cdm.revisit",
                       [["state", "=", "planned"], ["user_id", "=", self.uid]])

    @task(2)
    def customer(self):
        customers = self.customers()
        if customers:
            self.open_form("maintenance: customer form", "res.partner", random.choice(customers))


class Manager(Staff):
    """The Customer Relations manager: customers, update notices."""
    role = "manager"
    fixed_count = N_MANAGER

    @task(3)
    def customer_list(self):
        self.open_list("manager: customer list", "res.partner",
                       [["maintenance_user_id", "!=", False], ["parent_id", "=", False]])

    @task(3)
    def customer(self):
        self.open_form("manager: customer form", "res.partner")

    @task(1)
    def send_notice(self):
        """An update notice to 150 customers: over the send-now limit, so queued
        for the notice job (the button the wizard shows, then its result read)."""
        if "customers" not in self.own:
            self.own["customers"] = self.call_kw("manager: search customers", "res.partner",
                                                 "search", [[["maintenance_user_id", "!=", False],
                                                             ["parent_id", "=", False]]],
                                                 limit=2000) or []
        if len(self.own["customers"]) < 1:
            return
        chosen = random.sample(self.own["customers"], min(150, len(self.own["customers"])))
        subject = token("notice")
        wizard = self.call_kw("manager: notice wizard", "cdm.update.notice.wizard", "create",
                              [{"subject": subject, "body_html": "<p>%s</p>" % subject,
                                "partner_ids": [[6, 0, chosen]]}])
        if not wizard:
            return
        sent = self.rpc("manager: send notice", "/web/dataset/call_button",
                        {"model": "cdm.update.notice.wizard", "method": "action_send",
                         "domain_id": None, "context_id": 1, "args": [[wizard], self.ctx]})
        if sent is None:
            return
        read = self.call_kw("manager: notice result", "cdm.update.notice.wizard", "read",
                            [[wizard], ["notice_id", "queued_count"]])
        if read and read[0]["notice_id"]:
            acknowledge(kind="notice", login=self.login, id=read[0]["notice_id"][0],
                        value=subject, recipients=len(chosen))
