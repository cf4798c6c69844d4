"""The OpenAPI document as clients should read it.

The adjustments (problem+json error responses, examples on enum schemas) are shared by every
service: ``remit_common.web.openapi``.
"""

from __future__ import annotations

from fastapi import FastAPI
from remit_common.web import openapi as shared

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


def install(app: FastAPI) -> None:
    """Serve the document with invoice-svc's title and description (shared adjustments)."""
    shared.install(app, title="Remit invoice-svc", description=DESCRIPTION)
