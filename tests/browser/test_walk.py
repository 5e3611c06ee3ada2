"""Each demo role's day through the screens, in English and in Simplified Chinese.

Each walk works on records of its own language (a new lead, a new complaint, a new
appraisal run...), so the two languages run on one database. Every step asserts on what
the screen shows; odoo_web.Walk fails the walk on any JavaScript error, HTTP 500 or
error dialog that is not an expected refusal, and on any page slower than 3 s.
"""
import datetime
import os
import re

import pytest
from odoo_web import rpc, translate

LANGS = ["en", "zh"]
TAG = {"en": "EN", "zh": "ZH"}

def tr(lang, text, module="customer_dev_maint"):
    return translate(lang, text, module)


def ref(xmlid):
    module, name = xmlid.split(".")
    rows = rpc("admin", "admin", "ir.model.data", "search_read",
               [("module", "=", module), ("name", "=", name)], fields=["res_id"], limit=1)
    return rows[0]["res_id"]


def stage_name(lang, xmlid):
    return rpc("admin", "admin", "crm.stage", "read", [ref(xmlid)], ["name"],
               context={"lang": "zh_CN" if lang == "zh" else "en_US"})[0]["name"]


# ---------------------------------------------------------------- every role lands on My Work
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("login", ["dev1", "maint1"])
def test_staff_land_on_my_work(as_user, login, lang):
    walk = as_user(login, lang)
    walk.see(tr(lang, "My Work"), scope=walk.page.locator(".o_control_panel .breadcrumb"))
    walk.shot("my-work-%s" % login)


# ---------------------------------------------------------------- dev1: a lead to a won deal
@pytest.mark.parametrize("lang", LANGS)
def test_dev1_scores_a_lead_and_wins_the_deal(as_user, lang):
    walk = as_user("dev1", lang)
    name = "Jade Tea Rooms %s: self-order kiosks" % TAG[lang]

    walk.menu("menu_development_leads")
    walk.create("new lead")
    walk.fill("name", name)
    walk.fill("partner_name", "Jade Tea Rooms %s" % TAG[lang])
    walk.save("save the lead")
    walk.see(name)

    # Screening: the criteria, a score for each, qualified.
    walk.tab(tr(lang, "Screening"))
    walk.button("Add Missing Criteria", label="add the screening criteria", kind="action")
    rows = walk.form().locator('.o_field_widget[name="screening_score_ids"] .o_data_row')
    count = rows.count()
    assert count >= 3, "the screening criteria were not added (%d rows)" % count
    walk.edit()
    for index in range(count):
        rows.nth(index).locator('td[data-field="score"], td.o_list_number').first.click()
        walk.idle()
        cell = walk.form().locator('.o_field_widget[name="screening_score_ids"] '
                                   '.o_selected_row .o_field_widget[name="score"]').first
        cell.fill("4")
        cell.dispatch_event("change")
        walk.idle()
    walk.save("save the scores")
    score = walk.text_of("screening_score")
    assert score.startswith("80"), "the screening score reads %r, expected 80 %%" % score
    walk.button("Qualify", label="qualify", kind="action")
    walk.see(tr(lang, "Qualified"), scope=walk.form().locator(".o_statusbar_status"))
    walk.shot("development-screening")

    # Convert to an opportunity (a new customer).
    walk.button("Convert to Opportunity", label="convert to opportunity")
    create = walk.dialog().locator('input[type=radio][data-value="create"]')
    if create.count():
        create.first.check()
    walk.button("Create Opportunity", label="create the opportunity", kind="action")
    walk.see(name)

    # The gate refuses Proposition without needs and solution, with its message.
    proposition = stage_name(lang, "crm.stage_lead3")
    with walk.refusal(name, proposition, tr(lang, "needs analysis"), tr(lang, "proposed solution"),
                      shot="development-gate"):
        walk.form().locator(".o_statusbar_status button", has_text=proposition).first.click()
    # Refused means not moved: the deal still shows its stage, and saving later moves nothing.
    before = walk.stage()
    walk.expect(before != proposition, "after the refused move the deal shows %r as its stage" % before)

    # Needs, solution, contract, handover: then won.
    walk.edit()
    walk.tab(tr(lang, "Needs & Solution"))
    walk.fill("needs", "Order from the table in %s; kitchen tickets printed by station." % TAG[lang])
    walk.fill("solution", "Tablet kiosks, a kitchen printer per station, daily sales report.")
    walk.tab(tr(lang, "Contract"))
    walk.fill("contract_number", "JT-%s-%d" % (TAG[lang], os.getpid()))
    walk.fill("contract_signature_date", walk.date(datetime.date.today()))
    walk.tab(tr(lang, "Handover"))
    walk.many2one("handover_to_user_id", "Mei Maintainer")
    walk.save("save needs, solution, contract and handover")
    walk.expect(walk.stage() != proposition,
                "saving the needs moved the deal to %s, the move refused before" % proposition)
    if walk.stage() != proposition:
        walk.statusbar(proposition, label="move to %s" % proposition)
    walk.see(proposition, scope=walk.form().locator(".o_statusbar_status button.btn-primary"))
    walk.button("Mark Won", label="mark won", kind="action")
    walk.see(tr(lang, "Handover"), scope=walk.form().locator(".oe_button_box"))
    walk.button("Handover", label="open the handover", exact=False,
                scope=walk.form().locator(".oe_button_box"))
    walk.see("Jade Tea Rooms %s" % TAG[lang], "Mei Maintainer")
    walk.shot("development-handover")


