"""Which buttons a view shows its user."""
import json

from lxml import etree


def offered(model, user, button, view_xmlid=None):
    """Whether ``user``'s form view of ``model`` (an environment's model)
    shows the button named ``button``. Odoo 11 keeps a node of another group
    in the view, made invisible for good."""
    view_id = model.env.ref(view_xmlid).id if view_xmlid else None
    arch = model.sudo(user).fields_view_get(view_id=view_id, view_type="form")["arch"]
    doc = etree.fromstring(arch)
    return any(json.loads(node.get("modifiers") or "{}").get("invisible") is not True
               for node in doc.xpath("//button[@name='%s']" % button))


def form_arch(model, user, view_xmlid=None):
    view_id = model.env.ref(view_xmlid).id if view_xmlid else None
    return etree.fromstring(model.sudo(user).fields_view_get(view_id=view_id, view_type="form")["arch"])
