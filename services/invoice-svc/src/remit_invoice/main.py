"""invoice-svc entry point: ``create_app()`` for uvicorn and tests, ``main()`` for the process."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from remit_common import web
from remit_common.logging import configure_logging
from remit_common.settings import load_settings
from remit_common.web.server import run

from remit_invoice.bootstrap import Overrides, bootstrap
from remit_invoice.config import Settings
from remit_invoice.entrypoints.http import openapi, routers

log = logging.getLogger("remit_invoice")


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> FastAPI:
    """Build the invoice-svc app; its resources are created when the lifespan starts."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with bootstrap(settings, overrides) as container:
            app.state.container = container
            app.state.clock = container.clock
            for name, check in container.readiness_checks().items():
                web.register_readiness_check(app, name, check)
            log.info("%s started", settings.service_name, extra={"env": settings.env})
            yield
        log.info("%s stopped", settings.service_name)

    app = web.create_app(settings, lifespan=lifespan, routers=routers())
    openapi.install(app)
    return app


def main() -> None:
    """Serve invoice-svc until SIGTERM (``python -m remit_invoice``, ``remit-invoice``)."""
    settings = load_settings(Settings)
    configure_logging(settings.service_name, settings.log_level)
    run(lambda: create_app(settings), settings)
