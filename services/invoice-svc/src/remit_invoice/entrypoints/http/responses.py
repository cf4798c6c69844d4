"""OpenAPI descriptions of the problem+json answers routes can give."""

from __future__ import annotations

from typing import Any

from remit_invoice.schemas.common import Problem

_TEXT = {
    401: "Missing, malformed, unknown or revoked credentials.",
    404: "No such record in the caller's firm (another firm's ids look the same).",
    409: "Conflicts with the current state (e.g. payment on a voided invoice, duplicate "
    "external_id or number).",
    422: "Invalid request: `errors` names each invalid field; also a reused Idempotency-Key "
    "with a different body, or a currency that differs from the invoice's.",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route that can answer with these problem statuses."""
    return {
        status: {
            "model": Problem,
            "description": _TEXT[status],
            "content": {"application/problem+json": {}},
        }
        for status in statuses
    }


READ = problems(401, 404, 422)
WRITE = problems(401, 404, 409, 422)