# ---------------------------------------------------------------- maint1: revisits, a complaint
@pytest.mark.parametrize("lang", LANGS)
def test_maint1_opens_each_card_of_my_work(as_user, lang):
    walk = as_user("maint1", lang)
    walk.menu("menu_my_work")
    cards = walk.page.locator(".o_kanban_record:not(.o_kanban_ghost)")
    titles = [cards.nth(i).locator(".o_primary").inner_text().strip() for i in range(cards.count())]
    assert titles, "My Work shows no card for maint1 on the demo data"
    for title in titles:
        card = walk.page.locator(".o_kanban_record", has_text=title).first
        count = card.locator(".o_kanban_card_content button").inner_text().strip()
        with walk.step("My Work card %s" % title):
            card.locator(".o_kanban_card_content button").click()
        walk.see(title, scope=walk.page.locator(".o_control_panel .breadcrumb"))
        shown = walk.page.locator(".o_data_row, .o_kanban_record:not(.o_kanban_ghost)").count()
        assert str(shown) == count or int(count) > 80, \
            "card %s counts %s, its list shows %d" % (title, count, shown)
        with walk.step("back to My Work"):
            walk.page.locator(".o_control_panel .breadcrumb li a").first.click()


@pytest.mark.parametrize("lang", LANGS)
def test_maint1_completes_a_revisit_with_stars(as_user, lang):
    walk = as_user("maint1", lang)
    # The walk of each language completes one of maint1's planned revisits.
    revisits = rpc("maint1", "maint1", "cdm.revisit", "search_read",
                   [("state", "=", "planned"), ("user_id.login", "=", "maint1")],
                   fields=["partner_id"], order="date_due", limit=2)
    assert len(revisits) == 2 - LANGS.index(lang) or revisits, "maint1 has no planned revisit"
    customer = revisits[0]["partner_id"][1]
    walk.menu("menu_maintenance_revisits")
    walk.search(customer)
    walk.open_row(customer, label="open the revisit of %s" % customer)
    walk.edit()
    walk.select("channel", tr(lang, "Phone"))
    walk.form().locator('.o_field_widget[name="satisfaction_stars"] a').nth(3).click()
    walk.idle()
    walk.tab(tr(lang, "Feedback"))
    walk.fill("feedback", "Happy with the service; asks for a second warehouse (%s)." % TAG[lang])
    walk.save("save the outcome")
    walk.button("Complete Revisit", label="complete the revisit", kind="action")
    walk.see(tr(lang, "Done"), scope=walk.form().locator(".o_statusbar_status button.btn-primary"))
    stars = walk.form().locator('.o_field_widget[name="satisfaction_stars"] .fa-star').count()
    assert stars == 4, "the completed revisit shows %d stars, 4 were given" % stars
    walk.shot("maintenance-revisit-form")


