"""Every screen of the module as the web client uses it.

Every object button of every view the module defines or extends (the
combined view, as each role gets it) is clicked the way the web client
clicks it (``/web/dataset/call_button``: ``method([ids], context)``), by a
user who sees it, on a record where it shows; only a refusal the recipe
names is accepted. A new button has no recipe and fails the test until one
is written. Form views carry each field once (or its copies alike) and never
an editable related field into another record unless that is meant."""
import json
import traceback

from lxml import etree

from odoo.addons.customer_dev_maint.server_only import as_server
from odoo.tools.safe_eval import safe_eval

from .confidentiality_common import ConfidentialityCase
from .web_client import WebForm, _client_value, _holds, call_button

# Related fields a form may edit because writing the other record is meant:
# (model, field) -> why.
EDITABLE_RELATED = {
    ("hr.employee", "name"): "hr: the employee is its resource (name, user, calendar)",
    ("hr.employee", "user_id"): "hr: the employee is its resource",
    ("hr.employee", "active"): "hr: the employee is its resource",
    ("hr.employee", "company_id"): "hr: the employee is its resource",
    ("hr.employee", "resource_calendar_id"): "hr: the employee is its resource",
}


def module_views(env):
    """The root views (combined with their extensions) of every view the
    module defines or extends, with the forms, lists and kanbans."""
    data = env["ir.model.data"].search([("module", "=", "customer_dev_maint"),
                                        ("model", "=", "ir.ui.view")])
    roots = env["ir.ui.view"]
    for view in env["ir.ui.view"].browse(data.mapped("res_id")):
        while view.inherit_id and view.mode != "primary":
            view = view.inherit_id
        if view.type in ("form", "tree", "kanban"):
            roots |= view
    return roots


def own_level(doc, tag):
    """Nodes of ``tag`` of a view's own level (not of its x2many subviews)."""
    return [node for node in doc.iter(tag)
            if not any(parent.tag == "field" for parent in node.iterancestors())]


def walk(Model, info, where, visit):
    """Call ``visit(model, doc, view type, where)`` for a view and each of its
    x2many subviews."""
    doc = etree.fromstring(info["arch"])
    visit(Model, doc, doc.tag, where)
    for node in own_level(doc, "field"):
        field = Model._fields.get(node.get("name"))
        for view_type, subinfo in info["fields"].get(node.get("name"), {}).get("views", {}).items():
            walk(Model.env[field.comodel_name], subinfo, "%s/%s:%s" % (where, node.get("name"), view_type),
                 visit)


def object_buttons(doc):
    return [node for node in own_level(doc, "*")
            if node.get("type") == "object" and node.get("name") and node.tag in ("button", "a")]


