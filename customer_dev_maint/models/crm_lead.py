from contextlib import contextmanager

from odoo import api, fields, models

SOURCE_CHANNELS = [
    ("market_research", "Market Research"),
    ("referral", "Referral"),
    ("exhibition", "Exhibition"),
    ("inbound", "Inbound"),
    ("outbound", "Outbound"),
    ("partner", "Partner"),
    ("other", "Other"),
]

# Won, the way crm means it: probability 100, whatever the stage. The one
# threshold behind ``_is_won``, the deal outcome and the won-deal domains.
WON_PROBABILITY = 100
# An opportunity still in play: not lost (archived), not won.
OPEN_OPPORTUNITY_DOMAIN = [("type", "=", "opportunity"), ("active", "=", True),
                           ("probability", "<", WON_PROBABILITY)]
# A won deal: an opportunity, not archived, won (``_is_won``). Its revenue is
# the signed contract amount, else the expected revenue (WON_AMOUNT_SQL).
WON_DOMAIN = [("type", "=", "opportunity"), ("active", "=", True),
              ("probability", ">=", WON_PROBABILITY)]
WON_AMOUNT_SQL = 'COALESCE(NULLIF("crm_lead".contract_amount, 0), "crm_lead".planned_revenue, 0)'


class CrmLead(models.Model):
    """The customer development pipeline of the policy (§3.1, D1-D9): a lead
    is identified, screened, its needs analysed and a solution proposed, a
    contract signed, milestones delivered and the customer handed over to
    Customer Maintenance.

    One file per concern extends crm.lead, each with its own small hook:
    this one (identification D1, needs and solution D3, outcome D9), ``crm_lead_screening`` (D2),
    ``crm_lead_contract`` (D4), ``crm_lead_gate`` (D5, winning included),
    ``crm_lead_delivery`` (D6), ``crm_lead_handover_deal`` (D7) and
    ``crm_lead_contact`` (D8)."""

    _inherit = "crm.lead"

    # D1 identification ------------------------------------------------------
    source_channel = fields.Selection(
        SOURCE_CHANNELS, index=True, track_visibility="onchange",
        help="How the prospect was found.",
    )
    industry_id = fields.Many2one(
        "res.partner.industry", index=True, track_visibility="onchange",
    )
    research_notes = fields.Text(
        help="What market research found about the prospect: size, projects, decision makers.",
    )

    # D3 needs and solution --------------------------------------------------
    needs = fields.Text(track_visibility="onchange")
    pain_points = fields.Text()
    solution = fields.Text(string="Proposed Solution")
    solution_attachment_ids = fields.Many2many(
        "ir.attachment", "crm_lead_solution_attachment_rel", "lead_id", "attachment_id",
        string="Solution Documents",
    )
    presentation_date = fields.Date(
        string="Presentation Given On", track_visibility="onchange",
        help="Date the products and the proposed solution were presented to the customer.",
    )

    # D9 analysis ------------------------------------------------------------
    deal_outcome = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")],
        compute="_compute_deal_outcome", store=True, index=True,
    )

    @api.depends("active", "probability")
    def _compute_deal_outcome(self):
        for lead in self:
            if lead._is_won():
                lead.deal_outcome = "won"
            elif not lead.active:
                lead.deal_outcome = "lost"
            else:
                lead.deal_outcome = "open"

    @api.multi
    def copy(self, default=None):
        """A duplicate is a new deal: it starts in the first stage, unscreened
        and without contract, so it passes no gate it has not earned."""
        self.ensure_one()
        default = dict(default or {})
        if "stage_id" not in default:
            stage = self._stage_find(team_id=self.team_id.id, domain=[("fold", "=", False)])
            if stage:
                default["stage_id"] = stage.id
                default.setdefault("probability", stage.probability)
        return super().copy(default)

    def _load_fields(self, fnames):
        """Load only ``fnames`` of these records into the cache. Reading one
        field loads every column of crm.lead; a list row or a kanban card
        that computes from a few of them stays cheap this way."""
        records = self.browse([rid for rid in self.ids if isinstance(rid, int)])
        if not records:
            return
        # Only what the cache lacks: each read also applies the record rules.
        cache = self.env.cache
        missing_ids = set()
        missing = []
        for fname in fnames:
            ids = set(cache.get_missing_ids(records, self._fields[fname]))
            if ids:
                missing.append(fname)
                missing_ids |= ids
        if missing:
            # In this environment: computed fields are cached per context.
            self.browse(sorted(missing_ids))._read_from_database(missing)

    def _is_won(self):
        """Won, the way crm means it: probability 100, whatever the stage."""
        self.ensure_one()
        return self.probability >= WON_PROBABILITY

    @api.model
    def _won_deals_query(self, domain=(), rules=False):
        """The won deals (``WON_DOMAIN``) matching ``domain``, as the
        ``(from, where, params)`` of a query on ``"crm_lead"``: behind the
        current user's record rules when ``rules``, else all of them."""
        # Archived contacts' deals count: only the deal itself must be active.
        query = self.with_context(active_test=False)._where_calc(WON_DOMAIN + list(domain))
        if rules:
            self._apply_ir_rules(query, "read")
        return query.get_sql()

    @api.model
    def _won_revenue(self, group_by, domain=(), rules=False, customers=None):
        """Won revenue, the one definition: the sum of ``WON_AMOUNT_SQL``
        over the won deals matching ``domain``, per ``group_by``
        (``"customer"``: the commercial partner of the deal's customer;
        ``"user"``: its salesperson), of the deals of the commercial partners
        ``customers`` (ids) when given. One query; ``rules`` as in
        ``_won_deals_query``. Used by the customer record, the health score,
        the tier assessment and the appraisal."""
        key = {"customer": "p.commercial_partner_id", "user": '"crm_lead".user_id'}[group_by]
        from_clause, where_clause, params = self._won_deals_query(domain, rules)
        if customers is not None:
            if not customers:
                return {}
            where_clause = "(%s) AND p.commercial_partner_id IN %%s" % (where_clause or "TRUE")
            params = list(params) + [tuple(customers)]
        self.env.cr.execute("""
            SELECT {key}, COALESCE(SUM({amount}), 0)
              FROM {from_clause} LEFT JOIN res_partner p ON p.id = "crm_lead".partner_id
             WHERE {where_clause}
             GROUP BY {key}
        """.format(key=key, amount=WON_AMOUNT_SQL, from_clause=from_clause,
                   where_clause=where_clause), params)
        return dict(self.env.cr.fetchall())

    @contextmanager
    def _atomic(self):
        """Run a create/write and the checks that follow it in a savepoint: a
        refused change leaves nothing behind, in the database or the cache,
        whichever route it came from (form, kanban drag, import, RPC)."""
        try:
            with self.env.cr.savepoint():
                yield
        except Exception:
            self.invalidate_cache()
            raise
