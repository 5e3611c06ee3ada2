from odoo import fields, models

ORIGINS = [
    ("initial", "Initial Assignment"),
    ("manual", "Changed on the Customer"),
    ("confirmed", "Assessment Confirmed"),
    ("override", "Assessment Overridden"),
]


class TierDecision:
    """A tier assessment's decision handed by server code to the customer's
    write (context key ``cdm_tier_decision``). A client can only send JSON
    or XML-RPC values, never an instance of this class: the history's
    "confirmed" and "overridden" rows can only come from the assessment."""

    __slots__ = ("reason",)

    def __init__(self, reason):
        self.reason = reason


class CdmTierChange(models.Model):
    """One change (or confirmation) of a customer's service tier: who, when,
    from, to and why (M2). Written by the server only, from server-side facts
    (never from the client's context), and never edited."""

    _name = "cdm.tier.change"
    _description = "Service Tier Change"
    _inherit = ["cdm.confidential.mixin"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    # Tier history shares its customer's confidentiality (C1); read inside
    # the customer's form.
    _cdm_log_reads = False

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade", readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Changed By", required=True, readonly=True,
        default=lambda self: self.env.user)
    old_tier_id = fields.Many2one("cdm.service.tier", string="From Tier", readonly=True)
    new_tier_id = fields.Many2one("cdm.service.tier", string="To Tier", readonly=True)
    suggested_tier_id = fields.Many2one("cdm.service.tier", readonly=True)
    origin = fields.Selection(ORIGINS, required=True, default="manual", readonly=True)
    reason = fields.Text(readonly=True)
