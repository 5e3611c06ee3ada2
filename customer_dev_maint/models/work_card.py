"""What the cards of My Work (``cdm.my.work``) and of the management dashboard
(``cdm.dashboard.tile``) share. A card is a record whose count and list come from one
definition, a model and a domain computed for the reader: the count is the number of
records the list opens, both in the reader's environment (their record rules apply).
"""


def card_count(env, model, domain):
    """The card's count: the records of ``model`` matching ``domain`` that ``env``'s
    user may read."""
    return env[model].search_count(domain)


def card_action(name, model, domain, view_mode="tree,form", context=None):
    """The window the card opens: exactly the records its count counts, without a
    button to create one there."""
    return {
        "type": "ir.actions.act_window",
        "name": name,
        "res_model": model,
        "view_mode": view_mode,
        "views": [(False, mode) for mode in view_mode.split(",")],
        "domain": domain,
        "context": dict(context or {}, create=False),
        "target": "current",
    }