@pytest.mark.parametrize("lang", LANGS)
def test_maint1_writes_a_best_practice_from_a_completed_revisit(as_user, lang):
    walk = as_user("maint1", lang)
    revisits = rpc("maint1", "maint1", "cdm.revisit", "search_read",
                   [("state", "=", "done"), ("user_id.login", "=", "maint1")],
                   fields=["partner_id"], order="date_done desc", limit=1)
    assert revisits, "maint1 has no completed revisit"
    customer = revisits[0]["partner_id"][1]
    walk.menu("menu_maintenance_revisits")
    with walk.step("remove the Planned filter"):
        walk.page.locator(".o_searchview_facet .o_facet_remove").first.click()
    walk.search(customer)
    with walk.step("open the completed revisit of %s" % customer):
        walk.page.locator(".o_data_row", has_text=customer).filter(has_text=tr(lang, "Done")).first.click()
        walk.page.wait_for_selector(".o_form_view")
    walk.button("Best Practice", label="write a best practice", kind="action")
    walk.see(tr(lang, "Completed Revisit"), customer, scope=walk.form())
    walk.edit()
    title = "What worked at %s (%s)" % (customer, TAG[lang])
    walk.fill("name", title)
    walk.fill("what_worked", "Call the day after the visit with the figures asked for (%s)." % TAG[lang])
    walk.save("save the best practice")
    walk.see(title, scope=walk.form())
    walk.shot("library-best-practice")
    walk.menu("menu_library_best_practices")
    walk.search(TAG[lang])
    walk.see(title, scope=walk.view())


