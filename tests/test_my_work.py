"""M12: My Work, each person's page of today's policy work: overdue and this
week's revisits, silent opportunities, milestones due, handovers to take over.
Each card's count is the number of records its list opens, for the user who
looks and nobody else."""
from unittest import mock

from odoo.addons.customer_dev_maint.server_only import with_server

from .crm_lead_common import DevelopmentPipelineCase

TODAY = "2026-03-04"  # a Wednesday: the week runs to Sunday 2026-03-08
CODES = ("revisits_overdue", "revisits_this_week", "silent_opportunities",
         "milestones_due", "handovers_open")


class TestMyWork(DevelopmentPipelineCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Section = cls.env["cdm.my.work"]
        cls.Revisit = cls.env["cdm.revisit"]
        # milestone_reminder_days is 3 (the case's policy): due up to 2026-03-07.
        cls.rev_overdue = cls._revisit("Overdue One", cls.maint1, "2026-03-03")
        cls.rev_long_overdue = cls._revisit("Overdue Two", cls.maint1, "2026-01-05")
        cls.rev_today = cls._revisit("Due Today", cls.maint1, "2026-03-04")
        cls.rev_sunday = cls._revisit("Due Sunday", cls.maint1, "2026-03-08")
        cls.rev_next_week = cls._revisit("Due Next Monday", cls.maint1, "2026-03-09")
        cls.rev_done = cls._revisit("Done Late", cls.maint1, "2026-02-01", state="done",
                                    date_done="2026-02-10", satisfaction=4, channel="visit")
        cls.rev_other = cls._revisit("Of Maint2", cls.maint2, "2026-03-02")
        cls.rev_other_week = cls._revisit("Of Maint2 This Week", cls.maint2, "2026-03-05")

        Milestone = cls.env["crm.lead.milestone"]
        cls.deal = cls.env["crm.lead"].create({
            "name": "Fleet deal", "type": "opportunity", "user_id": cls.dev1.id,
            "partner_id": cls.prospect.id, "stage_id": cls.stage_new.id})
        # The deal has a next activity: it is not silent.
        cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get_id("crm.lead"), "res_id": cls.deal.id,
            "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id,
            "user_id": cls.dev1.id, "date_deadline": TODAY, "summary": "Call"})

        def milestone(name, user, planned, **vals):
            return Milestone.create(dict(vals, name=name, lead_id=cls.deal.id, user_id=user.id,
                                         planned_date=planned))

        cls.ms_overdue = milestone("Kick-off", cls.dev1, "2026-02-20")
        cls.ms_in_window = milestone("Pilot", cls.dev1, "2026-03-07")
        cls.ms_after_window = milestone("Rollout", cls.dev1, "2026-03-08")
        cls.ms_done = milestone("Design", cls.dev1, "2026-02-01", state="done", done_date="2026-02-01")
        cls.ms_cancelled = milestone("Training", cls.dev1, "2026-03-01", state="cancelled")
        cls.ms_other = milestone("Acceptance", cls.dev2, "2026-03-05")

        cls.silent_dev1 = cls._opportunity("Silent deal", cls.dev1)
        cls.silent_dev1_bis = cls._opportunity("Another silent deal", cls.dev1)
        cls.silent_dev2 = cls._opportunity("Silent deal of dev2", cls.dev2)
        cls.lead_dev1 = cls.env["crm.lead"].create({"name": "A lead, not an opportunity",
                                                    "type": "lead", "user_id": cls.dev1.id})

        Handover = cls.env["crm.lead.handover"]
        cls.handover_open = Handover.create({"lead_id": cls.deal.id, "partner_id": cls.prospect.id,
                                             "maintenance_user_id": cls.maint1.id})
        cls.handover_done = Handover.create({"lead_id": cls.lead_dev1.id,
                                             "partner_id": cls.customer.id,
                                             "maintenance_user_id": cls.maint1.id})
        cls.handover_done.item_ids.write({"done": True})
        cls.handover_other = Handover.create({"lead_id": cls.silent_dev2.id, "partner_id": cls.prospect.id,
                                              "maintenance_user_id": cls.maint2.id})

    @classmethod
    def _revisit(cls, name, owner, due, **vals):
        partner = with_server(cls.env["res.partner"], cdm_no_revisit_sync=True).create({
            "name": name, "is_company": True, "customer": True,
            "maintenance_user_id": owner.id, "maintenance_team_id": cls.team_maint.id})
        return cls.env["cdm.revisit"].create(dict(vals, partner_id=partner.id, user_id=owner.id,
                                                  team_id=cls.team_maint.id, date_due=due))

    @classmethod
    def _opportunity(cls, name, user, **vals):
        return cls.env["crm.lead"].create(dict(vals, name=name, type="opportunity", user_id=user.id,
                                               partner_id=cls.prospect.id, stage_id=cls.stage_new.id))

    def section(self, code, user):
        return self.env.ref("customer_dev_maint.my_work_%s" % code).sudo(user)

    def listed(self, code, user, today=TODAY):
        """The records the card of ``code`` opens, as ``user`` sees them."""
        action = self.section(code, user)._open_section(today=today)
        return self.env[action["res_model"]].sudo(user).search(action["domain"])

    def frozen_today(self, day=TODAY):
        """The policy's today fixed at ``day`` (what the kanban's computes read)."""
        return mock.patch.object(type(self.env["cdm.policy"]), "today",
                                 lambda self, company=None, now=None: day)

    # Counts and lists ------------------------------------------------------

    def test_each_count_is_the_number_of_records_its_card_opens(self):
        for user in (self.maint1, self.maint2, self.dev1, self.dev2, self.manager):
            counts = self.Section.sudo(user)._counts(today=TODAY)
            for code in CODES:
                action = self.section(code, user)._open_section(today=TODAY)
                self.assertEqual(action["type"], "ir.actions.act_window")
                self.assertEqual(
                    counts[code], self.env[action["res_model"]].sudo(user).search_count(action["domain"]),
                    "%s: count of %s" % (user.login, code))

    def test_maintenance_user_sees_their_revisits_and_handovers_only(self):
        self.assertEqual(self.listed("revisits_overdue", self.maint1),
                         self.rev_overdue | self.rev_long_overdue)
        self.assertEqual(self.listed("revisits_this_week", self.maint1), self.rev_today | self.rev_sunday)
        self.assertEqual(self.listed("handovers_open", self.maint1), self.handover_open)
        self.assertEqual(self.listed("revisits_overdue", self.maint2), self.rev_other)
        self.assertEqual(self.listed("revisits_this_week", self.maint2), self.rev_other_week)
        self.assertEqual(self.listed("handovers_open", self.maint2), self.handover_other)

    def test_development_user_sees_their_silent_opportunities_and_milestones_only(self):
        self.assertEqual(self.listed("silent_opportunities", self.dev1),
                         self.silent_dev1 | self.silent_dev1_bis)
        self.assertEqual(self.listed("milestones_due", self.dev1), self.ms_overdue | self.ms_in_window)
        self.assertEqual(self.listed("silent_opportunities", self.dev2), self.silent_dev2)
        self.assertEqual(self.listed("milestones_due", self.dev2), self.ms_other)
        self.assertFalse(self.listed("milestones_due", self.manager), "the manager owns no milestone")

    def test_the_week_follows_the_day_given(self):
        monday = "2026-03-09"
        self.assertEqual(self.listed("revisits_this_week", self.maint1, today=monday), self.rev_next_week)
        self.assertEqual(self.listed("revisits_overdue", self.maint1, today=monday),
                         self.rev_overdue | self.rev_long_overdue | self.rev_today | self.rev_sunday)
        sunday = "2026-03-08"
        self.assertEqual(self.listed("revisits_this_week", self.maint1, today=sunday), self.rev_sunday)

    def test_milestones_due_follow_the_policy_reminder_window(self):
        self.policy.write({"milestone_reminder_days": 0})
        self.assertEqual(self.listed("milestones_due", self.dev1), self.ms_overdue)
        self.policy.write({"milestone_reminder_days": 4})
        self.assertEqual(self.listed("milestones_due", self.dev1),
                         self.ms_overdue | self.ms_in_window | self.ms_after_window)

    def test_work_done_leaves_the_page(self):
        counts = self.Section.sudo(self.dev1)._counts(today=TODAY)
        self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("crm.lead"), "res_id": self.silent_dev1.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "user_id": self.dev1.id, "date_deadline": TODAY, "summary": "Call back"})
        self.ms_overdue.sudo(self.dev1).action_done()
        after = self.Section.sudo(self.dev1)._counts(today=TODAY)
        self.assertEqual(after["silent_opportunities"], counts["silent_opportunities"] - 1)
        self.assertEqual(after["milestones_due"], counts["milestones_due"] - 1)

        self.handover_open.item_ids.sudo(self.maint1).write({"done": True})
        self.assertFalse(self.listed("handovers_open", self.maint1))

    # The kanban page -------------------------------------------------------

    def test_page_cards_show_the_counts_of_the_policy_day(self):
        with self.frozen_today():
            sections = self.Section.sudo(self.maint1).search([("is_visible", "=", True)])
            counts = {section.code: section.record_count for section in sections}
            late = {section.code for section in sections if section.is_late}
        self.assertEqual(counts, {"revisits_overdue": 2, "revisits_this_week": 2, "handovers_open": 1})
        self.assertEqual(late, {"revisits_overdue"})

    def test_sections_a_role_has_nothing_for_are_hidden(self):
        def visible(user):
            return set(self.Section.sudo(user).search([("is_visible", "=", True)]).mapped("code"))

        with self.frozen_today():
            self.assertEqual(visible(self.dev2), {"silent_opportunities", "milestones_due"})
            self.assertEqual(visible(self.maint2),
                             {"revisits_overdue", "revisits_this_week", "handovers_open"})
            self.assertEqual(visible(self.manager), set(CODES), "a manager has both roles")
            self.env["crm.lead.milestone"].create({"name": "Go-live", "lead_id": self.deal.id,
                                                   "user_id": self.maint2.id,
                                                   "planned_date": "2026-03-02"})
            self.assertEqual(visible(self.maint2), {"revisits_overdue", "revisits_this_week",
                                                    "handovers_open", "milestones_due"},
                             "a maintenance user who owns a milestone due sees it")
            self.assertNotIn("milestones_due",
                             set(self.Section.sudo(self.maint2).search(
                                 [("is_visible", "=", False)]).mapped("code")))
        with self.frozen_today("2026-02-01"):
            self.assertNotIn("milestones_due", visible(self.maint2), "not due yet on 1 February")

    def test_a_role_keeps_its_sections_when_they_are_empty(self):
        self.handover_other.item_ids.write({"done": True})
        with self.frozen_today():
            section = self.section("handovers_open", self.maint2)
            self.assertEqual(section.record_count, 0)
            self.assertTrue(section.is_visible, "a maintenance user sees that nothing is left to take over")
            self.assertFalse(section.is_late)
            other = self.section("handovers_open", self.dev2)
            self.assertEqual(other.record_count, 0)
            self.assertFalse(other.is_visible, "not a development user's work")

    def test_my_work_is_the_first_entry_of_customer_relations(self):
        root = self.env.ref("customer_dev_maint.menu_root")
        my_work = self.env.ref("customer_dev_maint.menu_my_work")
        self.assertEqual(root.child_id.sorted(lambda menu: (menu.sequence, menu.id))[0], my_work)
        for user in (self.dev1, self.maint1, self.manager):
            self.assertIn(my_work.id, self.env["ir.ui.menu"].sudo(user)._visible_menu_ids(), user.login)
        for user in (self.auditor, self.outsider):
            self.assertNotIn(my_work.id, self.env["ir.ui.menu"].sudo(user)._visible_menu_ids(), user.login)

    # One count per section and page ---------------------------------------------

    def page(self, user):
        """The cards as the page reads them: search, then read (the web client's search_read)."""
        Section = self.Section.sudo(user)
        Section.invalidate_cache()
        start = self.cr.sql_log_count
        sections = Section.search([("is_visible", "=", True)])
        searched = self.cr.sql_log_count - start
        cards = sections.read(["code", "record_count", "is_late", "name"])
        return cards, searched, self.cr.sql_log_count - start - searched

    def test_the_read_after_the_search_counts_nothing_again(self):
        with self.frozen_today():
            for user in (self.maint1, self.dev1, self.manager):
                cards, searched, read = self.page(user)
                counts = self.Section.sudo(user)._counts(today="2026-03-04")
                self.assertEqual({card["code"]: card["record_count"] for card in cards},
                                 {code: counts[code] for code in (card["code"] for card in cards)},
                                 user.login)
                self.assertTrue(searched)
                self.assertLessEqual(read, 1, "%s: the read of %d cards took %d queries"
                                     % (user.login, len(cards), read))

    def test_a_new_search_counts_afresh(self):
        with self.frozen_today():
            before = {card["code"]: card["record_count"] for card in self.page(self.maint2)[0]}
            self.env["crm.lead.milestone"].create({"name": "Go-live", "lead_id": self.deal.id,
                                                   "user_id": self.maint2.id,
                                                   "planned_date": "2026-03-02"})
            after = {card["code"]: card["record_count"] for card in self.page(self.maint2)[0]}
        self.assertNotIn("milestones_due", before)
        self.assertEqual(after, dict(before, milestones_due=1))
