"""KPIs read from complaints and problems (M6, M8): SLA compliance and the
satisfaction confirmed after resolution count in the maintenance appraisal."""
from .appraisal_run_common import AppraisalRunCase
from .frozen_today import freeze_now


class TestAppraisalTicketKpis(AppraisalRunCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi["sla_compliance"].target_maintenance = 100
        kept = cls.company("Kept Co.", maintenance_user_id=cls.maint1.id, handover_date="2025-06-01")
        contact = cls.env["res.partner"].create({"name": "Kept Buyer", "parent_id": kept.id})
        cls.ticket_in = cls._ticket(kept, contact, cls.maint1,
                                    ("met", "2026-02-10 09:00:00"), ("breached", "2026-02-12 09:00:00"))
        cls._ticket(kept, contact, cls.maint1,
                    ("met", "2026-04-10 09:00:00"), ("met", "2026-04-12 09:00:00"))  # after Q1
        cls._ticket(kept, contact, cls.maint2,
                    ("breached", "2026-02-10 09:00:00"), ("breached", "2026-02-12 09:00:00"))
        with freeze_now(cls.env, "2026-02-20 08:00:00"):
            cls.env["cdm.ticket.satisfaction"].sudo(cls.maint1).create({
                "ticket_id": cls.ticket_in.id, "channel": "phone",
                "contact_id": contact.id, "score": 3})
        cls.arun = cls.make_run(cls.emp_maint1)

    @classmethod
    def _ticket(cls, customer, contact, user, response, resolution):
        """A complaint whose SLA facts are set in SQL: the SLA clock is not
        what these tests are about."""
        ticket = cls.env["helpdesk.ticket"].create({
            "name": "Complaint of %s" % customer.name, "description": "Late delivery",
            "partner_id": contact.id, "user_id": user.id, "kind": "complaint"})
        cls.env.cr.execute("""
            UPDATE helpdesk_ticket SET response_state = %s, response_deadline = %s,
                   resolution_state = %s, resolution_deadline = %s, resolution_date = %s
             WHERE id = %s""", (response[0], response[1], resolution[0], resolution[1],
                                resolution[1], ticket.id))
        ticket.invalidate_cache()
        return ticket

    def test_sla_targets_met_in_the_period_give_the_compliance(self):
        self.compute(self.arun)
        line = self.line_of(self.appraisal_of(self.arun, self.emp_maint1), "sla_compliance")
        # maint1's first ticket: response met, resolution breached; the second is after Q1.
        self.assertTrue(line.measured)
        self.assertAlmostEqual(line.actual, 50.0, places=1)

    def test_confirmed_satisfaction_of_tickets_counts_with_revisits(self):
        self.compute(self.arun)
        line = self.line_of(self.appraisal_of(self.arun, self.emp_maint1), "satisfaction")
        self.assertTrue(line.measured)
        self.assertAlmostEqual(line.actual, 3.0, places=2)
