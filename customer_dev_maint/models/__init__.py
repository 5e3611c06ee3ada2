from . import cdm_policy
from . import crm_team
from . import res_partner
from . import helpdesk_ticket
from . import cdm_service_tier
from . import cdm_revisit
from . import cdm_tier_change
from . import mail_activity
