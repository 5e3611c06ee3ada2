import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..roles import is_manager
from ..server_only import as_server

SOURCES = [("complaint", "Resolved Complaint"), ("revisit", "Completed Revisit"),
           ("deal", "Won Deal"), ("none", "No Source")]


class CdmBestPractice(models.Model):
    """An entry of the best-practice library (I2, policy §5): a situation
    met with a customer and what worked, written from a resolved complaint,
    a completed revisit or a won deal (the source stays linked) or by hand.
    An entry shares its customer's confidentiality (the confidential mixin):
    an entry from a confidential or secret customer is seen where its
    source is; a manager shares it with everybody by publishing an
    anonymised copy, a new entry without customer or source."""

    _name = "cdm.best.practice"
    _description = "Best Practice"
    _inherit = ["mail.thread", "cdm.confidential.mixin"]
    _order = "create_date desc, id desc"
    _cdm_owner_paths = ("source_user_id",)
    _cdm_team_path = "source_team_id"

    name = fields.Char(string="Title", required=True, track_visibility="onchange")
    situation = fields.Text(help="The customer's situation: what happened, what was at stake.")
    what_worked = fields.Text(
        help="What the team did that worked, for colleagues to reuse.")
    tag_ids = fields.Many2many("cdm.best.practice.tag", string="Tags")
    author_id = fields.Many2one(
        "res.users", required=True, readonly=True, index=True,
        default=lambda self: self.env.user, server_owned=True, ondelete="restrict",
        help="Who wrote the entry; the author and the managers edit it.")
    team_id = fields.Many2one(
        "crm.team", string="Department", index=True, domain=[("department_role", "!=", False)],
        default=lambda self: self.env.user.sale_team_id.filtered("department_role"),
        help="The department whose work the entry comes from.")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True, server_owned=True,
        ondelete="restrict", help="The customer of the source; none on an anonymised copy.")
    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True,
                                server_owned=True, ondelete="set null", index=True)
    revisit_id = fields.Many2one("cdm.revisit", readonly=True,
                                 server_owned=True, ondelete="set null", index=True)
    lead_id = fields.Many2one("crm.lead", string="Deal", readonly=True, server_owned=True,
                              ondelete="set null", index=True)
    source_user_id = fields.Many2one(
        "res.users", string="Source Owner", readonly=True, server_owned=True, index=True,
        ondelete="set null", help="Owner of the source record: like the source, a confidential "
                                  "entry is seen by its owner.")
    source_team_id = fields.Many2one(
        "crm.team", readonly=True, server_owned=True, ondelete="set null",
        help="The development department whose lead sees the source when it is confidential.")
    source_type = fields.Selection(SOURCES, string="Source", compute="_compute_source_type",
                                   store=True, index=True)
    anonymised = fields.Boolean(
        string="Anonymised Copy", readonly=True, server_owned=True, copy=False,
        help="Published by a manager from a customer's entry, without customer or source.")
    published_copy_id = fields.Many2one(
        "cdm.best.practice", string="Anonymised Copy Published", readonly=True,
        server_owned=True, copy=False, ondelete="set null")
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.user.company_id)

    @api.depends("ticket_id", "revisit_id", "lead_id")
    def _compute_source_type(self):
        for entry in self:
            entry.source_type = ("complaint" if entry.ticket_id else "revisit" if entry.revisit_id
                                 else "deal" if entry.lead_id else "none")

    @api.model
    def _create_from_source(self, source, values):
        """The entry of ``source`` (a ticket, revisit or deal the user reads),
        created as the user, with the server's link to the source."""
        source.check_access_rights("read")
        source.check_access_rule("read")
        if not self.check_access_rights("create", raise_exception=False):
            raise AccessError(_("Your role does not write best practices."))
        link = {"helpdesk.ticket": "ticket_id", "cdm.revisit": "revisit_id",
                "crm.lead": "lead_id"}[source._name]
        customer = source.partner_id.commercial_partner_id
        # The link, the customer and the source's owner are the server's facts.
        entry = as_server(self).create(dict(
            values, partner_id=customer.id, source_user_id=source.user_id.id,
            source_team_id=(source.team_id if source._name == "crm.lead" else customer.team_id).id,
            **{link: source.id}))
        entry = self.browse(entry.id)
        return entry

    def _open(self):
        return {
            "type": "ir.actions.act_window", "name": _("Best Practice"), "res_model": self._name,
            "res_id": self.id, "view_mode": "form", "views": [(False, "form")],
            "target": "current",
        }

    def _check_manager(self):
        if not is_manager(self.env):
            raise AccessError(_("Only a Customer Relations manager publishes an anonymised copy."))

    def action_publish_anonymised(self):
        """Publish an anonymised copy: a new entry without customer and
        source, its texts cleared of the customer's names, opened for the
        manager to review."""
        self._check_manager()
        self.ensure_one()
        names = {name for name in (self.partner_id | self.partner_id.child_ids).mapped("name")
                 if name and len(name) > 2}
        names |= {self.partner_id.commercial_company_name or ""} - {""}

        def scrub(text):
            for name in sorted(names, key=len, reverse=True):
                text = re.sub(re.escape(name), _("the customer"), text or "", flags=re.IGNORECASE)
            return text
        copy = self.create({
            "name": scrub(self.name), "situation": scrub(self.situation),
            "what_worked": scrub(self.what_worked), "tag_ids": [(6, 0, self.tag_ids.ids)],
            "team_id": self.team_id.id, "company_id": self.company_id.id,
        })
        as_server(copy).write({"anonymised": True})
        as_server(self).write({"published_copy_id": copy.id})
        self.message_post(body=_("Anonymised copy published: %s") % copy.name)
        return copy._open()

    @api.model
    def _check_source(self, ok, message):
        """Refuse an entry from a source not (yet) worth one."""
        if not ok:
            raise UserError(message)
