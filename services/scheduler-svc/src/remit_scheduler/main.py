"""scheduler-svc entry point: ``create_app()`` for uvicorn and tests, ``main()`` for the process."""

from __future__ import annotations

from fastapi import FastAPI
from remit_common import web
from remit_common.web.lifespan import service_lifespan
from remit_common.web.server import serve

from remit_scheduler.bootstrap import Overrides, bootstrap
from remit_scheduler.config import Settings
from remit_scheduler.entrypoints.http import routers


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> FastAPI:
    """Build the scheduler-svc app; its resources are created when the lifespan starts."""
    settings = settings or Settings()
    return web.create_app(settings, service_lifespan(settings, bootstrap, overrides), routers())


def main() -> None:
    """Serve scheduler-svc until SIGTERM (``python -m remit_scheduler``, ``remit-scheduler``)."""
    serve(Settings, create_app)
