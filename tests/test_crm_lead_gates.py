"""D4, D5: contract data and stage gates, by every route a stage can change."""
from psycopg2 import IntegrityError

from odoo.api import call_kw
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .crm_lead_common import DevelopmentPipelineCase


class TestStageGates(DevelopmentPipelineCase):

    def _stage_of(self, lead):
        lead.invalidate_cache()
        return lead.stage_id

    def test_write_into_a_gated_stage_is_refused_naming_what_is_missing(self):
        lead = self.make_opportunity()
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_proposal.id})
        message = str(caught.exception)
        self.assertIn("needs analysis", message)
        self.assertIn("proposed solution", message)
        self.assertNotIn("qualified screening", message)
        self.assertEqual(self._stage_of(lead), self.stage_new)

    def test_unqualified_deal_cannot_enter_a_qualified_stage(self):
        lead = self.make_opportunity(qualified=False)
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_qualified.id})
        self.assertIn("qualified screening", str(caught.exception))
        self.assertEqual(self._stage_of(lead), self.stage_new)

    def test_write_is_allowed_once_the_conditions_are_met(self):
        lead = self.make_opportunity()
        lead.write({"stage_id": self.stage_qualified.id})
        lead.write({"needs": "Visibility of 40 trucks", "solution": "Tracking package"})
        lead.write({"stage_id": self.stage_proposal.id})
        self.assertEqual(lead.stage_id, self.stage_proposal)

    def test_solution_attachment_counts_as_a_proposed_solution(self):
        lead = self.make_opportunity(needs="Tracking")
        attachment = self.env["ir.attachment"].create({"name": "solution.pdf", "datas_fname": "solution.pdf"})
        lead.write({"solution_attachment_ids": [(6, 0, attachment.ids)],
                    "stage_id": self.stage_proposal.id})
        self.assertEqual(lead.stage_id, self.stage_proposal)

    def test_conditions_written_with_the_move_are_taken_into_account(self):
        lead = self.make_opportunity()
        lead.write({"stage_id": self.stage_contract.id, "needs": "N", "solution": "S",
                    "contract_number": "C-9", "contract_signature_date": "2026-03-01"})
        self.assertEqual(lead.stage_id, self.stage_contract)

    def test_kanban_drag_is_a_stage_write_and_is_refused(self):
        lead = self.make_opportunity()
        with self.assertRaises(ValidationError):
            lead.sudo(self.dev1).write({"stage_id": self.stage_contract.id})
        self.assertEqual(self._stage_of(lead), self.stage_new)

    def test_gates_bind_managers_too(self):
        lead = self.make_opportunity()
        with self.assertRaises(ValidationError):
            lead.sudo(self.manager).write({"stage_id": self.stage_proposal.id})
        self.assertEqual(self._stage_of(lead), self.stage_new)

    def test_rpc_call_is_refused_and_allowed_like_the_form(self):
        lead = self.make_opportunity()
        Lead = self.env["crm.lead"].sudo(self.dev1)
        with self.assertRaises(ValidationError):
            call_kw(Lead, "write", [[lead.id], {"stage_id": self.stage_proposal.id}], {})
        self.assertEqual(self._stage_of(lead), self.stage_new)
        call_kw(Lead, "write", [[lead.id], {"needs": "N", "solution": "S"}], {})
        call_kw(Lead, "write", [[lead.id], {"stage_id": self.stage_proposal.id}], {})
        self.assertEqual(self._stage_of(lead), self.stage_proposal)

    def test_import_is_refused_and_allowed_like_the_form(self):
        lead = self.make_opportunity()
        Lead = self.env["crm.lead"].sudo(self.dev1)
        with mute_logger("odoo.sql_db"):
            result = Lead.load([".id", "stage_id/.id"], [[str(lead.id), str(self.stage_proposal.id)]])
        self.assertFalse(result["ids"])
        self.assertTrue(any("needs analysis" in message["message"] for message in result["messages"]))
        self.assertEqual(self._stage_of(lead), self.stage_new)
        result = Lead.load([".id", "needs", "solution", "stage_id/.id"],
                           [[str(lead.id), "N", "S", str(self.stage_proposal.id)]])
        self.assertEqual(result["ids"], [lead.id], result["messages"])
        self.assertEqual(self._stage_of(lead), self.stage_proposal)

    def test_creating_a_deal_directly_in_a_gated_stage_is_refused(self):
        Lead = self.env["crm.lead"].sudo(self.dev1)
        with self.assertRaises(ValidationError):
            Lead.create({"name": "Shortcut", "type": "opportunity", "partner_id": self.prospect.id,
                         "stage_id": self.stage_proposal.id})
        self.assertFalse(Lead.search([("name", "=", "Shortcut")]))

    def test_repeat_business_of_a_maintained_customer_passes_the_qualified_gate(self):
        lead = self.make_opportunity(qualified=False, partner_id=self.customer.id)
        self.assertTrue(lead.screening_passed)
        lead.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(lead.stage_id, self.stage_qualified)

    def test_moving_back_is_never_blocked(self):
        lead = self.make_opportunity(needs="N", solution="S")
        lead.write({"stage_id": self.stage_proposal.id})
        lead.write({"needs": False})
        lead.write({"stage_id": self.stage_qualified.id})
        self.assertEqual(lead.stage_id, self.stage_qualified)

    def test_gate_status_and_filter_show_the_blocked_deals(self):
        blocked = self.make_opportunity(qualified=False, name="Blocked")
        ready = self.make_opportunity(name="Ready")
        self.assertTrue(blocked.gate_blocked)
        self.assertEqual(blocked.gate_next_stage_id, self.stage_qualified)
        self.assertEqual(blocked.gate_missing, "qualified screening")
        self.assertFalse(ready.gate_blocked)
        found = self.env["crm.lead"].sudo(self.dev1).search([("gate_blocked", "=", True)])
        self.assertIn(blocked, found)
        self.assertNotIn(ready, found)
        not_blocked = self.env["crm.lead"].sudo(self.dev1).search([("gate_blocked", "=", False)])
        self.assertIn(ready, not_blocked)
        self.assertNotIn(blocked, not_blocked)

    def test_shipped_stages_have_sensible_gates(self):
        proposition = self.env.ref("crm.stage_lead3")
        won = self.env.ref("crm.stage_lead4")
        contract = self.env.ref("customer_dev_maint.stage_contract")
        self.assertTrue(self.env.ref("crm.stage_lead2").gate_qualified)
        self.assertEqual(proposition._gate_conditions(), ["qualified", "needs", "solution"])
        self.assertEqual(contract._gate_conditions(), ["qualified", "needs", "solution", "contract"])
        self.assertEqual(won._gate_conditions(), ["qualified", "needs", "solution", "contract"])
        self.assertFalse(self.env.ref("crm.stage_lead1")._gate_conditions())


