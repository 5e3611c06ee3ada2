from . import cdm_revisit_compliance_report
