"""RFC 9457 problem+json: the single place errors become HTTP responses.

* :class:`~remit_common.errors.RemitError` subclasses map to their own type/title/status.
* FastAPI request validation errors become 422 with an ``errors`` list of
  ``{"pointer": "/body/amount", "detail": "...", "code": "missing"}``; the submitted values are
  never echoed back (they may be personal data).
* Starlette ``HTTPException`` (unknown route, wrong method...) keeps its status.
* Anything else is a 500 with a generic body; the details go to the log only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from remit_common.errors import RemitError, problem_type_uri
from remit_common.logging import get_log_context

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("remit_common.web")

_SLUG_BY_STATUS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "invalid-request",
    429: "too-many-requests",
    500: "internal-error",
    503: "service-unavailable",
}


def _phrase(status: int) -> str | None:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return None


def problem_body(
    status: int,
    *,
    slug: str | None = None,
    title: str | None = None,
    detail: str | None = None,
    instance: str | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A problem document; ``request_id`` from the log context is added for support calls."""
    phrase = _phrase(status) or "Error"
    body: dict[str, Any] = {
        "type": problem_type_uri(slug or _SLUG_BY_STATUS.get(status, "error")),
        "title": title or phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    request_id = get_log_context().get("request_id")
    if request_id:
        body["request_id"] = request_id
    if extensions:
        body.update({k: v for k, v in extensions.items() if k not in body})
    return body


def problem_response(
    status: int, *, headers: Mapping[str, str] | None = None, **kwargs: Any
) -> JSONResponse:
    """A ``application/problem+json`` response; kwargs as for :func:`problem_body`."""
    return JSONResponse(
        problem_body(status, **kwargs),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers) if headers else None,
    )


def error_response(exc: BaseException, path: str | None = None) -> JSONResponse:
    """Map any exception to its problem response; unknown ones become an opaque 500."""
    if isinstance(exc, RemitError):
        if exc.status >= 500:
            # The detail of a server-side error is for us, not for the client.
            log.error("request failed: %s", exc, exc_info=exc)
            return problem_response(exc.status, slug=exc.type, title=exc.title, instance=path)
        return problem_response(
            exc.status,
            slug=exc.type,
            title=exc.title,
            detail=exc.detail,
            instance=path,
            extensions=exc.extensions,
        )
    if isinstance(exc, StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else None
        phrase = _phrase(exc.status_code)
        return problem_response(
            exc.status_code,
            detail=None if detail == phrase else detail,
            instance=path,
            headers=exc.headers,
        )
    if isinstance(exc, RequestValidationError):
        return problem_response(
            422,
            slug="invalid-request",
            title="Invalid request",
            detail="The request did not validate; see errors.",
            instance=path,
            extensions={"errors": validation_errors(exc.errors())},
        )
    if _is_unstorable_text(exc):
        return problem_response(
            422,
            slug="invalid-text",
            title="Invalid text",
            detail="A text field contains a character that cannot be stored (e.g. U+0000).",
            instance=path,
        )
    log.error("unhandled error", exc_info=exc)
    return problem_response(500, instance=path, detail="An unexpected error occurred.")


# PostgreSQL refuses NUL and unconvertible characters in text (SQLSTATE 22021, 22P05): the
# client's input is at fault, so it is a 422, whichever service and field it reached.
_UNSTORABLE_TEXT = {"22021", "22P05"}


def _is_unstorable_text(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        code = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if code in _UNSTORABLE_TEXT:
            return True
        current = getattr(current, "orig", None) or current.__cause__
    return False


def _pointer(loc: Iterable[Any]) -> str:
    # RFC 6901 escaping, so a field literally named "a/b" stays unambiguous.
    parts = (str(p).replace("~", "~0").replace("/", "~1") for p in loc)
    return "/" + "/".join(parts)


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Pydantic error dicts reduced to pointer, message and code; ``input``/``ctx`` dropped."""
    out = []
    for err in errors:
        out.append(
            {
                "pointer": _pointer(err.get("loc", ())),
                "detail": str(err.get("msg", "invalid")),
                "code": str(err.get("type", "invalid")),
            }
        )
    return out


async def _handle(request: Request, exc: Exception) -> JSONResponse:
    return error_response(exc, request.url.path)


def install_problem_handlers(app: FastAPI) -> None:
    """Register the mapping on ``app`` (unknown exceptions are caught by the request middleware)."""
    app.add_exception_handler(RemitError, _handle)
    app.add_exception_handler(StarletteHTTPException, _handle)
    app.add_exception_handler(RequestValidationError, _handle)
