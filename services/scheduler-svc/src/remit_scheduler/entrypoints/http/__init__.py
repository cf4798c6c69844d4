"""scheduler-svc HTTP routers: thin handlers, one use case per route, errors as problem+json.

``/healthz``, ``/readyz``, ``/metrics`` (and ``/v1/_clock`` when the clock is controllable)
come from ``remit_common.web.create_app``; feature routers are listed in :func:`routers`.
"""

from fastapi import APIRouter

from remit_scheduler.entrypoints.http import invoices, planning, policies


def routers() -> list[APIRouter]:
    """The service's feature routers, in mount order."""
    return [policies.router, invoices.router, planning.router]
