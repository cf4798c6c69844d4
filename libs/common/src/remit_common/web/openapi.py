"""The OpenAPI document as clients should read it, for every service.

FastAPI documents only what routes declare. Remit's apps answer every error as RFC 9457
``application/problem+json`` (``remit_common.web.problems``), so the document is adjusted to say
so: declared error responses use that media type, and each operation lists the problem
responses it can really give (authentication, unknown ids, conflicts, oversized or malformed
bodies, a dependency being down), each with the ``Problem`` schema. Enum schemas also get an
example, so every schema carries one.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "examples": ["urn:remit:problem:not-found"]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "pointer": {"type": "string"},
                    "detail": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
    "required": ["type", "title", "status"],
    "examples": [{"type": "urn:remit:problem:not-found", "title": "Not Found", "status": 404}],
}
_WHY = {
    400: "The body is not valid JSON or not UTF-8.",
    401: "Missing, malformed, unknown or revoked credentials.",
    404: "No such record for the caller's firm (another firm's ids look the same).",
    409: "Conflicts with the current state.",
    413: "The body is larger than the service accepts.",
    422: "Invalid request; `errors` names each invalid field (values are never echoed).",
    503: "A dependency is unavailable (e.g. API keys cannot be checked); retry later.",
}
_OPS_PATHS = ("/healthz", "/readyz", "/metrics")
_WRITES = {"post", "put", "patch", "delete"}


def adjust(doc: dict[str, Any]) -> dict[str, Any]:
    """Declare problem+json error responses on every operation of ``doc`` (in place)."""
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Problem", PROBLEM_SCHEMA)
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or path in _OPS_PATHS:
                continue
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                content = response.get("content", {})
                if status.isdigit() and int(status) >= 400 and "application/json" in content:
                    body = content.pop("application/json")
                    # FastAPI's default 422 body is not what the app sends: a Problem is.
                    if body.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                        body = {"schema": ref}
                    content["application/problem+json"] = body
            for status in _statuses(path, method):
                responses.setdefault(
                    str(status),
                    {
                        "description": _WHY[status],
                        "content": {"application/problem+json": {"schema": ref}},
                    },
                )
    if "HTTPValidationError" not in _refs(doc):  # (ValidationError is only used by it)
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    for schema in schemas.values():
        if "enum" in schema and "examples" not in schema:
            schema["examples"] = [schema["enum"][0]]
    return doc


def _refs(doc: dict[str, Any]) -> set[str]:
    """Names of the component schemas that ``paths`` (directly) refer to."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.add(ref.rsplit("/", 1)[-1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc.get("paths", {}))
    return found


def _statuses(path: str, method: str) -> list[int]:
    statuses = [401, 422, 503]
    if "{" in path:
        statuses.append(404)
    if method in _WRITES:
        statuses += [400, 409, 413]
    return statuses


def install(app: FastAPI, *, title: str | None = None, description: str | None = None) -> None:
    """Serve the adjusted document at ``/openapi.json`` (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = adjust(
                get_openapi(
                    title=title or app.title,
                    version=app.version,
                    description=description or app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
