"""invoice-svc's HTTP entry points: routers and the OpenAPI document."""

from fastapi import APIRouter

from remit_invoice.entrypoints.http.routes import clients, firms, internal, invoices, payments


def routers() -> list[APIRouter]:
    """Every router of the service, in the order the OpenAPI document lists them."""
    # The batch route ("/v1/invoices:batch") goes before "/v1/invoices/{invoice_id}" routes.
    return [
        firms.router,
        clients.router,
        invoices.batch_router,
        invoices.router,
        payments.router,
        internal.router,
    ]
