"""The Odoo 11 web client's requests, made in a test's transaction.

A button is called through ``/web/dataset/call_button`` as
``method([ids], context)``: the context is the positional argument after the
ids, so a button method with a parameter of its own receives it there. A form
sends the fields it carries: all of them when it creates a record, the changed
ones (the user's and the onchange's) when it saves one, never a field that is
read-only in the view unless it has ``force_save``; a field the view carries
twice has one value and the modifiers of its last occurrence."""
import json

from lxml import etree

from odoo.api import call_kw
from odoo.models import check_method_name
from odoo.osv.expression import normalize_domain


def web_context(user, **extra):
    """The context the web client sends with each request of ``user``."""
    context = {"lang": user.lang or "en_US", "tz": user.tz or "Asia/Shanghai",
               "uid": user.id, "params": {"action": 1, "view_type": "form"}}
    context.update(extra)
    return context


def call_button(env, user, model, method, ids, context=None):
    """What ``/web/dataset/call_button`` does for ``user``'s click on the
    object button ``method`` of records ``ids``: the same dispatch
    (``call_kw`` with ``[ids, context]``) and the same JSON answer."""
    check_method_name(method)
    result = call_kw(env[model].sudo(user), method, [list(ids), web_context(user, **(context or {}))], {})
    json.dumps(result)  # the answer travels as JSON: a record set or a date would not
    return result


def field_nodes(arch):
    """{field name: modifiers of its last occurrence} of a view's own level
    (not the subviews of its x2many fields): what the client keeps."""
    nodes = {}
    for node in etree.fromstring(arch).iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        nodes[node.get("name")] = (json.loads(node.get("modifiers") or "{}"), node.get("force_save"))
    return nodes


def _holds(domain, values):
    """A view modifier's domain evaluated on the client's values."""
    if not isinstance(domain, list):
        return bool(domain)
    stack = []
    for item in reversed(normalize_domain(domain)):
        if item == "!":
            stack.append(not stack.pop())
        elif item in ("&", "|"):
            first, second = stack.pop(), stack.pop()
            stack.append(first and second if item == "&" else first or second)
        else:
            name, operator, operand = item
            value = values.get(name)
            if isinstance(value, (list, tuple)) and value and operator in ("=", "!=") and \
                    not isinstance(operand, (list, tuple)):
                value = value[0]
            stack.append(_compare(value, operator, operand))
    return all(stack)


def _compare(value, operator, operand):
    equal = value == operand or (not value and not operand)
    if operator in ("=", "=="):
        return equal
    if operator in ("!=", "<>"):
        return not equal
    if operator == "in":
        return value in operand
    if operator == "not in":
        return value not in operand
    if value is False or value is None:
        return False  # the client's comparison of an empty value with a bound
    if operator == "<":
        return value < operand
    if operator == ">":
        return value > operand
    if operator == "<=":
        return value <= operand
    return value >= operand


def _client_value(record, name):
    field = record._fields[name]
    value = record[name]
    if field.type == "many2one":
        return value.id
    if field.type in ("one2many", "many2many"):
        return value.ids
    return field.convert_to_read(value, record, use_name_get=False)


class WebForm:
    """A form view as ``user``'s web client holds it: ``view`` is an xml id
    (default: the model's default form view)."""

    def __init__(self, env, user, model, view=None, context=None):
        self.env, self.user, self.model = env, user, model
        self.context = web_context(user, **(context or {}))
        self.Model = env[model].sudo(user).with_context(self.context)
        view_id = env.ref(view).id if view else None
        self.view = self.Model.fields_view_get(view_id=view_id, view_type="form")
        self.fields = field_nodes(self.view["arch"])
        self.spec = self.Model._onchange_spec(self.view)

    def _sent(self, values, names):
        """The values of ``names`` the client sends: not the read-only ones."""
        sent = {}
        for name in names:
            modifiers, force_save = self.fields.get(name, ({}, None))
            if name in self.fields and _holds(modifiers.get("readonly", False), values) and not force_save:
                continue
            value = values[name]
            field = self.Model._fields[name]
            if field.type in ("one2many", "many2many") and isinstance(value, list) and \
                    all(isinstance(v, int) for v in value):
                value = [(6, 0, value)]
            sent[name] = value
        return sent

    def _onchange(self, values, changed, record=None):
        result = (record or self.Model).onchange(values, changed, self.spec)
        for name, value in (result.get("value") or {}).items():
            if isinstance(value, tuple) and len(value) == 2:  # many2one as (id, name)
                value = value[0]
            values[name] = value
        return set(result.get("value") or {})

    def create(self, values):
        """New > fill ``values`` (in the fields' order) > Save: the record."""
        names = list(self.fields)
        data = dict.fromkeys(names, False)
        data.update(self.Model.default_get(names))
        self._onchange(data, [])
        for name, value in values.items():
            data[name] = value
            self._onchange(data, name)
        vals = self._sent(data, [name for name in names if name in data])
        record_id = call_kw(self.Model, "create", [vals], {"context": self.context})
        return self.env[self.model].browse(record_id)

    def save(self, record, values):
        """Open ``record`` > change ``values`` one by one > Save."""
        record = record.sudo(self.user).with_context(self.context)
        names = list(self.fields)
        data = {name: _client_value(record, name) for name in names}
        changed = set()
        for name, value in values.items():
            data[name] = value
            changed.add(name)
            changed |= self._onchange(data, name, record)
        vals = self._sent(data, [name for name in names if name in changed])
        if vals:
            call_kw(self.Model, "write", [[record.id], vals], {"context": self.context})
        return record
