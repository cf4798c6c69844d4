"""notifier-svc HTTP routers: thin handlers, one use case per route, errors as problem+json.

``/healthz``, ``/readyz``, ``/metrics`` (and ``/v1/_clock`` when the clock is controllable)
come from ``remit_common.web.create_app``; feature routers are listed in :func:`routers`.
"""

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """The service's feature routers, in mount order."""
    from remit_notifier.entrypoints.http import (
        admin,
        channel_settings,
        history,
        providers,
        templates,
        tracking,
    )

    return [
        templates.router,
        channel_settings.router,
        history.router,
        providers.router,
        tracking.router,
        admin.router,
    ]
