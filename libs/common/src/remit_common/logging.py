"""Structured JSON logs, one line per record, with personal data redacted at the formatter.

Every record carries ``timestamp`` (UTC ISO 8601), ``level``, ``logger``, ``message``,
``service``, the fields bound in the log context (``request_id``, ``correlation_id``,
``trace_id``, ``span_id``, and whatever else a caller binds), any ``extra={...}`` fields, and
``exc_type`` / ``exc`` for exceptions. The message, the exception text and every extra field
pass through :mod:`remit_common.redaction`, so emails, phone numbers, keys and amounts never
reach the output whatever the call site did.

Bind context for a unit of work (an HTTP request, a Kafka record)::

    with bind_log_context(correlation_id=str(event.id), trace_id=trace.trace_id):
        ...

Uvicorn's ``uvicorn.error`` and ``uvicorn.access`` loggers propagate to the same handler, and
the access log has its query string removed (it may carry tokens).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import sys
import traceback
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from remit_common.redaction import redact_field, redact_text

_EMPTY: Mapping[str, Any] = MappingProxyType({})
_log_context: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "remit_log_context", default=_EMPTY
)

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRS = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None)).keys()
) | {"message", "asctime", "taskName"}
# uvicorn attaches an ANSI-coloured copy of its message; it is noise in JSON.
_DROPPED_EXTRAS = frozenset({"color_message"})


@contextlib.contextmanager
def bind_log_context(**fields: Any) -> Iterator[Mapping[str, Any]]:
    """Add ``fields`` to every log record emitted inside the block (task- and thread-local).

    Fields whose value is ``None`` are ignored. Nested blocks add to the outer context.
    """
    merged = {**_log_context.get(), **{k: v for k, v in fields.items() if v is not None}}
    token = _log_context.set(MappingProxyType(merged))
    try:
        yield _log_context.get()
    finally:
        _log_context.reset(token)


def get_log_context() -> Mapping[str, Any]:
    """The fields currently bound (read-only)."""
    return _log_context.get()


def _json_default(value: Any) -> str:
    return str(value)


class JsonFormatter(logging.Formatter):
    """Formats a record as one redacted JSON object."""

    def __init__(self, service: str) -> None:
        """``service`` is written into every record."""
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line, redacted."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = f"{record.msg!r} (unformattable args)"
        out: dict[str, Any] = {}
        # Extras first, so a careless extra={"level": ...} cannot overwrite the core fields.
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRS and key not in _DROPPED_EXTRAS and key[:1] != "_":
                out[key] = redact_field(key, value)
        for key, value in _log_context.get().items():
            out[key] = redact_field(key, value)
        out.update(
            timestamp=datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            level=record.levelname,
            logger=record.name,
            message=redact_text(message),
            service=self._service,
        )
        if record.exc_info and record.exc_info[0] is not None:
            out["exc_type"] = record.exc_info[0].__name__
            out["exc"] = redact_text("".join(traceback.format_exception(*record.exc_info)))
        elif record.exc_text:
            out["exc"] = redact_text(record.exc_text)
        if record.stack_info:
            out["stack"] = redact_text(record.stack_info)
        return json.dumps(out, default=_json_default, ensure_ascii=False)


class StripQueryStringFilter(logging.Filter):
    """Drops the query string from uvicorn access-log lines (tokens travel in query strings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the path argument in place; never drops the record."""
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path = args[2].split("?", 1)[0]
            record.args = (*args[:2], path, *args[3:])
        return True


def configure_logging(service_name: str, level: str | int = "INFO") -> None:
    """Send all logging (root, uvicorn, libraries) to stdout as redacted JSON lines.

    Idempotent: calling it again replaces the handler rather than adding a second one.
    """
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service_name))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_remit", False):
            root.removeHandler(old)
    handler._remit = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uv = logging.getLogger(name)
        uv.handlers.clear()  # uvicorn installs its own plain-text handlers otherwise
        uv.propagate = True
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, StripQueryStringFilter) for f in access.filters):
        access.addFilter(StripQueryStringFilter())
    # aiokafka and sqlalchemy are chatty at INFO; their warnings still come through.
    for noisy in ("aiokafka", "sqlalchemy.engine"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
