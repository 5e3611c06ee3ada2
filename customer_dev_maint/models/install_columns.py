from odoo import api, models

from ..install_columns import empty, existing, fill_new_columns, level_sql
from .crm_lead import WON_PROBABILITY
from .crm_lead_screening import SCREENING_BANDS
from .res_partner_health import HEALTH_FIELDS

# The commercial partner of the record's partner, and its own row.
CUSTOMER_JOINS = """
    LEFT JOIN res_partner p ON p.id = t.partner_id
    LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
"""


def _customer_values(model):
    """The customer (commercial partner) and the confidentiality level
    (``cdm.confidential.mixin``) of a record whose customer field is ``partner_id``."""
    cr = model.env.cr
    customer_level = "cp.confidentiality_level" if existing(cr, "res_partner", "confidentiality_level") \
        else "NULL"
    own_level = "t.confidentiality_own_level" if existing(cr, model._table, "confidentiality_own_level") \
        else "NULL"
    return {
        "cdm_customer_id": "p.commercial_partner_id",
        "commercial_partner_id": "p.commercial_partner_id",
        "confidentiality_level": level_sql(customer_level, own_level),
    }


class CdmInstallColumnsMixin(models.AbstractModel):
    """A big table of Odoo's whose new stored computed columns are created
    and filled set-based before Odoo would compute them record by record
    (``install_columns``): the model says which columns and how."""

    _name = "cdm.install.columns.mixin"
    _description = "Columns filled set-based at install"

    @api.model_cr_context
    def _auto_init(self):
        if self._auto:
            self._cdm_columns_filled(fill_new_columns(self, *self._cdm_new_column_values()))
        return super()._auto_init()

    @api.model
    def _cdm_new_column_values(self):
        """({column: SQL expression}, joins) of the columns filled when created."""
        return {}, ""

    @api.model
    def _cdm_columns_filled(self, created):
        """Called with the columns just created and filled."""


class HelpdeskTicket(models.Model):
    """Tickets: their customer, confidentiality, SLA and satisfaction."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "cdm.install.columns.mixin"]

    @api.model
    def _cdm_new_column_values(self):
        cr = self.env.cr
        values = _customer_values(self)
        if existing(cr, self._table, "response_state") and existing(cr, self._table, "resolution_state"):
            rank = ("CASE {0} WHEN 'breached' THEN 0 WHEN 'at_risk' THEN 1 WHEN 'on_track' THEN 2 "
                    "WHEN 'met' THEN 3 WHEN 'cancelled' THEN 4 END")
            values["sla_state"] = (
                "CASE LEAST(%s, %s) WHEN 0 THEN 'breached' WHEN 1 THEN 'at_risk' "
                "WHEN 2 THEN 'on_track' WHEN 3 THEN 'met' WHEN 4 THEN 'cancelled' END"
                % (rank.format("t.response_state"), rank.format("t.resolution_state")))
        elif not existing(cr, self._table, "response_state") \
                and not existing(cr, self._table, "resolution_state"):
            values["sla_state"] = "NULL::varchar"
        if not existing(cr, self._table, "kind") and empty(cr, "cdm_ticket_satisfaction"):
            # Every ticket is a request (the kind's default) without confirmation.
            values.update(satisfaction_score="0", satisfaction_state="NULL::varchar")
        return values, CUSTOMER_JOINS


class CrmLead(models.Model):
    """Deals: their customer, confidentiality, outcome, screening and gate."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "cdm.install.columns.mixin"]

    @api.model
    def _cdm_new_column_values(self):
        cr = self.env.cr
        values = _customer_values(self)
        values["deal_outcome"] = (
            "CASE WHEN COALESCE(t.probability, 0) >= %d THEN 'won' "
            "WHEN NOT COALESCE(t.active, FALSE) THEN 'lost' ELSE 'open' END" % WON_PROBABILITY)
        if empty(cr, "crm_lead_screening_score"):
            # No criterion scored yet: 0, the first band.
            values.update(screening_score="0", screening_band="'%s'" % SCREENING_BANDS[0][0])
        qualified = "t.screening_decision = 'qualified'" \
            if existing(cr, self._table, "screening_decision") else "FALSE"
        maintained = "cp.maintenance_user_id IS NOT NULL" \
            if existing(cr, "res_partner", "maintenance_user_id") else "FALSE"
        values["screening_passed"] = "COALESCE(%s, FALSE) OR COALESCE(%s, FALSE)" % (qualified, maintained)
        if not any(existing(cr, self._table, name) for name in (
                "needs", "solution", "contract_number", "contract_signature_date")) \
                and empty(cr, "crm_lead_solution_attachment_rel"):
            values.update(needs_recorded="FALSE", solution_recorded="FALSE", contract_recorded="FALSE")
        return values, CUSTOMER_JOINS


class ResPartner(models.Model):
    """Customers: their health columns created empty, then stored for every
    customer set-based (``_store_customer_health``) once the module's
    tables are there (``install_columns``)."""

    _name = "res.partner"
    _inherit = ["res.partner", "cdm.install.columns.mixin"]

    @api.model
    def _cdm_columns_filled(self, created):
        if created:
            self.pool.post_init(self._store_all_customer_health)

    @api.model
    def _cdm_new_column_values(self):
        """The health columns, created empty (a contact's figures)."""
        blank = self._empty_health_values()
        return {name: ("NULL::%s" % self._fields[name].column_type[1]) if blank[name] is False
                else "0" for name in HEALTH_FIELDS}, ""

    @api.model
    def _store_all_customer_health(self):
        self.env.cr.execute("SELECT id FROM res_partner WHERE commercial_partner_id = id ORDER BY id")
        self.browse([row[0] for row in self.env.cr.fetchall()])._store_customer_health()
