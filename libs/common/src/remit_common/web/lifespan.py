"""The lifespan every service's app runs: its composition root, published on ``app.state``.

A service's ``create_app`` reads::

    return web.create_app(settings, service_lifespan(settings, bootstrap, overrides), routers())

While the app runs, ``app.state`` carries the service's ``container``, the ``clock`` (for
``/v1/_clock`` and :data:`ClockDep`), the ``firm_authenticator`` when the container has one
(for :data:`~remit_common.web.firm.FirmDep`), and the container's readiness checks are
registered. A service types its own ``ContainerDep = Annotated[Container,
Depends(get_container)]``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Request
from starlette.types import Lifespan

from remit_common.clock import Clock
from remit_common.settings import ServiceSettings
from remit_common.web.readiness import register_readiness_check

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)
OverridesT = TypeVar("OverridesT")
Bootstrap = Callable[[SettingsT, OverridesT | None], AbstractAsyncContextManager[Any]]


def service_lifespan(
    settings: SettingsT,
    bootstrap: Bootstrap[SettingsT, OverridesT],
    overrides: OverridesT | None = None,
) -> Lifespan[FastAPI]:
    """Run ``bootstrap(settings, overrides)`` for the app's lifetime; see the module docstring."""
    # Logged as the service's package (``remit_invoice``...), like the rest of its records.
    log = logging.getLogger(bootstrap.__module__.partition(".")[0])

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with bootstrap(settings, overrides) as container:
            app.state.container = container
            app.state.clock = container.clock
            app.state.firm_authenticator = getattr(container, "firm_authenticator", None)
            for name, check in container.readiness_checks().items():
                register_readiness_check(app, name, check)
            log.info("%s started", settings.service_name, extra={"env": settings.env})
            yield
        log.info("%s stopped", settings.service_name)

    return lifespan


def get_container(request: Request) -> Any:
    """Dependency: the running app's composition root (set by the lifespan)."""
    return request.app.state.container


def get_clock(request: Request) -> Clock:
    """Dependency: the service clock; routes pass ``clock.now()`` to use cases, never read time."""
    return request.app.state.clock


ClockDep = Annotated[Clock, Depends(get_clock)]
