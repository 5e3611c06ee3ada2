{
    "name": "Customer Development and Maintenance",
    "summary": "Customer development pipeline, maintenance, revisits, "
               "complaints, confidentiality and appraisal by company policy",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "author": "customer_dev_maint contributors",
    "website": "https://example.com/customer_dev_maint",
    "license": "AGPL-3",
    "depends": ["crm", "helpdesk_mgmt"],
    "data": [
        "security/cdm_security.xml",
        "security/ir.model.access.csv",
        "security/cdm_rules.xml",
        "data/cdm_policy_data.xml",
        "data/cdm_service_tier_data.xml",
        "views/cdm_policy_views.xml",
        "views/cdm_service_tier_views.xml",
        "views/crm_team_views.xml",
        "views/res_partner_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/cdm_demo_users.xml",
    ],
    "application": True,
}
