"""W3C Trace Context (``traceparent``) parsing and propagation.

The HTTP middleware parses an incoming ``traceparent`` (or starts a new trace), opens a span of
its own and binds ``trace_id``/``span_id`` into the log context. Kafka producers put
``current_traceparent()`` into record headers; consumers call :func:`parse_traceparent` on the
header and :meth:`TraceContext.child` to continue the trace.
"""

from __future__ import annotations

import contextvars
import re
import secrets
from dataclasses import dataclass

_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$")
_current: contextvars.ContextVar[TraceContext | None] = contextvars.ContextVar(
    "remit_trace_context", default=None
)


@dataclass(frozen=True, slots=True)
class TraceContext:
    """One span's identity: the trace it belongs to, its own id, and the trace flags."""

    trace_id: str
    span_id: str
    flags: str = "01"

    @classmethod
    def new(cls) -> TraceContext:
        """A new trace with a new root span (sampled)."""
        return cls(secrets.token_hex(16), secrets.token_hex(8))

    def child(self) -> TraceContext:
        """A new span in the same trace (our span, when this context came from a caller)."""
        return TraceContext(self.trace_id, secrets.token_hex(8), self.flags)

    def to_traceparent(self) -> str:
        """The ``traceparent`` header value for calls made from this span."""
        return f"00-{self.trace_id}-{self.span_id}-{self.flags}"


def parse_traceparent(value: str | bytes | None) -> TraceContext | None:
    """Parse a ``traceparent`` header; None when absent or invalid (then start a new trace)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    match = _TRACEPARENT.match(value.strip().lower())
    if match is None:
        return None
    version, trace_id, span_id, flags = match.groups()
    # Version ff is forbidden; all-zero ids are invalid per the spec.
    if version == "ff" or trace_id == "0" * 32 or span_id == "0" * 16:
        return None
    if version == "00" and len(value.strip()) != 55:
        return None
    return TraceContext(trace_id, span_id, flags)


def current_trace() -> TraceContext | None:
    """The span the current task is working in, if any."""
    return _current.get()


def current_traceparent() -> str | None:
    """``traceparent`` to send on outbound calls/records, or None outside any span."""
    ctx = _current.get()
    return ctx.to_traceparent() if ctx else None


def set_current_trace(ctx: TraceContext | None) -> contextvars.Token[TraceContext | None]:
    """Make ``ctx`` the current span; pass the token to :func:`reset_current_trace` after."""
    return _current.set(ctx)


def reset_current_trace(token: contextvars.Token[TraceContext | None]) -> None:
    """Restore the span that was current before :func:`set_current_trace`."""
    _current.reset(token)