@pytest.mark.parametrize("lang", LANGS)
def test_maint1_handles_a_complaint_to_closure(as_user, lang):
    walk = as_user("maint1", lang)
    title = "Kiosk printer jams every morning (%s)" % TAG[lang]
    walk.menu("menu_maintenance_tickets")
    walk.create("new complaint")
    walk.fill("name", title)
    walk.many2one("partner_id", "Northwind Logistics")
    walk.select("kind", tr(lang, "Complaint"))
    editor = walk.form().locator('.o_field_widget[name="description"] .note-editable').first
    size = walk.form().locator('.o_field_widget[name="description"] .note-current-fontsize').first
    walk.expect(re.fullmatch(r"\d+", size.inner_text().strip()),
                "the description's font size button reads %r" % size.inner_text())
    editor.click()
    editor.type("The receipt printer jams at opening time in the Pudong store.")
    walk.save("save the complaint")
    walk.see(title)
    number = walk.text_of("number")
    assert number, "the new complaint shows no number"

    # A coordination task for another department.
    walk.tab(tr(lang, "Coordination"))
    walk.edit()
    with walk.step("add a coordination task"):
        walk.form().locator('.o_field_widget[name="coordination_ids"] .o_field_x2many_list_row_add a').click()
    walk.many2one("team_id", "Development East")
    walk.fill("name", "Check the printer firmware delivered with the kiosks")
    walk.fill("date_deadline", walk.date(datetime.date.today() + datetime.timedelta(days=3)))
    with walk.step("save the coordination task", kind="action"):
        walk.footer().locator("button.btn-primary").first.click()
    walk.save("save the ticket with its task")
    walk.see("Check the printer firmware")
    # Closing while a department still owes work, or before the customer's satisfaction,
    # is refused.
    stages = walk.form().locator(".o_statusbar_status button").all_inner_texts()
    done = [s.strip() for s in stages if s.strip() in ("Done", tr(lang, "Done"))]
    assert done, "the complaint's status bar offers no Done stage: %s" % stages
    resolved = tr(lang, "Resolved")
    walk.statusbar(resolved, label="move to %s" % resolved)
    walk.see(resolved, scope=walk.form().locator(".o_statusbar_status button.btn-primary"))
    with walk.refusal(number, "Check the printer firmware"):
        walk.form().locator(".o_statusbar_status button", has_text=done[0]).first.click()
    # The refused move is not kept pending on the form: ticking the other department's task
    # on the same form sends no refusal again (a refusal fails the step), and the ticket
    # stays where it was.
    walk.tab(tr(lang, "Coordination"))
    tasks = walk.form().locator('.o_field_widget[name="coordination_ids"] .o_data_row')
    with walk.step("mark the coordination task done after the refusal", kind="action"):
        tasks.first.locator("button").first.click()
    walk.expect(not walk.in_dialog(),
                "ticking the task after the refused move opened %s" % walk.dialog_titles())
    walk.see(tr(lang, "Done"), scope=tasks.first)
    walk.expect(tasks.first.locator("button:visible").count() == 0,
                "the coordination task still offers Done after it was ticked")
    walk.expect(walk.stage() == resolved,
                "after the refused move and the task the ticket shows %r, not %r" % (walk.stage(), resolved))
    # Leaving the form asks nothing: nobody changed anything on it.
    with walk.step("leave the ticket for the list"):
        walk.page.locator(".o_control_panel .breadcrumb li a").first.click()
    walk.expect(not walk.in_dialog(), "leaving the ticket asks %s" % walk.dialog_titles())
    if walk.in_dialog():  # "your changes will be discarded": the walk goes on as a user would
        walk.footer().locator("button.btn-primary").first.click()
        walk.idle()
    walk.search(title)
    walk.open_row(title, label="open the complaint again")
    walk.see(resolved, scope=walk.form().locator(".o_statusbar_status button.btn-primary"))
    with walk.refusal(number):
        walk.form().locator(".o_statusbar_status button", has_text=done[0]).first.click()

    # Satisfaction logged by staff, then the ticket closes.
    walk.button("Log Satisfaction", label="open Log Satisfaction")
    walk.select("channel", tr(lang, "Phone"))
    walk.many2one("contact_id", "Northwind")
    walk.fill("score", "5")
    walk.fill("comment", "The printer works again; the customer is satisfied.")
    walk.button("Log", label="log the satisfaction", kind="action")
    walk.see(tr(lang, "Satisfaction Confirmed"))
    walk.statusbar(done[0], label="close the complaint")
    walk.see(done[0], scope=walk.form().locator(".o_statusbar_status button.btn-primary"))
    walk.shot("complaint-ticket")


LIST_CELLS = (".o_list_view > thead > tr > th, "
              ".o_list_view > tbody > tr > td.o_data_cell:not(.o_list_text)")


@pytest.mark.parametrize("lang", ["zh"])
def test_maint1_reads_the_complaints_list_with_chinese_words_whole(as_user, lang):
    """The complaints list is the module's most crowded: in Chinese its headers and short
    values (类型, 阶段, 问题, 已解决...) were broken one character per line."""
    walk = as_user("maint1", lang)
    walk.menu("menu_maintenance_tickets")
    rows = walk.page.locator(".o_list_view .o_data_row")
    assert rows.count(), "maint1's complaints list shows no row"
    walk.see(tr(lang, "Kind"), tr(lang, "Severity"), scope=walk.page.locator(".o_list_view thead"))
    split = walk.split_words(LIST_CELLS)
    assert not split, "words of the complaints list broken over lines: %s" % split
    rule = walk.page.locator(".o_list_view > thead > tr > th").first.evaluate(
        "th => getComputedStyle(th).wordBreak")
    assert rule == "keep-all", "the list's Chinese stylesheet is not applied (word-break %r)" % rule


