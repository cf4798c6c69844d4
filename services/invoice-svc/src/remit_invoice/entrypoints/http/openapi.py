"""The OpenAPI document as clients should read it.

FastAPI's generated document is adjusted in two ways: error responses are declared as
``application/problem+json`` (what the app actually sends), and enum schemas get an example so
every schema in the document carries one (a test checks that).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

DESCRIPTION = """\
invoice-svc is Remit's system of record for clients, matters, invoices and payments.

* **Auth**: `Authorization: Bearer rk_live_...` (a firm API key). Firms and keys are created
  with the bootstrap admin token. Every record is scoped to the key's firm; another firm's ids
  answer 404.
* **Idempotency**: every write accepts `Idempotency-Key`; a repeat replays the first response.
* **Money**: integer minor units plus an ISO 4217 currency; never floats.
* **Errors**: RFC 9457 `application/problem+json` with a machine-readable `type`.
* **Events**: every change is published to `billing.invoice-events.v1` via a transactional
  outbox (see docs/asyncapi).
"""


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """Generate and adjust the document for ``app``."""
    doc = get_openapi(
        title="Remit invoice-svc",
        version=app.version,
        description=DESCRIPTION,
        routes=app.routes,
    )
    for path in doc.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    content["application/problem+json"] = content.pop("application/json")
    for schema in doc.get("components", {}).get("schemas", {}).values():
        if "enum" in schema and "examples" not in schema:
            schema["examples"] = [schema["enum"][0]]
    return doc


def install(app: FastAPI) -> None:
    """Serve the adjusted document at ``/openapi.json`` (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
