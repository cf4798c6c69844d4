"""invoice-svc entry point: ``create_app()`` for uvicorn and tests, ``main()`` for the process."""

from __future__ import annotations

from fastapi import FastAPI
from remit_common import web
from remit_common.web.lifespan import service_lifespan
from remit_common.web.server import serve

from remit_invoice.bootstrap import Overrides, bootstrap
from remit_invoice.config import Settings
from remit_invoice.entrypoints.http import openapi, routers


def create_app(settings: Settings | None = None, overrides: Overrides | None = None) -> FastAPI:
    """Build the invoice-svc app; its resources are created when the lifespan starts."""
    settings = settings or Settings()
    app = web.create_app(settings, service_lifespan(settings, bootstrap, overrides), routers())
    openapi.install(app)
    return app


def main() -> None:
    """Serve invoice-svc until SIGTERM (``python -m remit_invoice``, ``remit-invoice``)."""
    serve(Settings, create_app)
