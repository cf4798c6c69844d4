"""Pure-ASGI middleware: request context (ids, trace, last-resort errors) and body size limit.

Pure ASGI rather than ``BaseHTTPMiddleware``: no extra task per request, contextvars set here are
visible to the handler and to uvicorn's access log, and streaming bodies are not buffered.
"""

from __future__ import annotations

import logging
import re
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from remit_common.logging import bind_log_context
from remit_common.tracecontext import (
    TraceContext,
    parse_traceparent,
    reset_current_trace,
    set_current_trace,
)
from remit_common.web.problems import error_response, problem_response

log = logging.getLogger("remit_common.web")

REQUEST_ID_HEADER = "x-request-id"
# Caller-supplied ids go into logs and headers: accept only a safe, bounded alphabet.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestContextMiddleware:
    """Binds request id and trace ids to the log context; turns stray exceptions into a 500.

    * ``X-Request-ID`` is accepted if it looks safe, otherwise generated; echoed on the response.
    * ``traceparent`` continues the caller's trace (a new span of ours) or starts one; the
      current span is available to outbound calls via ``remit_common.tracecontext``.
    * An exception no handler mapped is logged here, with the request's ids, and answered with
      an opaque problem+json 500, unless the response had already started.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        supplied = headers.get(REQUEST_ID_HEADER)
        request_id = supplied if supplied and _SAFE_REQUEST_ID.match(supplied) else uuid.uuid4().hex
        parent = parse_traceparent(headers.get("traceparent"))
        span = parent.child() if parent else TraceContext.new()
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        token = set_current_trace(span)
        try:
            with bind_log_context(
                request_id=request_id, trace_id=span.trace_id, span_id=span.span_id
            ):
                try:
                    await self.app(scope, receive, send_with_id)
                except Exception as exc:  # noqa: BLE001 - last resort, mapped to problem+json
                    if started:
                        log.error("error after response started", exc_info=exc)
                        return
                    response = error_response(exc, scope.get("path"))
                    await response(scope, receive, send_with_id)
        finally:
            reset_current_trace(token)


class BodySizeLimitMiddleware:
    """Refuses request bodies larger than ``max_bytes`` with a problem+json 413.

    A declared ``Content-Length`` over the limit is refused before the app runs; a chunked body
    is counted as it streams and aborted as soon as it crosses the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        """Wrap ``app`` with a limit of ``max_bytes``."""
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # HTTPException survives FastAPI's body-parsing wrapper (others become 400).
                    raise HTTPException(413, detail=self._detail())
            return message

        await self.app(scope, limited_receive, send)

    def _detail(self) -> str:
        return f"The request body exceeds {self.max_bytes} bytes."

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            slug="payload-too-large",
            detail=self._detail(),
            instance=scope.get("path"),
            headers={"connection": "close"},
        )
        await response(scope, receive, send)