class TestWonRequiresContract(DevelopmentPipelineCase):

    def setUp(self):
        super().setUp()
        self.team_maint.user_id = self.maint2

    def test_marking_won_without_contract_is_refused(self):
        lead = self.make_opportunity(needs="N", solution="S")
        with self.assertRaises(ValidationError) as caught:
            lead.action_set_won_rainbowman()
        self.assertIn("contract", str(caught.exception))
        lead.invalidate_cache()
        self.assertLess(lead.probability, 100)
        with self.assertRaises(ValidationError):
            lead.write({"probability": 100})
        lead.invalidate_cache()
        self.assertLess(lead.probability, 100)
        self.assertFalse(lead.handover_id)

    def test_marking_won_with_contract_is_allowed(self):
        lead = self.complete_for_contract(self.make_opportunity())
        lead.action_set_won()
        self.assertEqual(lead.probability, 100)
        self.assertEqual(lead.deal_outcome, "won")


class TestContract(DevelopmentPipelineCase):

    def test_contract_number_is_unique_per_company(self):
        self.make_opportunity(contract_number="C-100")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.make_opportunity(contract_number="C-100")
        other_company = self.env["res.company"].create({"name": "Sister Co."})
        self.make_opportunity(user=self.env.user, qualified=False, contract_number="C-100",
                              company_id=other_company.id)
        self.assertEqual(self.env["crm.lead"].search_count([("contract_number", "=", "C-100")]), 2)

    def test_negative_amount_is_refused_with_a_clear_message(self):
        lead = self.make_opportunity(contract_amount=100.0)
        with mute_logger("odoo.sql_db"):
            result = self.env["crm.lead"].sudo(self.dev1).load(
                [".id", "contract_amount"], [[str(lead.id), "-5"]])
        self.assertFalse(result["ids"])
        self.assertTrue(any("cannot be negative" in message["message"] for message in result["messages"]),
                        result["messages"])
        with self.assertRaises(ValidationError) as caught:
            lead.sudo(self.dev1).write({"contract_amount": -0.01})
        self.assertIn("cannot be negative", str(caught.exception))
        lead.invalidate_cache()
        self.assertEqual(lead.contract_amount, 100.0)

    def test_contract_ending_before_it_starts_is_refused(self):
        lead = self.make_opportunity()
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            lead.write({"contract_start_date": "2026-06-01", "contract_end_date": "2026-05-31"})
        self.assertIn("cannot end before it starts", str(caught.exception))
        lead.invalidate_cache()
        self.assertFalse(lead.contract_start_date)
        lead.write({"contract_start_date": "2026-06-01", "contract_end_date": "2027-05-31",
                    "contract_terms": "Supplier delivers; customer pays in 30 days."})
        self.assertEqual(lead.contract_end_date, "2027-05-31")


