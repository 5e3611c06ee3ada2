"""Fixtures of the development pipeline tests: criteria, gated stages, a deal."""
from .common import CustomerRelationsCase


class DevelopmentPipelineCase(CustomerRelationsCase):
    """Adds to the role fixtures: known screening criteria (the shipped ones
    archived), a pipeline of four gated stages and a prospect company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Criterion = cls.env["cdm.screening.criterion"]
        Criterion.search([]).write({"active": False})
        cls.crit_fit = Criterion.create({"name": "Fit", "weight": 3, "sequence": 1})
        cls.crit_capability = Criterion.create({"name": "Capability", "weight": 2, "sequence": 2})
        cls.crit_value = Criterion.create({"name": "Value", "weight": 3, "sequence": 3})
        cls.crit_credit = Criterion.create({"name": "Credit", "weight": 2, "sequence": 4})
        cls.policy = cls.env["cdm.policy"].for_company()
        cls.policy.write({"screening_threshold": 60.0, "milestone_reminder_days": 3,
                          "handover_tier_id": cls.env.ref("customer_dev_maint.tier_standard").id})

        Stage = cls.env["crm.stage"]
        cls.stage_new = Stage.create({"name": "T New", "sequence": 1001, "probability": 10,
                                      "on_change": True})
        cls.stage_qualified = Stage.create({"name": "T Qualified", "sequence": 1002, "probability": 30,
                                            "on_change": True, "gate_qualified": True})
        cls.stage_proposal = Stage.create({"name": "T Proposal", "sequence": 1003, "probability": 70,
                                           "on_change": True, "gate_qualified": True,
                                           "gate_needs": True, "gate_solution": True})
        cls.stage_contract = Stage.create({"name": "T Contract", "sequence": 1004, "probability": 90,
                                           "on_change": True, "gate_qualified": True, "gate_needs": True,
                                           "gate_solution": True, "gate_contract": True})
        cls.prospect = cls.env["res.partner"].create({
            "name": "Prospect Ltd", "is_company": True, "customer": True,
        })

    def make_lead(self, user=None, **vals):
        """A lead of ``user`` (default dev1), created as that user."""
        user = user or self.dev1
        values = {"name": "Lead of %s" % user.login, "type": "lead", "partner_name": "Prospect Ltd"}
        values.update(vals)
        return self.env["crm.lead"].sudo(user).create(values)

    def score(self, lead, fit=0, capability=0, value=0, credit=0):
        """Give the lead its four scores through the lead form's one2many."""
        lines = {line.criterion_id: line for line in lead.screening_score_ids}
        commands = []
        for criterion, score in ((self.crit_fit, fit), (self.crit_capability, capability),
                                 (self.crit_value, value), (self.crit_credit, credit)):
            if criterion in lines:
                commands.append((1, lines[criterion].id, {"score": score}))
            else:
                commands.append((0, 0, {"criterion_id": criterion.id, "score": score}))
        lead.write({"screening_score_ids": commands})
        return lead

    def make_opportunity(self, user=None, qualified=True, **vals):
        """An opportunity in the first test stage, qualified unless told otherwise."""
        values = {"type": "opportunity", "partner_id": self.prospect.id,
                  "stage_id": self.stage_new.id, "name": "Deal"}
        values.update(vals)
        lead = self.make_lead(user, **values)
        if qualified:
            self.score(lead, 5, 5, 5, 5)
            lead.action_screening_qualify()
        return lead

    def complete_for_contract(self, lead, number="C-001"):
        lead.write({"needs": "Track 40 trucks", "solution": "Fleet tracking package",
                    "contract_number": number, "contract_signature_date": "2026-03-01",
                    "contract_amount": 120000.0})
        return lead
