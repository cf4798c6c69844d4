"""scheduler-svc entry point: ``create_app()`` for uvicorn and tests, ``main()`` for the process."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from remit_common import web
from remit_common.logging import configure_logging
from remit_common.settings import load_settings
from remit_common.web.server import run

from remit_scheduler.bootstrap import Overrides, bootstrap
from remit_scheduler.config import Settings
from remit_scheduler.entrypoints.http import routers

log = logging.getLogger("remit_scheduler")


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> FastAPI:
    """Build the scheduler-svc app; its resources are created when the lifespan starts."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with bootstrap(settings, overrides) as container:
            app.state.container = container
            app.state.clock = container.clock
            app.state.firm_authenticator = container.firm_authenticator
            for name, check in container.readiness_checks().items():
                web.register_readiness_check(app, name, check)
            log.info("%s started", settings.service_name, extra={"env": settings.env})
            yield
        log.info("%s stopped", settings.service_name)

    return web.create_app(settings, lifespan=lifespan, routers=routers())


def main() -> None:
    """Serve scheduler-svc until SIGTERM (``python -m remit_scheduler``, ``remit-scheduler``)."""
    settings = load_settings(Settings)
    configure_logging(settings.service_name, settings.log_level)
    run(lambda: create_app(settings), settings)