class TestViewsInTheWebClient(ConfidentialityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = (cls.dev1, cls.devlead, cls.maint1, cls.manager, cls.auditor)
        cls.hr_officer = cls._make_user("hrofficer", "hr.group_hr_user")
        Employee = cls.env["hr.employee"]
        cls.emp_dev1 = Employee.create({"name": "Dev1", "user_id": cls.dev1.id,
                                        "appraisal_base_bonus": 1000.0})
        cls.emp_manager = Employee.create({"name": "Manager", "user_id": cls.manager.id})
        cls.stage_resolved = cls.env.ref("customer_dev_maint.helpdesk_ticket_stage_resolved")
        cls.roots = module_views(cls.env)

    # Gathering -----------------------------------------------------------

    def buttons(self):
        """{(model, method): {root views where it is}} of every view, as the
        admin gets it."""
        found = {}
        for root in self.roots:
            info = self.env[root.model].fields_view_get(view_id=root.id, view_type=root.type)

            def visit(Model, doc, view_type, where, root=root):
                for node in object_buttons(doc):
                    found.setdefault((Model._name, node.get("name")), self.env["ir.ui.view"])
                    found[(Model._name, node.get("name"))] |= root
            walk(self.env[root.model], info, root.xml_id or root.name, visit)
        return found

    def shown(self, user, record, method, roots):
        """The button's node of ``user``'s views (``roots``) where it shows on
        ``record``, or None."""
        values_cache = {}
        for root in roots:
            key = (user.id, root.id)
            if key not in self.views_of:  # a view's arch does not depend on the record
                self.views_of[key] = self.env[root.model].sudo(user).fields_view_get(
                    view_id=root.id, view_type=root.type)
            info = self.views_of[key]
            hit = []

            def visit(Model, doc, view_type, where, hit=hit):
                if Model._name != record._name:
                    return
                for node in object_buttons(doc):
                    if node.get("name") != method:
                        continue
                    modifiers = json.loads(node.get("modifiers") or "{}")
                    if modifiers.get("invisible") is True:
                        continue
                    invisible = modifiers.get("invisible", False)
                    for leaf in invisible if isinstance(invisible, list) else ():
                        if isinstance(leaf, (list, tuple)) and leaf[0] not in values_cache:
                            values_cache[leaf[0]] = _client_value(record.sudo(user), leaf[0])
                    if not _holds(invisible, values_cache):
                        hit.append(node)
            walk(self.env[root.model], info, root.name, visit)
            if hit:
                return hit[0]
        return None

    def button_context(self, node, record):
        """The button's ``context`` attribute as the client evaluates it."""
        if not node.get("context"):
            return {}
        values = {name: _client_value(record, name) for name in ("partner_id", "name")
                  if name in record._fields}
        values.update(active_id=record.id, active_ids=record.ids, active_model=record._name,
                      context={}, uid=record.env.uid)
        return safe_eval(node.get("context"), values)

    # The test ------------------------------------------------------------

    def test_every_object_button_works_where_it_shows(self):
        buttons = self.buttons()
        self.views_of = {}
        missing = sorted("%s.%s (%s)" % (model, method, ", ".join(views.mapped("name")))
                         for (model, method), views in buttons.items() if (model, method) not in RECIPES)
        self.assertFalse(missing, "Buttons without a recipe (add one to RECIPES):\n" + "\n".join(missing))
        stale = sorted("%s.%s" % key for key in RECIPES if key not in buttons)
        self.assertFalse(stale, "Recipes of buttons no view has any more:\n" + "\n".join(stale))
        failures = []
        for (model, method), recipe in sorted(RECIPES.items()):
            # Each click starts from the same data, whatever the previous one did.
            self.env.cr.execute("SAVEPOINT web_client_button")
            try:
                self.click(model, method, recipe, buttons[(model, method)])
            except Exception:  # collected: every broken button is listed at once
                failures.append("%s.%s:\n%s" % (model, method, traceback.format_exc(limit=-3)))
            self.env.cr.execute("ROLLBACK TO SAVEPOINT web_client_button")
            self.env.clear()
        self.assertFalse(failures, "%d buttons fail:\n\n%s" % (len(failures), "\n".join(failures)))
        self.assertGreaterEqual(len(RECIPES), 60)

    def click(self, model, method, recipe, roots):
        user, record, context, refusal = (list(getattr(self, recipe)()) + [None, None])[:4]
        record = record.with_env(self.env)
        self.assertEqual(record._name, model)
        node = self.shown(user, record, method, roots)
        self.assertIsNotNone(node, "%s does not see %s.%s on %s" % (user.login, model, method, record))
        context = dict(context or {}, **self.button_context(node, record))
        if refusal:
            with self.assertRaises(refusal):
                call_button(self.env, user, model, method, record.ids, context)
        else:
            call_button(self.env, user, model, method, record.ids, context)

    def open_wizard(self, user, action, values, active=None):
        """The dialog of a button's ``action``: the client creates the wizard
        with the values typed in, in the action's context."""
        context = dict(action.get("context") or {})
        if active:
            context.update(active_model=active._name, active_id=active.id, active_ids=active.ids)
        views = [view_id for view_id, view_type in action.get("views") or [] if view_type == "form"]
        form = WebForm(self.env, user, action["res_model"], context=context)
        if views and views[0]:
            form = WebForm(self.env, user, action["res_model"], context=context,
                           view=self.env["ir.ui.view"].browse(views[0]).xml_id)
        return form.create(values), context

    # Fixtures of the recipes ------------------------------------------------

    def new_lead(self, user=None, **values):
        return self.make_lead(user, **values).sudo()

    def appraisal_run(self, state="computed"):
        run = self.env["cdm.appraisal.run"].sudo(self.manager).create({
            "period_type": "quarter", "date_from": "2026-01-01",
            "employee_ids": [(6, 0, self.emp_dev1.ids)]})
        if state != "draft":
            run._compute_run(today="2026-04-10")
        return run.sudo()

    def appraisal(self, state="draft"):
        appraisal = self.appraisal_run().appraisal_ids
        steps = ["submitted", "reviewed", "approved", "approved_run"]
        if state in steps:
            appraisal.sudo(self.dev1).action_submit()
        if state in steps[1:]:
            appraisal.sudo(self.manager).write({"manager_comment": "Well done."})
            appraisal.sudo(self.manager).action_review()
        if state in steps[2:]:
            appraisal.sudo(self.manager).action_approve()
        if state == "approved_run":
            appraisal.run_id.sudo(self.manager).action_approve()
        return appraisal

    def case(self, state="draft"):
        case = self.env["cdm.misconduct.case"].sudo(self.manager).create({
            "employee_id": self.emp_dev1.id, "date": "2026-03-10", "kind": "failure_of_duty",
            "description": "Missed the customer's deadline.", "measure": "verbal_warning"})
        if state in ("confirmed", "acknowledged"):
            case.action_confirm()
        if state == "acknowledged":
            case.sudo(self.dev1)._acknowledge()
        return case.sudo()

    def planned_revisit(self):
        return self.revisit

    def done_revisit(self, **values):
        revisit = self.revisit.sudo(self.maint1)
        revisit.write(dict({"date_done": "2026-02-01", "satisfaction": 4, "channel": "visit"}, **values))
        revisit.action_complete()
        return revisit.sudo()

    def resolved_complaint(self):
        ticket = self.env["helpdesk.ticket"].sudo(self.maint1).create({
            "name": "Late delivery", "description": "Again", "partner_id": self.customer.id,
            "user_id": self.maint1.id, "kind": "complaint"})
        ticket.write({"stage_id": self.stage_resolved.id})
        return ticket.sudo()

    def coordination(self):
        return self.env["cdm.ticket.coordination"].sudo(self.maint1).create({
            "ticket_id": self.ticket.id, "team_id": self.team_dev_east.id, "user_id": self.dev1.id,
            "name": "Spare parts price", "date_deadline": "2026-12-31"}).sudo()

    def signal(self):
        return self.env["cdm.leak.signal"].create({"user_id": self.dev1.id, "day": "2026-03-02",
                                                   "read_count": 500})

    def section(self, code):
        return self.env.ref("customer_dev_maint.my_work_%s" % code)

    # Recipes: () -> (user, record[, context[, intended refusal]]) ----------

    def run_add_employees(self):
        run = self.appraisal_run("draft")
        run.team_ids = self.team_dev_east
        return self.manager, run

    def run_compute(self):
        return self.manager, self.appraisal_run("draft")

    def run_approve(self):
        appraisal = self.appraisal("approved")
        return self.manager, appraisal.run_id

    def run_print(self):
        return self.manager, self.appraisal_run()

    def run_export(self):
        return self.manager, self.appraisal_run()

    def run_view_appraisals(self):
        return self.manager, self.appraisal_run()

    def appraisal_submit(self):
        return self.dev1, self.appraisal()

    def appraisal_review(self):
        appraisal = self.appraisal("submitted")
        appraisal.sudo(self.manager).manager_comment = "Keep it up."
        return self.manager, appraisal

    def appraisal_approve(self):
        return self.manager, self.appraisal("reviewed")

    def appraisal_send_back(self):
        return self.manager, self.appraisal("submitted")

    def appraisal_recompute(self):
        return self.manager, self.appraisal()

    def appraisal_print(self):
        return self.dev1, self.appraisal()

    def appraisal_confirm_outstanding(self):
        appraisal = self.appraisal("approved_run")
        appraisal.sudo(self.manager).outstanding_reason = "Best quarter of the team."
        return self.manager, appraisal

    def appraisal_decline_outstanding(self):
        appraisal = self.appraisal("approved_run")
        as_server(appraisal.sudo()).write({"outstanding_nominated": True})
        appraisal.sudo(self.manager).outstanding_reason = "Too early to say."
        return self.manager, appraisal

    def signal_confirm(self):
        return self.manager, self.signal()

    def signal_dismiss(self):
        return self.manager, self.signal()

    def case_confirm(self):
        return self.manager, self.case()

    def case_open_acknowledge(self):
        return self.dev1, self.case("confirmed")

    def case_close(self):
        return self.manager, self.case("acknowledged")

    def case_open_cancel(self):
        return self.manager, self.case()

    def case_acknowledge_wizard(self):
        case = self.case("confirmed")
        action = call_button(self.env, self.dev1, case._name, "action_open_acknowledge_wizard", case.ids)
        wizard, context = self.open_wizard(self.dev1, action, {"comment": "Understood."}, case)
        return self.dev1, wizard, context

    def case_cancel_wizard(self):
        case = self.case()
        action = call_button(self.env, self.manager, case._name, "action_open_cancel_wizard", case.ids)
        wizard, context = self.open_wizard(self.manager, action, {"cancel_reason": "Wrong person."}, case)
        return self.manager, wizard, context

    def my_work_open(self):
        return self.maint1, self.section("revisits_this_week")

    def review_meeting(self, held=False):
        meeting = self.env["cdm.review.meeting"].sudo(self.manager).create({
            "name": "Quarter review", "start": "2026-04-10 02:00:00", "stop": "2026-04-10 03:00:00",
            "date_from": "2026-01-01", "date_to": "2026-03-31", "department": "maintenance"})
        if held:
            meeting.action_mark_held()
        return meeting.sudo()

    def review_meeting_refresh(self):
        return self.manager, self.review_meeting()

    def review_meeting_mark_held(self):
        return self.manager, self.review_meeting()

    def review_meeting_cancel(self):
        return self.manager, self.review_meeting()

    def review_meeting_print(self):
        return self.auditor, self.review_meeting(held=True)

    def review_action_done(self):
        action = self.env["cdm.review.action"].sudo(self.manager).create({
            "meeting_id": self.review_meeting().id, "name": "Call the customer",
            "user_id": self.maint1.id, "date_deadline": "2026-04-20"})
        return self.maint1, action.sudo()

    def dashboard_tile_open(self):
        return self.manager, self.env.ref("customer_dev_maint.dashboard_tile_pipeline")

    def reschedule_wizard(self):
        revisit = self.planned_revisit()
        action = call_button(self.env, self.maint1, revisit._name, "action_open_reschedule", revisit.ids)
        wizard, context = self.open_wizard(self.maint1, action, {
            "date_due": "2026-12-30", "reason": "The customer is closed until then."}, revisit)
        return self.maint1, wizard, context

    def revisit_complete(self):
        revisit = self.planned_revisit()
        WebForm(self.env, self.maint1, revisit._name).save(revisit, {
            "date_done": "2026-02-01", "satisfaction": 4, "channel": "visit"})
        return self.maint1, revisit

    def revisit_create_opportunity(self):
        return self.maint1, self.done_revisit(needs="A second depot to track.")

    def revisit_create_ticket(self):
        return self.maint1, self.done_revisit(problem="Two trackers offline.")

    def revisit_open_reschedule(self):
        return self.maint1, self.planned_revisit()

    def revisit_cancel(self):
        return self.manager, self.planned_revisit()

    def tier_toggle_active(self):
        tier = self.env["cdm.service.tier"].create({"name": "Occasional", "revisit_interval_days": 365})
        return self.manager, tier

    def coordination_done(self):
        return self.dev1, self.coordination()

    def coordination_cancel(self):
        return self.maint1, self.coordination()

    def satisfaction_log(self):
        ticket = self.resolved_complaint()
        action = call_button(self.env, self.maint1, ticket._name, "action_log_satisfaction", ticket.ids)
        contact = self.env["res.partner"].create({"name": "Li Na", "parent_id": self.customer.id})
        record, context = self.open_wizard(self.maint1, action, {
            "channel": "phone", "contact_id": contact.id, "score": 5}, ticket)
        return self.maint1, record, context

    def tier_assessment_confirm(self):
        action = call_button(self.env, self.manager, "res.partner", "action_open_tier_assessment",
                             self.customer.ids)
        wizard, context = self.open_wizard(self.manager, action, {
            "potential_score": 50, "tier_id": self.env.ref("customer_dev_maint.tier_key").id,
            "reason": "Growing fast."}, self.customer)
        return self.manager, wizard, context

    def update_notice_send(self):
        action = self.env.ref("customer_dev_maint.cdm_update_notice_wizard_action").read()[0]
        action["context"] = safe_eval(action.get("context") or "{}")
        wizard, context = self.open_wizard(self.manager, action, {
            "partner_ids": [(6, 0, self.customer.ids)], "subject": "New tracker firmware"})
        return self.manager, wizard, context

    def milestone_done(self):
        return self.dev1, self.milestone

    def milestone_cancel(self):
        return self.dev1, self.milestone

    def milestone_reset(self):
        self.milestone.state = "done"
        return self.dev1, self.milestone

    def lead_toggle_active(self):
        return self.dev1, self.new_lead()

    def lead_qualify(self):
        lead = self.new_lead()
        self.score(lead.sudo(self.dev1), 5, 5, 5, 5)
        return self.dev1, lead

    def lead_reject(self):
        lead = self.new_lead()
        lead.sudo(self.dev1).screening_reject_reason = "No budget."
        return self.dev1, lead

    def lead_reset(self):
        lead = self.new_lead()
        lead.sudo(self.dev1).screening_reject_reason = "No budget."
        lead.sudo(self.dev1).action_screening_reject()
        return self.dev1, lead

    def lead_add_criteria(self):
        return self.dev1, self.new_lead()

    def lead_won(self):
        lead = self.make_opportunity(partner_id=self.customer.id, stage_id=self.stage_contract.id,
                                     needs="Track 40 trucks", solution="Fleet tracking package",
                                     contract_number="C-7", contract_signature_date="2026-03-01",
                                     contract_amount=1000.0)
        return self.dev1, lead.sudo()

    def lead_schedule_meeting(self):
        return self.dev1, self.lead

    def lead_view_milestones(self):
        return self.dev1, self.lead

    def lead_view_handover(self):
        self.lead.handover_id = self.handover  # as winning the deal does
        return self.dev1, self.lead

    def lead_set_active(self):
        lead = self.new_lead()
        lead.active = False
        return self.dev1, lead

    def lead_set_unactive(self):
        return self.dev1, self.new_lead()

    def team_toggle_active(self):
        return self.manager, self.env["crm.team"].create({"name": "Dev North"})

    def stage_toggle_active(self):
        return self.manager, self.env["helpdesk.ticket.stage"].create({"name": "Parked"})

    def ticket_assign_to_me(self):
        ticket = self.env["helpdesk.ticket"].create({"name": "Unassigned", "description": "?",
                                                     "partner_id": self.customer.id})
        return self.maint1, ticket

    def ticket_log_satisfaction(self):
        return self.maint1, self.resolved_complaint()

    def ticket_view_rating(self):
        return self.maint1, self.ticket

    def employee_toggle_active(self):
        return self.hr_officer, self.env["hr.employee"].create({"name": "Leaving Soon"})

    def employee_view_cases(self):
        return self.manager, self.emp_dev1

    def employee_view_recognitions(self):
        return self.manager, self.emp_dev1

    def partner_schedule_meeting(self):
        return self.maint1, self.customer

    def partner_toggle_active(self):
        return self.dev1, self.prospect

    def partner_view_tickets(self):
        return self.maint1, self.customer

    def partner_view_revisits(self):
        return self.maint1, self.customer

    def partner_create_company(self):
        contact = self.env["res.partner"].sudo(self.dev1).create({
            "name": "Wang Fang", "company_name": "Wang Logistics"})
        return self.dev1, contact.sudo()

    def partner_open_parent(self):
        contact = self.env["res.partner"].create({"name": "Chen Jie", "parent_id": self.customer.id})
        return self.dev1, contact

    def partner_open_tier_assessment(self):
        return self.manager, self.customer

    def revisit_create_best_practice(self):
        return self.maint1, self.done_revisit(feedback="Worried about the winter routes.")

    def ticket_create_best_practice(self):
        return self.maint1, self.resolved_complaint()

    def lead_create_best_practice(self):
        lead = self.lead_won()[1]
        lead.sudo(self.dev1).action_set_won()
        return self.dev1, lead

    def best_practice_publish_anonymised(self):
        revisit = self.done_revisit()
        action = revisit.sudo(self.maint1).action_create_best_practice()
        self.set_level("confidential")
        return self.manager, self.env["cdm.best.practice"].browse(action["res_id"])

    def policy_view_changes(self):
        return self.manager, self.env["cdm.policy"].for_company()

    def employee_view_training(self):
        return self.dev1, self.emp_dev1

    # Form views: fields once, related fields read-only ----------------------

    def test_forms_carry_each_field_once_and_no_editable_related_field(self):
        problems = []
        for user in self.roles:
            for root in self.roots:
                info = self.env[root.model].sudo(user).fields_view_get(view_id=root.id, view_type=root.type)

                def visit(Model, doc, view_type, where, user=user):
                    editable = view_type == "form" or (view_type == "tree" and doc.get("editable"))
                    if not editable:
                        return
                    seen = {}
                    for node in own_level(doc, "field"):
                        name = node.get("name")
                        saved = (json.loads(node.get("modifiers") or "{}"), node.get("force_save"))
                        if name in seen and seen[name] != saved:
                            problems.append("%s (%s): %s twice, %s and %s" % (
                                where, user.login, name, seen[name], saved))
                        seen[name] = saved
                        field = Model._fields.get(name)
                        if field is None or not field.related or field.inherited:
                            continue
                        if saved[0].get("readonly") is True or (Model._name, name) in EDITABLE_RELATED:
                            continue
                        problems.append("%s (%s): related field %s (%s) is editable" % (
                            where, user.login, name, ".".join(field.related)))
                walk(self.env[root.model].sudo(user), info, root.xml_id or root.name, visit)
        self.assertFalse(problems, "\n".join(sorted(set(problems))))


# (model, method) -> recipe (a method of the test case).
RECIPES = {
    ("cdm.appraisal.run", "action_add_employees"): "run_add_employees",
    ("cdm.appraisal.run", "action_compute"): "run_compute",
    ("cdm.appraisal.run", "action_approve"): "run_approve",
    ("cdm.appraisal.run", "action_print"): "run_print",
    ("cdm.appraisal.run", "action_export_xlsx"): "run_export",
    ("cdm.appraisal.run", "action_view_appraisals"): "run_view_appraisals",
    ("cdm.appraisal", "action_submit"): "appraisal_submit",
    ("cdm.appraisal", "action_review"): "appraisal_review",
    ("cdm.appraisal", "action_approve"): "appraisal_approve",
    ("cdm.appraisal", "action_send_back"): "appraisal_send_back",
    ("cdm.appraisal", "action_recompute"): "appraisal_recompute",
    ("cdm.appraisal", "action_print"): "appraisal_print",
    ("cdm.appraisal", "action_confirm_outstanding"): "appraisal_confirm_outstanding",
    ("cdm.appraisal", "action_decline_outstanding"): "appraisal_decline_outstanding",
    ("cdm.leak.signal", "action_confirm"): "signal_confirm",
    ("cdm.leak.signal", "action_dismiss"): "signal_dismiss",
    ("cdm.misconduct.case", "action_confirm"): "case_confirm",
    ("cdm.misconduct.case", "action_open_acknowledge_wizard"): "case_open_acknowledge",
    ("cdm.misconduct.case", "action_close"): "case_close",
    ("cdm.misconduct.case", "action_open_cancel_wizard"): "case_open_cancel",
    ("cdm.misconduct.case.acknowledge", "action_acknowledge"): "case_acknowledge_wizard",
    ("cdm.misconduct.case.cancel", "action_cancel"): "case_cancel_wizard",
    ("cdm.my.work", "action_open"): "my_work_open",
    ("cdm.revisit.reschedule.wizard", "action_reschedule"): "reschedule_wizard",
    ("cdm.revisit", "action_complete"): "revisit_complete",
    ("cdm.revisit", "action_create_opportunity"): "revisit_create_opportunity",
    ("cdm.revisit", "action_create_ticket"): "revisit_create_ticket",
    ("cdm.revisit", "action_open_reschedule"): "revisit_open_reschedule",
    ("cdm.revisit", "action_cancel"): "revisit_cancel",
    ("cdm.service.tier", "toggle_active"): "tier_toggle_active",
    ("cdm.ticket.coordination", "action_done"): "coordination_done",
    ("cdm.ticket.coordination", "action_cancel"): "coordination_cancel",
    ("cdm.ticket.satisfaction", "action_log"): "satisfaction_log",
    ("cdm.tier.assessment.wizard", "action_confirm"): "tier_assessment_confirm",
    ("cdm.update.notice.wizard", "action_send"): "update_notice_send",
    ("crm.lead.milestone", "action_done"): "milestone_done",
    ("crm.lead.milestone", "action_cancel"): "milestone_cancel",
    ("crm.lead.milestone", "action_reset"): "milestone_reset",
    ("crm.lead", "toggle_active"): "lead_toggle_active",
    ("crm.lead", "action_screening_qualify"): "lead_qualify",
    ("crm.lead", "action_screening_reject"): "lead_reject",
    ("crm.lead", "action_screening_reset"): "lead_reset",
    ("crm.lead", "action_screening_add_criteria"): "lead_add_criteria",
    ("crm.lead", "action_set_won_rainbowman"): "lead_won",
    ("crm.lead", "action_schedule_meeting"): "lead_schedule_meeting",
    ("crm.lead", "action_view_milestones"): "lead_view_milestones",
    ("crm.lead", "action_view_handover"): "lead_view_handover",
    ("crm.lead", "action_set_active"): "lead_set_active",
    ("crm.lead", "action_set_unactive"): "lead_set_unactive",
    ("crm.team", "toggle_active"): "team_toggle_active",
    ("helpdesk.ticket.stage", "toggle_active"): "stage_toggle_active",
    ("helpdesk.ticket", "assign_to_me"): "ticket_assign_to_me",
    ("helpdesk.ticket", "action_log_satisfaction"): "ticket_log_satisfaction",
    ("helpdesk.ticket", "action_view_ticket_rating"): "ticket_view_rating",
    ("hr.employee", "toggle_active"): "employee_toggle_active",
    ("hr.employee", "action_view_misconduct_cases"): "employee_view_cases",
    ("hr.employee", "action_view_recognitions"): "employee_view_recognitions",
    ("res.partner", "schedule_meeting"): "partner_schedule_meeting",
    ("res.partner", "toggle_active"): "partner_toggle_active",
    ("res.partner", "action_view_helpdesk_tickets"): "partner_view_tickets",
    ("res.partner", "action_view_revisits"): "partner_view_revisits",
    ("res.partner", "create_company"): "partner_create_company",
    ("res.partner", "open_parent"): "partner_open_parent",
    ("res.partner", "action_open_tier_assessment"): "partner_open_tier_assessment",
    ("cdm.revisit", "action_create_best_practice"): "revisit_create_best_practice",
    ("helpdesk.ticket", "action_create_best_practice"): "ticket_create_best_practice",
    ("crm.lead", "action_create_best_practice"): "lead_create_best_practice",
    ("cdm.best.practice", "action_publish_anonymised"): "best_practice_publish_anonymised",
    ("cdm.policy", "action_view_changes"): "policy_view_changes",
    ("hr.employee", "action_view_training"): "employee_view_training",
    ("cdm.review.meeting", "action_refresh_pack"): "review_meeting_refresh",
    ("cdm.review.meeting", "action_mark_held"): "review_meeting_mark_held",
    ("cdm.review.meeting", "action_cancel"): "review_meeting_cancel",
    ("cdm.review.meeting", "action_print_pack"): "review_meeting_print",
    ("cdm.review.action", "action_done"): "review_action_done",
    ("cdm.dashboard.tile", "action_open"): "dashboard_tile_open",
}