# ---------------------------------------------------------------- manager: tier, notice, appraisal
@pytest.mark.parametrize("lang", LANGS)
def test_manager_assesses_a_tier_with_a_reason(as_user, lang):
    walk = as_user("manager", lang)
    customer = {"en": "Northwind Logistics", "zh": "Bluepeak Manufacturing"}[lang]
    walk.menu("menu_maintenance_customers")
    walk.search(customer)
    walk.open_row(customer)
    walk.tab(tr(lang, "Customer Relations"))
    walk.button("Assess", label="open Assess")
    dialog = walk.dialog()
    current = dialog.locator('.o_field_widget[name="current_tier_id"]').inner_text().strip()
    options = walk.field("tier_id").locator("input").first
    options.click()
    walk.idle()
    choices = [t.strip() for t in walk.page.locator("ul.ui-autocomplete:visible li a").all_inner_texts()]
    other = [c for c in choices if c and c != current][0]
    walk.page.locator("ul.ui-autocomplete:visible li a", has_text=other).first.click()
    walk.idle()
    walk.fill("reason", "Volume doubled after the second warehouse (%s)." % TAG[lang])
    walk.button("Confirm", label="confirm the tier", kind="action")
    walk.see(other, scope=walk.form().locator('.o_field_widget[name="service_tier_id"]'))


@pytest.mark.parametrize("lang", LANGS)
def test_manager_opens_the_policy_settings_and_their_change_log(as_user, lang):
    walk = as_user("manager", lang)
    walk.menu("menu_configuration_policy")
    walk.see(tr(lang, "Settings Version"), tr(lang, "Effective Date"), scope=walk.form())
    walk.tab(tr(lang, "Criteria, Tiers, Grades and KPIs"))
    walk.see(tr(lang, "Appraisal Grade Bands"), tr(lang, "KPI Targets and Weights"), scope=walk.form())
    walk.shot("admin-policy-settings")
    walk.menu("menu_configuration_policy_changes")
    walk.see(tr(lang, "Policy Settings Changes"),
             scope=walk.page.locator(".o_control_panel .breadcrumb"))


@pytest.mark.parametrize("lang", LANGS)
def test_manager_writes_a_notice_and_the_font_size_reads_a_number(as_user, lang):
    """The body editor's font size button shows the text's size (it read "NaN")."""
    walk = as_user("manager", lang)
    walk.menu("menu_maintenance_update_notice", label="open Send Update Notice")
    size = walk.dialog().locator(".note-toolbar .note-current-fontsize").first
    body = walk.dialog().locator('.o_field_widget[name="body_html"] .note-editable').first

    def shown(where):
        text = size.inner_text().strip()
        assert re.fullmatch(r"\d+", text), "the font size button reads %r %s" % (text, where)
        return text

    opened = shown("when the editor opens")
    with walk.step("put the cursor at the start of the body", kind="action"):
        body.click()
        walk.page.keyboard.press("Control+Home")
    assert shown("with the cursor at the start of the body") == opened, \
        "the font size read %s before the cursor was in the text" % opened
    with walk.step("put the cursor in the body's list", kind="action"):
        body.locator("li").first.click()
    shown("with the cursor in the body's list")
    walk.page.keyboard.type(" (%s)" % TAG[lang])
    walk.idle()
    shown("after typing")
    walk.button("Close", label="close the notice unsent")
    walk.expect(not walk.in_dialog(), "the notice stays open after Close")


