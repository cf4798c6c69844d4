"""How a consumer classifies a failure: the record's fault, or the infrastructure's."""

import asyncio

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError


class PermanentError(Exception):
    """The record can never be applied as it is (malformed, unknown reference past its grace).

    The consumer runner sends it to the dead-letter topic at once, without retrying.
    """


def is_infrastructure_error(exc: BaseException) -> bool:
    """True when the failure is the environment's (database or network down), not the record's.

    Such failures are retried without limit, because dead-lettering a good record during an
    outage would lose it from the normal flow.
    """
    if isinstance(exc, OperationalError | InterfaceError | ConnectionError | asyncio.TimeoutError):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if _sqlstate_says_unavailable(exc):
        return True
    return isinstance(exc, OSError)


def _sqlstate_says_unavailable(exc: BaseException) -> bool:
    """PostgreSQL's own word that it is unavailable: class 08 (connection exception) or 57P0x
    (shutting down, crashed, not accepting connections yet), anywhere in the cause chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        code = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if isinstance(code, str) and (code.startswith("08") or code.startswith("57P0")):
            return True
        current = getattr(current, "orig", None) or current.__cause__
    return False
