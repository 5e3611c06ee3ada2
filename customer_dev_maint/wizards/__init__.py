from . import cdm_tier_assessment_wizard
from . import cdm_update_notice_wizard
from . import crm_lead2opportunity_partner
from . import crm_lead2opportunity_partner_mass
