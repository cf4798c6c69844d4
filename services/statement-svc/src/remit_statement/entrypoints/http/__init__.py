"""statement-svc HTTP routers: thin handlers, one use case per route, errors as problem+json.

``/healthz``, ``/readyz``, ``/metrics`` (and ``/v1/_clock`` when the clock is controllable)
come from ``remit_common.web.create_app``; feature routers are listed in :func:`routers`.
"""

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """The service's feature routers, in mount order."""
    from remit_statement.entrypoints.http import (
        batches,
        firm_profile,
        internal,
        reports,
        statements,
    )

    return [statements.router, reports.router, batches.router, firm_profile.router, internal.router]
