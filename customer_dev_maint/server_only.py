"""What only the server may say: flags and values in the context that no
client can send.

A client fills the context with anything it likes (``execute_kw(...,
{'context': {...}})``, the web client's ``call_kw``), but only with JSON or
XML-RPC values: strings, numbers, lists, dicts. A value put in the context
by server code is an instance of :class:`ServerValue`, which no client can
build; the module reads its flags with :func:`server_value`, which ignores
anything else under the same key. So a key a client sends
(``cdm_no_access_log``, ``cdm_print_logged``, ``cdm_revisit_job``, ...)
never switches off a check, a log or a rule, and never writes a server-owned
field (:func:`as_server`)."""


class ServerValue:
    """A context value set by server code (see the module's docstring)."""

    __slots__ = ("value",)

    def __init__(self, value=True):
        self.value = value

    def __repr__(self):
        return "ServerValue(%r)" % (self.value,)


# The context key under which the server writes its own fields (item:
# server-owned fields, ``cdm_server_owned_mixin``).
SERVER_WRITE = "cdm_server_write"


def with_server(records, **flags):
    """``records`` with server-only ``flags`` in their context."""
    return records.with_context(**{key: ServerValue(value) for key, value in flags.items()})


def server_value(env, key, default=None):
    """The value server code put under ``key``; ``default`` when the key is
    absent or was sent by a client."""
    value = env.context.get(key)
    return value.value if isinstance(value, ServerValue) else default


def as_server(records):
    """``records`` allowed to write their server-owned fields: for the
    module's own methods, jobs and hooks, never reachable from a client."""
    return with_server(records, **{SERVER_WRITE: True})


def is_server(env):
    """Whether the server writes (see :func:`as_server`)."""
    return bool(server_value(env, SERVER_WRITE))
