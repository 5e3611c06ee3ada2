"""Fixtures of the appraisal run tests: a known data set in Q1 2026."""
from .appraisal_common import AppraisalCase

TODAY = "2026-04-10"


class AppraisalRunCase(AppraisalCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Run = cls.env["cdm.appraisal.run"]
        cls.Appraisal = cls.env["cdm.appraisal"]
        cls.kpi = {kpi.source: kpi for kpi in cls.env["cdm.kpi"].search([])}
        # Round targets: development per month, maintenance for the period.
        cls.kpi["customers_acquired"].target_development = 1
        cls.kpi["sales_amount"].target_development = 10000
        cls.kpi["milestone_on_time"].target_development = 100
        cls.kpi["customers_maintained"].target_maintenance = 4
        cls.kpi["revisit_compliance"].target_maintenance = 100
        cls.kpi["satisfaction"].write({"target_development": 4.5, "target_maintenance": 4.5})
        cls.grade = {grade.name: grade for grade in cls.env["cdm.appraisal.grade"].search([])}
        # The fixture customer is handed over after the period.
        cls.customer.with_context(cdm_no_revisit_sync=True).handover_date = "2026-06-01"

    @classmethod
    def make_run(cls, employees, date_from="2026-01-01", period_type="quarter", **values):
        vals = {"period_type": period_type, "date_from": date_from,
                "employee_ids": [(6, 0, employees.ids)]}
        vals.update(values)
        return cls.Run.sudo(cls.manager).create(vals)

    @classmethod
    def won_deal(cls, customer, user, date_closed, contract_amount=0.0, planned_revenue=0.0):
        """A won deal closed on ``date_closed`` (set in SQL: the stage gates
        and the handover are not what these tests are about)."""
        lead = cls.env["crm.lead"].create({
            "name": "Deal %s %s" % (customer.name, date_closed), "type": "opportunity",
            "partner_id": customer.id, "user_id": user.id,
            "contract_amount": contract_amount, "planned_revenue": planned_revenue,
        })
        cls.env.cr.execute(
            "UPDATE crm_lead SET probability = 100, date_closed = %s WHERE id = %s",
            ("%s 10:00:00" % date_closed, lead.id))
        lead.invalidate_cache()
        return lead

    @classmethod
    def company(cls, name, **values):
        vals = {"name": name, "is_company": True, "customer": True}
        vals.update(values)
        return cls.env["res.partner"].with_context(cdm_no_revisit_sync=True).create(vals)

    @classmethod
    def done_revisit(cls, customer, user, date_due, date_done, satisfaction):
        return cls.env["cdm.revisit"].create({
            "partner_id": customer.id, "user_id": user.id, "date_due": date_due,
            "date_done": date_done, "state": "done", "satisfaction": satisfaction,
            "channel": "phone",
        })

    def compute(self, run, today=TODAY):
        run.sudo(self.manager)._compute_run(today=today)
        return run

    def appraisal_of(self, run, employee):
        return run.appraisal_ids.filtered(lambda a: a.employee_id == employee)

    def line_of(self, appraisal, source):
        return appraisal.line_ids.filtered(lambda line: line.kpi_id.source == source)
