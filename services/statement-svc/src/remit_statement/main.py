"""statement-svc entry point: ``create_app()`` for uvicorn and tests, ``main()`` for the process."""

from __future__ import annotations

from fastapi import FastAPI
from remit_common import web
from remit_common.web.lifespan import service_lifespan
from remit_common.web.server import serve

from remit_statement.bootstrap import Overrides, bootstrap
from remit_statement.config import Settings
from remit_statement.entrypoints.http import routers


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> FastAPI:
    """Build the statement-svc app; its resources are created when the lifespan starts."""
    settings = settings or Settings()
    return web.create_app(settings, service_lifespan(settings, bootstrap, overrides), routers())


def main() -> None:
    """Serve statement-svc until SIGTERM (``python -m remit_statement``, ``remit-statement``)."""
    serve(Settings, create_app)
