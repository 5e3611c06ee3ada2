"""Database constraint errors as messages a user understands.

Odoo 11 turns an ``IntegrityError`` raised during an RPC or web request into
a ``ValidationError`` (``odoo.service.model.check``) only for the constraints
of ``_sql_constraints`` and for NOT NULL and foreign key violations; any
other (a unique index, an exclusion or check constraint another addon adds)
reaches ``inst[0]``, which psycopg2 2.8 exceptions do not support: the user
sees ``TypeError: 'UniqueViolation' object is not subscriptable``. This
wraps the same entry points and answers those from the error's diagnostics
(table and constraint) instead, leaving every case Odoo handles to Odoo."""
import logging
from functools import wraps

from psycopg2 import IntegrityError, errorcodes

import odoo
from odoo.exceptions import ValidationError
from odoo.service import model as service_model
from odoo.tools.translate import translate

_logger = logging.getLogger(__name__)

HANDLED_BY_ODOO = (errorcodes.NOT_NULL_VIOLATION, errorcodes.FOREIGN_KEY_VIOLATION,
                   errorcodes.RESTRICT_VIOLATION)


def _(source):
    """Mark ``source`` for translation; translated when the error is raised."""
    return source


MESSAGES = {
    errorcodes.UNIQUE_VIOLATION: _(
        "Another %(model)s record already has this value, which must be unique "
        "(%(constraint)s). Change the value or open the existing record."),
    errorcodes.EXCLUSION_VIOLATION: _(
        "Another %(model)s record conflicts with this one (%(constraint)s). "
        "Change it or open the existing record."),
    errorcodes.CHECK_VIOLATION: _(
        "A value of this %(model)s record is not allowed (%(constraint)s). "
        "Correct it and save again."),
}
DEFAULT_MESSAGE = _("The %(model)s record could not be saved: %(constraint)s.")


def _request_lang(args, kwargs):
    """The language of the caller, as Odoo's own wrapper reads it."""
    context = {}
    if kwargs.get("context"):
        context = kwargs["context"]
    elif isinstance(kwargs.get("kwargs"), dict) and kwargs["kwargs"].get("context"):
        context = kwargs["kwargs"]["context"]
    elif args and isinstance(args[-1], dict):
        context = args[-1]
    else:
        try:
            from odoo.http import request
            context = request.env.context
        except Exception:  # pylint: disable=broad-except
            context = {}
    return (context or {}).get("lang")


def _translate(dbname, lang, source, ttype="code"):
    if not lang or lang == "en_US":
        return source
    # A new cursor: the one that failed is aborted.
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        return translate(cr, name=False, source_type=ttype, lang=lang, source=source) or source


def integrity_error_message(dbname, error, lang=None):
    """A message a user understands for ``error``, a psycopg2 IntegrityError
    that ``_sql_constraints`` does not describe."""
    diag = error.diag
    registry = odoo.registry(dbname)
    model_name = diag.table_name or ""
    for model in registry.values():
        if model._table == diag.table_name and not model._abstract:
            model_name = _translate(dbname, lang, model._description, "model") \
                if lang else model._description
            break
    template = MESSAGES.get(error.pgcode, DEFAULT_MESSAGE)
    return _translate(dbname, lang, template) % {
        "model": model_name, "constraint": diag.constraint_name or diag.message_primary or ""}


def _handled_by_odoo(dbname, error):
    if error.pgcode in HANDLED_BY_ODOO:
        return True
    pgerror = error.pgerror or ""
    return any(key in pgerror for key in odoo.registry(dbname)._sql_error)


_odoo_check = getattr(service_model.check, "_cdm_original", service_model.check)


def _serves_this_module(dbname):
    """Whether ``dbname`` has the module installed: the server may serve
    other databases, which keep Odoo's behaviour untouched."""
    registry = odoo.modules.registry.Registry.registries.get(dbname)
    return registry is not None and "cdm.policy" in registry


def check(function):
    """``odoo.service.model.check`` that never lets an IntegrityError reach
    Odoo 11's ``inst[0]`` in a database of this module. Transparent
    otherwise: the database argument is named ``___dbname`` as in Odoo's own
    wrapper, so a route's own ``dbname`` parameter (``/web/binary/company_logo
    ?dbname=``) reaches the route untouched."""
    @wraps(function)
    def explained(___dbname, *args, **kwargs):
        try:
            return function(___dbname, *args, **kwargs)
        except IntegrityError as error:
            if not _serves_this_module(___dbname) or _handled_by_odoo(___dbname, error):
                raise
            _logger.info("Integrity error shown to the user: %s", error.pgerror)
            raise ValidationError(integrity_error_message(
                ___dbname, error, _request_lang(args, kwargs))) from error
    return _odoo_check(explained)


check._cdm_original = _odoo_check


def install():
    """Route the RPC and web entry points through ``check`` (idempotent)."""
    if service_model.check is check:
        return
    service_model.check = check  # read by odoo.http on every web request
    execute = getattr(service_model.execute, "__wrapped__", None)
    if execute is not None:
        service_model.execute = check(execute)  # XML-RPC execute and execute_kw


install()
