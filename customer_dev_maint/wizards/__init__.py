from . import cdm_tier_assessment_wizard
from . import cdm_update_notice_wizard
from . import cdm_misconduct_case_cancel
from . import cdm_misconduct_case_acknowledge
