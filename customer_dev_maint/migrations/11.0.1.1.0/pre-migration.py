"""The confidentiality gate is no longer a rule record per model (ir.rule adds
it to every model behind ``cdm.confidentiality.gate``) and the analyses' gate
rules are one line each. Record rules are data with noupdate: an upgraded
database would keep the old texts, so the old rules go before the data is
loaded (the analyses' rules are then created again from the new text)."""

GATE_RULES = (
    "crm_lead_confidentiality_rule",
    "crm_lead_screening_score_confidentiality_rule",
    "crm_lead_milestone_confidentiality_rule",
    "crm_lead_handover_confidentiality_rule",
    "crm_lead_handover_item_confidentiality_rule",
    "cdm_revisit_confidentiality_rule",
    "cdm_tier_change_confidentiality_rule",
    "helpdesk_ticket_confidentiality_rule",
    "res_partner_confidentiality_rule",
    "cdm_ticket_coordination_confidentiality_rule",
    "cdm_ticket_satisfaction_confidentiality_rule",
    "cdm_revisit_compliance_report_confidentiality_rule",
    "crm_opportunity_report_confidentiality_rule",
    "crm_activity_report_confidentiality_rule",
    "cdm_ticket_sla_report_confidentiality_rule",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        DELETE FROM ir_rule WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'customer_dev_maint' AND model = 'ir.rule' AND name IN %s)
    """, (GATE_RULES,))
    cr.execute("""
        DELETE FROM ir_model_data
         WHERE module = 'customer_dev_maint' AND model = 'ir.rule' AND name IN %s
    """, (GATE_RULES,))