@pytest.mark.parametrize("lang", LANGS)
def test_manager_sends_an_update_notice_after_its_preview(as_user, lang):
    walk = as_user("manager", lang)
    walk.menu("menu_maintenance_update_notice", label="open Send Update Notice")
    walk.many2one("partner_ids", "Northwind Logistics")
    # The template's text, placeholders filled in for the first customer.
    walk.dialog().locator(".nav-tabs a", has_text=tr(lang, "Preview")).first.click()
    walk.idle()
    subject = walk.dialog().locator('.o_field_widget[name="preview_subject"]').inner_text()
    body = walk.dialog().locator('.o_field_widget[name="preview_html"]').inner_text()
    assert subject.strip() and "${" not in subject, "the preview's subject reads %r" % subject
    assert "Northwind Logistics" in body and "${" not in body, "the preview reads %r" % body[:300]
    walk.see("Northwind Logistics", scope=walk.dialog())
    walk.shot("maintenance-update-notice-preview")
    walk.button("Send", label="send the notice", kind="action")
    sent = walk.dialog().locator('.o_field_widget[name="sent_count"]').inner_text().strip()
    assert sent == "1", "the notice reports %r sent, 1 expected" % sent
    walk.button("Close", label="close the notice")


@pytest.mark.parametrize("lang", LANGS)
def test_manager_approves_an_appraisal_run_and_prints_it(as_user, lang):
    walk = as_user("manager", lang)
    months_back = {"en": 1, "zh": 2}[lang]
    first = datetime.date.today().replace(day=1)
    for _ in range(months_back):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    department = {"en": "Customer Development", "zh": "Customer Maintenance"}[lang]

    walk.menu("menu_appraisal_runs")
    walk.create("new appraisal run")
    walk.select("period_type", tr(lang, "Month"))
    walk.fill("date_from", walk.date(first))
    walk.tab(tr(lang, "Employees"))
    walk.many2one("department_ids", department)
    walk.save("save the run")
    walk.button("Add Employees", label="add employees", kind="action")
    walk.button("Compute", label="compute", kind="action")
    walk.tab(tr(lang, "Appraisals"))
    rows = walk.form().locator('.o_field_widget[name="appraisal_ids"] .o_data_row')
    assert rows.count() == 2, "the run of %s has %d appraisals" % (department, rows.count())
    walk.shot("appraisal-run")
    run_url = walk.page.url

    # The employees submit their appraisals (their own step, not the manager's).
    run_id = int(re.search(r"[#&]id=(\d+)", run_url).group(1))
    for appraisal in rpc("manager", "manager", "cdm.appraisal", "search_read",
                         [("run_id", "=", run_id)], fields=["employee_id"]):
        user = rpc("admin", "admin", "hr.employee", "read", [appraisal["employee_id"][0]],
                   ["user_id"])[0]["user_id"]
        login = rpc("admin", "admin", "res.users", "read", [user[0]], ["login"])[0]["login"]
        rpc(login, login, "cdm.appraisal", "action_submit", [appraisal["id"]])
    walk.reload("reload the run")

    # Each appraisal, from the run's Appraisals button.
    walk.button("Appraisals", label="open the run's appraisals", exact=False,
                scope=walk.form().locator(".oe_button_box"))
    for index in range(2):
        rows = walk.page.locator(".o_list_view .o_data_row")
        employee = rows.nth(index).inner_text().split("\t")[0].strip()
        with walk.step("open appraisal %d of the run" % (index + 1)):
            rows.nth(index).click()
            walk.page.wait_for_selector(".o_form_view")
        employee = walk.text_of("employee_id")
        walk.edit()
        walk.tab(tr(lang, "Comments"))
        comment = "Solid period for %s; keep the revisits on time (%s)." % (employee, TAG[lang])
        walk.fill("manager_comment", comment)
        walk.save("save the manager's comment")
        walk.see(comment)
        walk.button("Review", label="review", kind="action")
        walk.button("Approve", label="approve", kind="action")
        walk.see(tr(lang, "Approved"), scope=walk.form().locator(".o_statusbar_status"))
        walk.see(comment)
        if index == 0:
            walk.shot("appraisal-form")
        with walk.step("back to the run's appraisals"):
            walk.page.locator(".o_control_panel .breadcrumb li a").last.click()
    with walk.step("back to the run"):
        walk.page.locator(".o_control_panel .breadcrumb li a").last.click()
    walk.button("Approve Run", label="approve the run", kind="action")
    walk.see(tr(lang, "Approved"), scope=walk.form().locator(".o_statusbar_status"))
    with walk.page.expect_download(timeout=60000) as download:
        walk.button("Print", label="print the run", kind="download",
                    scope=walk.form().locator(".o_statusbar_buttons"))
    path = download.value.path()
    with open(path, "rb") as handle:
        head = handle.read(5)
    assert head == b"%PDF-", "the printed run is not a PDF (%r)" % head


