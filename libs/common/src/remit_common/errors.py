"""Remit's error taxonomy, mapped once to RFC 9457 problem+json at the HTTP edge.

Use cases raise these (or a service's own subclasses); routers never build error responses by
hand. Each class carries the problem ``type`` slug, a stable ``title`` and the HTTP ``status``.
``detail`` is the per-occurrence, human-readable explanation: it is sent to the client for 4xx,
so it must not contain personal data or internals. For 5xx it is logged, never sent.

A service specialises by subclassing, e.g.::

    class InvoiceNotFound(NotFound):
        type = "invoice-not-found"
        title = "Invoice not found"
"""

from __future__ import annotations

from typing import Any, ClassVar

PROBLEM_TYPE_BASE = "urn:remit:problem:"
"""Prefix of every problem ``type``: a URN, so no one mistakes it for a page to fetch."""


def problem_type_uri(slug: str) -> str:
    """The full problem ``type`` URI for a slug such as ``"not-found"``."""
    return slug if ":" in slug else PROBLEM_TYPE_BASE + slug


class RemitError(Exception):
    """Base of every error Remit maps to a problem+json response."""

    type: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"
    status: ClassVar[int] = 500

    def __init__(self, detail: str | None = None, **extensions: Any) -> None:
        """``detail`` explains this occurrence; ``extensions`` become extra problem members."""
        super().__init__(detail or self.title)
        self.detail = detail
        self.extensions = extensions

    @property
    def type_uri(self) -> str:
        """The problem ``type`` as a URI."""
        return problem_type_uri(self.type)


class InvalidRequest(RemitError):
    """The request is well-formed but asks for something the rules do not allow."""

    type = "invalid-request"
    title = "Invalid request"
    status = 422


class Unauthorized(RemitError):
    """No credentials, or credentials we do not recognise."""

    type = "unauthorized"
    title = "Unauthorized"
    status = 401


class Forbidden(RemitError):
    """Known caller, but not allowed to do this."""

    type = "forbidden"
    title = "Forbidden"
    status = 403


class NotFound(RemitError):
    """The resource does not exist (or the caller may not know it does)."""

    type = "not-found"
    title = "Not found"
    status = 404


class Conflict(RemitError):
    """The request conflicts with the resource's current state."""

    type = "conflict"
    title = "Conflict"
    status = 409


class PayloadTooLarge(RemitError):
    """The request body is larger than the service accepts."""

    type = "payload-too-large"
    title = "Payload too large"
    status = 413


class ServiceUnavailable(RemitError):
    """A dependency this request needs is down; the caller may retry later."""

    type = "service-unavailable"
    title = "Service unavailable"
    status = 503


class Fatal(RemitError):
    """Something is broken on our side; the client cannot fix it by changing the request."""

    type = "internal-error"
    title = "Internal error"
    status = 500
