from . import cdm_tier_assessment_wizard
from . import cdm_update_notice_wizard
from . import cdm_revisit_reschedule_wizard
from . import cdm_misconduct_case_cancel
from . import cdm_misconduct_case_acknowledge
from . import crm_lead2opportunity_partner
from . import crm_lead2opportunity_partner_mass
