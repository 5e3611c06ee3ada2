"""A person at the Odoo 11 web client, for the browser suite.

Every action waits until the client is idle (no request in flight) and records how long
the page took; every action checks that nothing went wrong behind the screen: no
JavaScript error, no HTTP 500, no "Odoo Server Error" dialog, no failed RPC that the walk
did not expect as a refusal.
"""
import contextlib
import json
import os
import re
import time
import urllib.request

PAGE_LIMIT = float(os.environ.get("CDM_PAGE_LIMIT") or 3.0)  # seconds a page may take on the demo data
QUIET = 0.25  # seconds without a request before the client counts as idle

# Where the numbers go: (role, lang, label, seconds, kind).
TIMINGS = []

# Exceptions the module raises to refuse something: a business refusal, not a crash.
REFUSAL_TYPES = {"user_error", "validation_error", "warning", "access_error", "except_orm"}
SERVER_ERROR_TITLES = ("Odoo Server Error", "Odoo Error", "Odoo 服务器错误", "服务器错误")


class WalkError(AssertionError):
    pass


def url():
    return os.environ["CDM_BROWSER_URL"]


def db():
    return os.environ["CDM_BROWSER_DB"]


def rpc(login, password, model, method, *args, **kwargs):
    """JSON-RPC as a user: what the walk prepares or checks beside the screens."""
    payload = {"jsonrpc": "2.0", "method": "call", "params": {
        "service": "object", "method": "execute_kw",
        "args": [db(), uid_of(login, password), password, model, method, list(args), kwargs]}}
    return _post("/jsonrpc", payload)


_UIDS = {}
_TRANSLATIONS = {}


def translate(lang, text, module="customer_dev_maint"):
    """The text as the screen shows it in lang: en as written; zh from the database's
    translations (the module's own first), which must exist."""
    if lang == "en":
        return text
    if (text, module) not in _TRANSLATIONS:
        rows = rpc("admin", "admin", "ir.translation", "search_read",
                   [("src", "=", text), ("lang", "=", "zh_CN"), ("value", "!=", False),
                    ("value", "!=", "")], fields=["value", "module"])
        if not rows:
            raise WalkError("No Simplified Chinese for %r" % text)
        own = [row for row in rows if row["module"] == module]
        _TRANSLATIONS[text, module] = (own or rows)[0]["value"]
    return _TRANSLATIONS[text, module]


def uid_of(login, password):
    if login not in _UIDS:
        _UIDS[login] = _post("/jsonrpc", {"jsonrpc": "2.0", "method": "call", "params": {
            "service": "common", "method": "login", "args": [db(), login, password]}})
    return _UIDS[login]


