from . import cdm_revisit_compliance
from . import cdm_revisit_compliance_report
from . import cdm_ticket_sla
from . import cdm_ticket_sla_report
from . import crm_lead_milestone_delivery_report
