# Foundations: the policy, its settings and their versions, the confidentiality
# gate and its mixins (before the models that join it), the server-owned
# fields, departments and roles, customers and their owners.
from . import cdm_policy
from . import cdm_policy_change
from . import cdm_policy_versioning
from . import cdm_confidentiality_gate
from . import cdm_confidential_mixin
from . import cdm_sensitive_mixin
from . import cdm_document_guard
from . import base_server_owned
from . import crm_team
from . import mail_thread
from . import res_partner

# Development (§3.1): screening, leads and deals, stage gates, contract,
# contacts, milestones and the handover to maintenance.
from . import cdm_screening_criterion
from . import crm_lead_screening_score
from . import crm_stage
from . import crm_lead
from . import crm_lead_contract
from . import crm_lead_screening
from . import crm_lead_delivery
from . import crm_lead_gate
from . import crm_lead_handover_deal
from . import crm_lead_contact
from . import crm_lead_milestone
from . import crm_lead_handover
from . import crm_lead_handover_item
from . import crm_lead_commercial_partner

# Maintenance (§3.2): service tiers, customer health, revisits, tickets and
# their SLA, update notices.
from . import cdm_service_tier
from . import res_partner_tier
from . import cdm_tier_change
from . import res_partner_health
from . import cdm_policy_customer_health
from . import helpdesk_ticket
from . import cdm_revisit
from . import cdm_revisit_lock
from . import cdm_revisit_outcome
from . import cdm_revisit_schedule
from . import cdm_revisit_escalation
from . import mail_activity
from . import res_partner_revisit
from . import crm_lead_revisit
from . import resource_calendar
from . import helpdesk_ticket_stage
from . import helpdesk_ticket_sla
from . import cdm_update_notice
from . import res_partner_update_notice

# Complaints (§3.2): satisfaction confirmed, departments coordinated, cancellation.
from . import cdm_policy_complaints
from . import cdm_ticket_satisfaction
from . import helpdesk_ticket_satisfaction
from . import rating_rating
from . import cdm_ticket_coordination
from . import helpdesk_ticket_coordination
from . import helpdesk_ticket_cancel

# Appraisal (§4): KPIs, runs and grades, misconduct, training.
from . import hr_employee
from . import cdm_misconduct_case
from . import cdm_kpi
# cdm.appraisal before the models named after its fields (grade, run): the
# field xml ids (field_cdm_appraisal_grade_id...) are then its own, and the
# translations of its labels load in every database (tests/test_i18n.py).
from . import cdm_appraisal
from . import cdm_appraisal_grade
from . import cdm_appraisal_run
from . import cdm_appraisal_line
from . import cdm_appraisal_recognition
from . import cdm_appraisal_run_policy_version
from . import cdm_training_session
from . import hr_employee_training
from . import cdm_appraisal_training
from . import cdm_kpi_training

# Confidentiality (§4.2): customers' levels, the access log and leak signals,
# the guards of Odoo's shared tables, documents and reports.
from . import cdm_policy_confidentiality
from . import res_partner_confidentiality
from . import res_partner_private_contact
from . import cdm_access_log
from . import cdm_access_log_routes
from . import cdm_leak_signal
from . import ir_rule_confidentiality
from . import crm_lead_confidentiality
from . import helpdesk_ticket_confidentiality
from . import crm_opportunity_report_confidentiality
from . import ir_actions_report_confidentiality
from . import res_users_confidentiality
from . import mail_activity_confidentiality
from . import mail_message_confidentiality
from . import mail_mail_confidentiality
from . import mail_notification_confidentiality
from . import mail_followers_confidentiality
from . import ir_attachment_confidentiality
from . import rating_rating_confidentiality
from . import calendar_event_confidentiality
from . import calendar_attendee_confidentiality

# Improvement (§5): best practices, review meetings, the management dashboard.
from . import cdm_best_practice_tag
from . import cdm_best_practice
from . import helpdesk_ticket_best_practice
from . import cdm_revisit_best_practice
from . import crm_lead_best_practice
from . import cdm_review_meeting
from . import cdm_review_action
from . import crm_team_review
from . import cdm_dashboard_tile

# Install on a database where the data already is: the new columns filled set-based.
from . import install_columns

# My Work: each user's waiting work across the areas, their home page.
from . import cdm_my_work
from . import res_users_home_action