class TestWinningMeetsTheWonStageGates(DevelopmentPipelineCase):
    """However a deal is won, it meets every gate of the won stage."""

    def setUp(self):
        super().setUp()
        self.team_maint.user_id = self.maint2
        # In the first stage, unscreened, with only a contract number and date.
        self.deal = self.make_opportunity(qualified=False, contract_number="C-7",
                                          contract_signature_date="2026-03-01")

    def _assert_not_won(self):
        self.deal.invalidate_cache()
        self.assertLess(self.deal.probability, 100)
        self.assertEqual(self.deal.stage_id, self.stage_new)
        self.assertFalse(self.deal.handover_id)
        self.assertFalse(self.env["crm.lead.handover"].search([("lead_id", "=", self.deal.id)]))

    def test_probability_100_is_refused_naming_the_won_stage_gates(self):
        with self.assertRaises(ValidationError) as caught:
            self.deal.sudo(self.dev1).write({"probability": 100})
        message = str(caught.exception)
        for missing in ("qualified screening", "needs analysis", "proposed solution"):
            self.assertIn(missing, message)
        self._assert_not_won()

    def test_mark_won_button_is_refused_for_a_manager_on_another_users_deal(self):
        with self.assertRaises(ValidationError):
            self.deal.sudo(self.manager).action_set_won_rainbowman()
        self._assert_not_won()

    def test_import_of_probability_100_is_refused(self):
        with mute_logger("odoo.sql_db"):
            result = self.env["crm.lead"].sudo(self.dev1).load(
                [".id", "probability"], [[str(self.deal.id), "100"]])
        self.assertFalse(result["ids"])
        self.assertTrue(any("needs analysis" in message["message"]
                            for message in result["messages"]), result["messages"])
        self._assert_not_won()

    def test_rpc_write_of_the_won_stage_is_refused(self):
        Lead = self.env["crm.lead"].sudo(self.dev1)
        with self.assertRaises(ValidationError):
            call_kw(Lead, "write", [[self.deal.id], {"stage_id": self.env.ref("crm.stage_lead4").id}], {})
        self._assert_not_won()

    def test_win_is_allowed_once_every_gate_is_met(self):
        self.score(self.deal, 5, 5, 5, 5)
        self.deal.sudo(self.dev1).action_screening_qualify()
        self.deal.sudo(self.dev1).write({"needs": "Tracking", "solution": "Package"})
        self.deal.sudo(self.manager).write({"probability": 100})
        self.assertEqual(self.deal.deal_outcome, "won")
        self.assertTrue(self.deal.handover_id)


class TestOneDefinitionPerGate(DevelopmentPipelineCase):
    """The check, the banner, the filter and the stage's summary agree."""

    def test_needs_made_of_spaces_meet_the_gate_nowhere(self):
        lead = self.make_opportunity(needs="   \n ", solution="Package")
        lead.write({"stage_id": self.stage_qualified.id})
        as_manager = self.as_user(self.manager, "crm.lead")
        with self.assertRaises(ValidationError) as caught:
            lead.sudo(self.manager).write({"stage_id": self.stage_proposal.id})
        self.assertIn("needs analysis", str(caught.exception))
        self.assertNotIn("proposed solution", str(caught.exception))
        lead.invalidate_cache()
        self.assertTrue(lead.gate_blocked)
        self.assertEqual(lead.gate_missing, "needs analysis")
        self.assertEqual(lead.gate_banner,
                         "To enter T Proposal, this deal still needs: needs analysis.")
        self.assertEqual(lead.gate_tooltip, "Next stage needs: needs analysis")
        self.assertIn(lead, as_manager.search([("gate_blocked", "=", True)]))
        self.assertNotIn(lead, as_manager.search([("gate_blocked", "=", False)]))
        lead.write({"needs": "Visibility of 40 trucks"})
        self.assertFalse(lead.gate_blocked)
        self.assertNotIn(lead, as_manager.search([("gate_blocked", "=", True)]))

    def test_contract_number_of_spaces_is_no_contract(self):
        lead = self.make_opportunity(needs="N", solution="S", contract_number="  ",
                                     contract_signature_date="2026-03-01")
        with self.assertRaises(ValidationError) as caught:
            lead.write({"stage_id": self.stage_contract.id})
        self.assertIn("contract (number and signature date)", str(caught.exception))

    def test_stage_summary_says_what_the_check_wants(self):
        self.assertEqual(
            self.env.ref("customer_dev_maint.stage_contract").gate_summary,
            "Enters only with: qualified screening, needs analysis, proposed solution, and "
            "contract (number and signature date)")
        self.assertFalse(self.env.ref("customer_dev_maint.stage_contract").requirements)
        self.assertEqual(self.stage_qualified.gate_summary, "Enters only with: qualified screening")
        self.assertFalse(self.stage_new.gate_summary)
