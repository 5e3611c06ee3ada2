from odoo import SUPERUSER_ID, api, models


def confidential_models(env):
    """Models whose records carry a confidentiality level: the customers and
    every model that inherits the confidential mixin."""
    return {name for name, model in env.registry.items()
            if not model._abstract and (name == "res.partner" or hasattr(model, "_cdm_customer_field"))}


def hidden_documents(env, pairs):
    """Of ``(model, res_id)`` pairs, those of confidential models the user
    may not read."""
    by_model = {}
    for model, res_id in pairs:
        by_model.setdefault(model, set()).add(res_id)
    hidden = set()
    watched = confidential_models(env)
    for model, res_ids in by_model.items():
        if model not in watched or model not in env:
            continue
        readable = set(env[model].with_context(active_test=False).search([("id", "in", list(res_ids))]).ids)
        hidden.update((model, res_id) for res_id in res_ids - readable)
    return hidden


class MailActivity(models.Model):
    """Activities of a customer record the user may not read are not found,
    read nor counted (C3): Odoo 11 checks the document only on create,
    write and unlink."""

    _inherit = "mail.activity"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if self.env.uid == SUPERUSER_ID:
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        ids = super()._search(args, offset=offset, limit=limit, order=order, count=False,
                              access_rights_uid=access_rights_uid)
        if ids:
            self.env.cr.execute("SELECT id, res_model, res_id FROM mail_activity WHERE id IN %s",
                                (tuple(ids),))
            rows = self.env.cr.fetchall()
            hidden = hidden_documents(self.env, [(model, res_id) for _id, model, res_id in rows])
            if hidden:
                dropped = {act_id for act_id, model, res_id in rows if (model, res_id) in hidden}
                ids = [act_id for act_id in ids if act_id not in dropped]
        return len(ids) if count else ids

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        if self.env.uid != SUPERUSER_ID:
            pairs = [(act.res_model, act.res_id) for act in self.sudo()]
            if hidden_documents(self.env, pairs):
                self._check_access("read")
        return super().read(fields=fields, load=load)