# ---------------------------------------------------------------- auditor: reads, no refusal
# What the auditor may read; on each record, no button that only ends in a refusal.
AUDITOR_PAGES = ["menu_appraisal_misconduct", "menu_maintenance_customers",
                 "menu_maintenance_revisits", "menu_development_milestones",
                 "menu_development_handovers"]
REFUSING = {
    "Send message": ".o_chatter_button_new_message",
    "Log note": ".o_chatter_button_log_note",
    "Schedule activity": ".o_chatter_button_schedule_activity",
    "Edit": ".o_form_button_edit",
    "Create": ".o_form_button_create",
}


# Header buttons of the misconduct register that only its managers may press.
REFUSING_TEXTS = ["Acknowledge", "Confirm", "Close", "Cancel Case"]


def _refusing_buttons(walk):
    found = [label for label, selector in REFUSING.items()
             if walk.page.locator("%s:visible" % selector).count()]
    header = [" ".join(t.split()) for t in walk.page.locator(
        ".o_form_statusbar .o_statusbar_buttons button:visible").all_inner_texts()]
    return found + [text for text in REFUSING_TEXTS if walk.tr(text) in header]


@pytest.mark.parametrize("lang", LANGS)
def test_auditor_reads_the_access_log_and_meets_no_refusal(as_user, lang):
    # The manager opens a confidential customer's record: the server logs it.
    greenfield = rpc("manager", "manager", "res.partner", "search", [("name", "=", "Greenfield Retail")])
    rpc("manager", "manager", "res.partner", "read", greenfield, ["name"])
    walk = as_user("auditor", lang)
    walk.menu("menu_compliance_access_log")
    rows = walk.page.locator(".o_data_row")
    assert rows.count() > 0, "the access log is empty after the manager opened Greenfield Retail"
    walk.see("Greenfield Retail", "Morgan Manager", scope=rows.first)
    first = rows.first.inner_text()
    assert "crm.lead" not in first and "res.partner" not in first, \
        "the access log shows technical model names: %s" % first
    with walk.step("open an access log entry"):
        rows.first.click()
        walk.page.wait_for_selector(".o_form_view")
    assert not _refusing_buttons(walk), _refusing_buttons(walk)
    walk.shot("confidentiality-access-log")
    found = {}
    for xmlid in AUDITOR_PAGES:
        walk.menu(xmlid)
        records = walk.page.locator(".o_data_row, .o_kanban_record:not(.o_kanban_ghost)")
        if not records.count():
            continue
        with walk.step("open the first record"):
            records.first.click()
            walk.page.wait_for_selector(".o_form_view")
        buttons = _refusing_buttons(walk)
        # The Action menu: nothing there that the auditor may not do.
        togglers = walk.page.locator(".o_cp_sidebar .o_dropdown_toggler_btn:visible")
        for index in range(togglers.count()):
            togglers.nth(index).click()
            items = [" ".join(t.split()) for t in walk.page.locator(
                ".o_cp_sidebar .dropdown-menu:visible li a").all_inner_texts()]
            buttons += [t for t in items if "SMS" in t or "短信" in t]
            togglers.nth(index).click()
        if buttons:
            found[xmlid] = buttons
    assert not found, "the auditor is offered what ends in a refusal: %s" % found


# ---------------------------------------------------------------- manager: dashboard and reviews
def _shown_count(walk):
    """Records a list shows: its rows, or the counts of its groups."""
    groups = walk.page.locator(".o_list_view .o_group_header .o_group_name")
    if groups.count():
        return sum(int(re.search(r"\((\d+)\)\s*$", groups.nth(i).inner_text().strip()).group(1))
                   for i in range(groups.count()))
    return walk.page.locator(".o_list_view .o_data_row").count()


