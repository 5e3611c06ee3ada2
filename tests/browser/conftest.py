"""The browser suite: one Chromium, one context per demo role, reused across languages.

tools/browser.sh starts the Odoo server on its own throwaway database with demo data and
Simplified Chinese and passes its address in CDM_BROWSER_URL.
"""
import os
import sys
import time

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.dirname(__file__))

from odoo_web import PAGE_LIMIT, TIMINGS, Walk, rpc  # noqa: E402

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
LANGS = {"en": "en_US", "zh": "zh_CN"}
STARTED = time.monotonic()


def pytest_configure(config):
    if "CDM_BROWSER_URL" not in os.environ:
        raise pytest.UsageError("Run the browser suite with tools/browser.sh (make test runs it).")


def pytest_collection_modifyitems(items):
    """English walks first, then Chinese ones: each role's page changes language once."""
    order = list(LANGS)
    items.sort(key=lambda item: order.index(getattr(item, "callspec", None) and
                                            item.callspec.params.get("lang") or "en"))


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CDM_CHROMIUM", "/usr/bin/chromium"), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def warm(browser):
    """The first page after the server starts builds the asset bundles: not a page time."""
    start = time.monotonic()
    context = browser.new_context()
    page = context.new_page()
    walk = Walk(page, "admin", "en")
    try:
        walk.login("admin", "admin", timeout=240000, kind="warm-up")
    except Exception:
        page.screenshot(path="/tmp/cdm-browser-warm.png")
        raise
    context.close()
    print("  assets built and first login in %.1f s (not counted as a page)" % (time.monotonic() - start))
    del TIMINGS[:]


_CONTEXTS = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.walk_failed = report.failed


@pytest.fixture
def as_user(browser, warm, request):
    """as_user(login, lang) -> a Walk logged in as that demo user, in that language."""
    walks = []

    def _as(login, lang):
        rpc("admin", "admin", "res.users", "write",
            [rpc("admin", "admin", "res.users", "search", [("login", "=", login)])[0]],
            {"lang": LANGS[lang]})
        if login not in _CONTEXTS:
            context = browser.new_context(viewport={"width": 1366, "height": 800}, accept_downloads=True)
            _CONTEXTS[login] = {"context": context, "page": context.new_page(), "lang": None}
        state = _CONTEXTS[login]
        walk = Walk(state["page"], login, lang, os.environ.get("CDM_SCREENSHOTS") or None)
        walks.append(walk)
        if state["lang"] == lang and not walk.in_dialog():
            # Logged in already, in this language: the walk goes on from the menus.
            return walk
        walk.login(login, login)
        state["lang"] = lang
        return walk

    yield _as
    defects = [defect for walk in walks for defect in walk.defects]
    for walk in walks:
        if getattr(request.node, "walk_failed", False):
            # What the screen showed when the walk failed, beside the server's log.
            path = os.path.join(os.environ.get("CDM_BROWSER_ARTIFACTS") or "/tmp",
                                "cdm-browser-%s.png" % request.node.name.replace("/", "_"))
            walk.page.screenshot(path=path)
            print("  screenshot of the failure: %s" % path)
            _CONTEXTS[walk.role]["lang"] = None  # the next walk starts from a new login
        walk.detach()
    if defects:
        pytest.fail("\n".join(defects))


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    write = terminalreporter.write_line
    write("")
    write("Page load times (limit %.1f s per page on the demo data):" % PAGE_LIMIT)
    for role, lang, label, seconds, kind in TIMINGS:
        write("  %-8s %-3s %-60s %5.2f s%s" % (
            role, lang, label, seconds, "" if kind == "page" else " (%s)" % kind))
    pages = sorted((t for t in TIMINGS if t[4] == "page"), key=lambda t: -t[3])
    write("Slowest pages:")
    for role, lang, label, seconds, _kind in pages[:10]:
        write("  %5.2f s  %s/%s %s" % (seconds, role, lang, label))
    write("%d pages and actions timed; the browser walk took %.0f s" % (
        len(TIMINGS), time.monotonic() - STARTED))