def _post(path, payload):
    request = urllib.request.Request(url() + path, json.dumps(payload).encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    if answer.get("error"):
        raise WalkError("RPC %s failed: %s" % (path, answer["error"]["data"]["message"]))
    return answer["result"]


class Walk:
    """One user's browser page, with the checks of every step."""

    def __init__(self, page, role, lang, shots_dir=None):
        self.page = page
        self.role = role
        self.lang = lang
        self.shots_dir = shots_dir
        self.inflight = set()
        self.last_activity = time.monotonic()
        self.errors = []
        self.refusals = []  # failed RPCs the walk expects, as (exception type, message)
        self.defects = []  # what fails the walk at its end
        self.expecting = 0
        self.listeners = [("request", self._on_request), ("requestfinished", self._on_done),
                          ("requestfailed", self._on_done), ("response", self._on_response),
                          ("console", self._on_console), ("pageerror", self._on_pageerror),
                          ("download", self._on_download)]
        self.downloads = []
        for event, handler in self.listeners:
            page.on(event, handler)

    def detach(self):
        """The page is reused by the next walk: stop listening."""
        for event, handler in self.listeners:
            self.page.remove_listener(event, handler)

    def _on_pageerror(self, exc):
        self.errors.append("JavaScript error: %s" % exc)

    def _on_download(self, download):
        self.downloads.append(download)

    # ---- what happens behind the screen
    def _on_request(self, request):
        if "/longpolling/" in request.url:
            return  # the bus waits for notifications for up to a minute: not loading
        self.inflight.add(request)
        self.last_activity = time.monotonic()

    def _on_done(self, request):
        self.inflight.discard(request)
        self.last_activity = time.monotonic()

    def _on_response(self, response):
        if response.status >= 500:
            self.errors.append("HTTP %s on %s" % (response.status, response.url))

    def _on_console(self, msg):
        if msg.type != "error":
            return
        text = msg.text
        if text.startswith("Server application error"):
            try:
                error = json.loads(text[len("Server application error"):].strip())
                data = error.get("data", {})
                kind, message = data.get("exception_type"), data.get("message", "")
            except ValueError:
                kind, message = None, text
            if self.expecting and kind in REFUSAL_TYPES:
                self.refusals.append((kind, message))
                return
            self.errors.append("Server error (%s): %s" % (kind, message[:2000]))
            return
        if "favicon" in text:
            return
        self.errors.append("Console error: %s" % text)

    def expect(self, condition, message):
        """An assertion the rest of the walk does not depend on: it fails the walk at its
        end, after the other steps ran."""
        if not condition:
            self.defects.append("[%s/%s] %s" % (self.role, self.lang, message))
            print("  %-8s %-5s FAILED CHECK: %s" % (self.role, self.lang, message))

    def date(self, day):
        """A date as this walk's user types it (the language's date format)."""
        return day.strftime({"en": "%m/%d/%Y", "zh": "%Y年%m月%d日"}[self.lang])

    def stage(self):
        """The status the form's status bar shows as current."""
        return self.form().locator(".o_statusbar_status button.btn-primary").first.inner_text().strip()

    def check(self, where=""):
        """Fail on anything that went wrong so far, and on an error dialog on screen."""
        if not self.expecting:
            for title in self.dialog_titles():
                if any(t in title for t in SERVER_ERROR_TITLES):
                    body = self.page.locator(
                        ".modal.in > .modal-dialog > .modal-content > .modal-body").last.inner_text()
                    self.errors.append("Dialog %r: %s" % (title, body[:1500]))
        if self.errors:
            errors, self.errors = self.errors, []
            raise WalkError("%s [%s/%s] %s:\n%s" % (
                "Error behind the screen", self.role, self.lang, where, "\n".join(errors)))

    def dialog_titles(self):
        titles = self.page.locator(".modal.in > .modal-dialog > .modal-content > .modal-header .modal-title")
        return [t.strip() for t in titles.all_inner_texts()]

    # ---- waiting and timing
    def idle(self, timeout=60.0):
        deadline = time.monotonic() + timeout
        while True:
            self.page.wait_for_timeout(50)
            quiet = time.monotonic() - self.last_activity
            if not self.inflight and quiet >= QUIET:
                return
            if time.monotonic() > deadline:
                raise WalkError("[%s/%s] the client is still busy after %.0f s: %s" % (
                    self.role, self.lang, timeout, [r.url for r in self.inflight]))

    @contextlib.contextmanager
    def step(self, label, kind="page"):
        """A user action: timed until the client is idle again, then checked."""
        start = time.monotonic()
        yield
        self.idle()
        seconds = max(0.0, time.monotonic() - start - QUIET)
        TIMINGS.append((self.role, self.lang, label, seconds, kind))
        print("  %-8s %-5s %-58s %5.2f s%s" % (self.role, self.lang, label, seconds,
                                                "" if kind == "page" else " (%s)" % kind))
        self.check(label)
        if kind == "page" and seconds > PAGE_LIMIT:
            raise WalkError("[%s/%s] %s took %.2f s (limit %.1f s on the demo data)" % (
                self.role, self.lang, label, seconds, PAGE_LIMIT))

    @contextlib.contextmanager
    def refusal(self, *expected, shot=None):
        """The next action is refused by the server: a dialog that reads as a refusal
        (not "Odoo Server Error"), with the expected words, closed by the user."""
        self.expecting += 1
        self.refusals = []
        try:
            yield
            self.idle()
            dialog = self.page.locator(".modal.in > .modal-dialog").last
            dialog.wait_for(state="visible", timeout=10000)
            title = dialog.locator(":scope > .modal-content > .modal-header .modal-title")
            title = title.inner_text().strip()
            body = dialog.locator(":scope > .modal-content > .modal-body").inner_text()
            if not self.refusals:
                raise WalkError("[%s/%s] expected a refusal with %r, no refusal came (dialog %r: %s)"
                                % (self.role, self.lang, expected, title, body[:500]))
            if any(t in title for t in SERVER_ERROR_TITLES):
                # Checked again when the walk ends, so that the rest of the walk still runs.
                self.defects.append("[%s/%s] a refusal is titled %r, it reads as a crash: %s" % (
                    self.role, self.lang, title, " ".join(body.split())[:300]))
            for words in expected:
                if words not in body:
                    raise WalkError("[%s/%s] refusal dialog %r does not say %r: %s" % (
                        self.role, self.lang, title, words, body[:500]))
            if shot:
                self.shot(shot)
            print("  %-8s %-5s refused as expected: %s | %s" % (
                self.role, self.lang, title, " ".join(body.split())[:150]))
            dialog.locator(":scope > .modal-content > .modal-footer button").first.click()
            dialog.wait_for(state="hidden", timeout=10000)
        finally:
            self.expecting -= 1
        self.check("after the refusal")

    # ---- navigation
    def login(self, login, password, timeout=30000, kind="login"):
        with self.step("log in", kind=kind):
            self.page.goto("%s/web/login?db=%s" % (url(), db()), timeout=timeout)
            self.page.fill("input[name=login]", login)
            self.page.fill("input[name=password]", password)
            self.page.click("button[type=submit]", timeout=timeout)
            self.page.wait_for_selector(".o_web_client .o_main_content .o_content", state="attached",
                                        timeout=timeout)

    def reload(self, label="reload"):
        """The browser's reload: the web client starts again on the same record."""
        with self.step(label, kind="login"):
            self.page.reload()
            self.page.wait_for_selector(".o_web_client .o_main_content .o_content .o_view_manager_content")

    def menu(self, *xmlids, label=None):
        """Click the app menu, then each menu down to the action; returns its text."""
        text = ""
        for xmlid in xmlids:
            link = self.page.locator('a[data-menu-xmlid="customer_dev_maint.%s"]' % xmlid).first
            if not link.is_visible():
                # A sub-menu of the left bar hidden under its section: open the app first.
                root = self.page.locator('a[data-menu-xmlid="customer_dev_maint.menu_root"]').first
                root.click()
                self.idle()
            text = link.inner_text().strip()
            with self.step(label or "menu %s" % text):
                link.click()
        return text

    def breadcrumb(self):
        return self.page.locator(".o_control_panel .breadcrumb li").last.inner_text().strip()

    # ---- views
    def view(self):
        return self.page.locator(".o_main_content .o_content").last

    def form(self):
        return self.page.locator(".o_form_view").last

    def field(self, name, scope=None):
        if scope is None:
            scope = self.dialog() if self.in_dialog() else self.form()
        return scope.locator('.o_field_widget[name="%s"]' % name).first

    def in_dialog(self):
        return self.page.locator(".modal.in > .modal-dialog").count() > 0

    def dialog(self):
        return self.page.locator(".modal.in > .modal-dialog").last

    def footer(self):
        return self.dialog().locator(":scope > .modal-content > .modal-footer")

    def fill(self, name, value):
        widget = self.field(name)
        widget.wait_for(state="visible", timeout=10000)
        tag = widget.evaluate("e => e.tagName")
        target = widget if tag in ("INPUT", "TEXTAREA") else widget.locator("input, textarea").first
        target.fill(value)
        target.dispatch_event("change")
        self.idle()

    def select(self, name, label):
        widget = self.field(name)
        widget.select_option(label=label)
        self.idle()

    def many2one(self, name, text):
        widget = self.field(name)
        box = widget.locator("input").first
        box.click()
        box.fill(text)
        self.idle()
        item = self.page.locator("ul.ui-autocomplete:visible li a", has_text=text).first
        item.click()
        self.idle()

    def text_of(self, name):
        return self.field(name).inner_text().strip()

    def tab(self, label):
        self.form().locator(".o_notebook .nav-tabs a", has_text=label).first.click()
        self.idle()

    def tr(self, text, module="customer_dev_maint"):
        """The text as the screen shows it in this walk's language."""
        return translate(self.lang, text, module)

    def button(self, text, label=None, kind="page", scope=None, exact=True):
        """Press the visible button that reads text (translated)."""
        if scope is None:
            scope = self.dialog() if self.in_dialog() else self.page.locator(".o_main_content")
        shown = self.tr(text)
        pattern = re.compile(r"^\s*%s\s*$" % re.escape(shown)) if exact else shown
        target = scope.locator("button:visible:not(.o_arrow_button)").filter(has_text=pattern).first
        with self.step(label or "button %s" % text, kind=kind):
            target.click()

    def cp_button(self, which):
        """The control panel's Create / Edit / Save / Discard."""
        return self.page.locator(".o_cp_buttons .o_%s:visible" % which).first

    def create(self, label="new record"):
        with self.step(label):
            self.page.locator(".o_cp_buttons .o_form_button_create:visible, "
                              ".o_cp_buttons .o_list_button_add:visible, "
                              ".o_cp_buttons .o-kanban-button-new:visible").first.click()
            self.page.wait_for_selector(".o_form_view.o_form_editable")

    def edit(self):
        with self.step("edit", kind="action"):
            self.cp_button("form_button_edit").click()
            self.page.wait_for_selector(".o_form_view.o_form_editable")

    def save(self, label="save"):
        with self.step(label, kind="action"):
            self.cp_button("form_button_save").click()
        if self.page.locator(".o_form_view.o_form_editable").count():
            raise WalkError("[%s/%s] the form did not save (%s)" % (
                self.role, self.lang, self.page.locator(".o_form_view").last.inner_text()[:300]))

    def open_row(self, text, label=None):
        with self.step(label or "open %s" % text):
            self.page.locator(".o_data_row, .o_kanban_record", has_text=text).first.click()
            self.page.wait_for_selector(".o_form_view")

    def search(self, text):
        box = self.page.locator(".o_searchview_input").first
        box.fill(text)
        with self.step("search %s" % text):
            box.press("Enter")

    def statusbar(self, value_text, label=None, kind="action"):
        with self.step(label or "status %s" % value_text, kind=kind):
            self.form().locator(".o_statusbar_status button", has_text=value_text).first.click()

    def see(self, *texts, scope=None):
        """The screen shows each text."""
        scope = scope or self.page.locator("body")
        shown = " ".join(scope.all_inner_texts())
        for text in texts:
            if text not in shown:
                raise WalkError("[%s/%s] the screen does not show %r:\n%s" % (
                    self.role, self.lang, text, re.sub(r"\s+", " ", shown)[:1500]))

    def split_words(self, selector):
        """The words (runs of text between spaces) that the screen breaks over two lines or
        more in the visible elements matching selector: [(text of the element, lines as
        shown)]. In Chinese a word is a run of characters, so 问/题 is a split word."""
        return self.page.evaluate("""selector => {
            var split = [];
            document.querySelectorAll(selector).forEach(function (cell) {
                if (!cell.offsetParent) return;
                var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                var node, lines = [], last = null, broken = false;
                while ((node = walker.nextNode())) {
                    for (var i = 0; i < node.nodeValue.length; i++) {
                        var range = document.createRange();
                        range.setStart(node, i);
                        range.setEnd(node, i + 1);
                        var rect = range.getClientRects()[0];
                        var space = /\\s/.test(node.nodeValue[i]);
                        if (!rect || space) { last = space ? null : last; continue; }
                        var top = Math.round(rect.top);
                        if (last !== null && top !== last) broken = true;
                        if (!lines.length || lines[lines.length - 1].top !== top) {
                            lines.push({top: top, text: ''});
                        }
                        lines[lines.length - 1].text += node.nodeValue[i];
                        last = top;
                    }
                }
                if (broken) {
                    var shown = lines.map(function (line) { return line.text; });
                    split.push([cell.innerText.trim(), shown.join(' / ')]);
                }
            });
            return split;
        }""", selector)

    def shot(self, name):
        """A screenshot for the guides (make screenshots): docs/img/<name>[-zh].png."""
        if not self.shots_dir:
            return
        suffix = "-zh" if self.lang == "zh" else ""
        self.page.screenshot(path=os.path.join(self.shots_dir, "%s%s.png" % (name, suffix)))