@pytest.mark.parametrize("lang", LANGS)
def test_manager_opens_the_dashboard_and_each_tile(as_user, lang):
    walk = as_user("manager", lang)
    walk.menu("menu_review_dashboard")
    cards = walk.page.locator(".o_kanban_record:not(.o_kanban_ghost)")
    assert cards.count() == 6, "the dashboard shows %d tiles" % cards.count()
    walk.see(tr(lang, "Pipeline by Stage"), tr(lang, "Open Misconduct Cases"))
    walk.shot("dashboard")
    titles = [cards.nth(i).locator(".o_primary").inner_text().strip() for i in range(cards.count())]
    for title in titles:
        card = walk.page.locator(".o_kanban_record", has_text=title).first
        count = int(card.locator(".o_kanban_card_content button").inner_text().strip())
        with walk.step("dashboard tile %s" % title):
            card.locator(".o_kanban_card_content button").click()
        walk.see(title, scope=walk.page.locator(".o_control_panel .breadcrumb"))
        shown = _shown_count(walk)
        assert shown == count or count > 80, "tile %s counts %s, its list shows %d" % (
            title, count, shown)
        with walk.step("back to the dashboard"):
            walk.page.locator(".o_control_panel .breadcrumb li a").first.click()


@pytest.mark.parametrize("lang", LANGS)
def test_manager_reads_a_held_review_and_prints_a_planned_one(as_user, lang):
    walk = as_user("manager", lang)
    walk.menu("menu_review_meetings")
    walk.page.wait_for_selector(".o_list_view")
    held = rpc("admin", "admin", "cdm.review.meeting", "read",
               [ref("customer_dev_maint.review_meeting_held")], ["name"])[0]["name"]
    planned = rpc("admin", "admin", "cdm.review.meeting", "read",
                  [ref("customer_dev_maint.review_meeting_planned")], ["name"])[0]["name"]
    walk.open_row(held)
    walk.see(tr(lang, "Held"), scope=walk.form().locator(".o_statusbar_status"))
    # The frozen pack is the one of the day it was held, in its holder's language (English).
    walk.see("KPI Summary per Person", "Actions of the Previous Review")
    walk.tab(tr(lang, "Follow-up Actions"))
    walk.see("Reschedule and complete the overdue revisits")
    walk.shot("review-meeting-held")
    with walk.step("back to the review meetings"):
        walk.page.locator(".o_control_panel .breadcrumb li a").first.click()
    walk.open_row(planned)
    walk.button("Regenerate Pack", label="regenerate the pack", kind="action")
    walk.see(tr(lang, "Overdue Revisits"), tr(lang, "Open Misconduct Cases"))
    walk.shot("review-meeting-planned")
    with walk.page.expect_download(timeout=60000) as download:
        walk.button("Print Pack", label="print the agenda pack", kind="download",
                    scope=walk.form().locator(".o_statusbar_buttons"))
    with open(download.value.path(), "rb") as handle:
        head = handle.read(5)
    assert head == b"%PDF-", "the printed pack is not a PDF (%r)" % head
    # The manager cites a best practice: the pack lists it.
    walk.edit()
    walk.tab(tr(lang, "Cited Best Practices"))
    with walk.step("add a best practice", kind="action"):
        walk.form().locator('.o_field_widget[name="best_practice_ids"] '
                            '.o_field_x2many_list_row_add a').click()
    entry = walk.dialog().locator(".o_data_row").first
    cited = entry.locator("td.o_data_cell").first.inner_text().strip()
    with walk.step("cite %s" % cited, kind="action"):
        entry.locator("td.o_data_cell").first.click()
    walk.save()
    walk.tab(tr(lang, "Agenda Pack"))
    walk.see(cited, scope=walk.form())
