"""Mapping HTTP provider answers to transient / permanent failures (shared by HTTP adapters)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from remit_notifier.domain.messages import PermanentProviderError, TransientProviderError


def check_response(response: httpx.Response, provider: str) -> None:
    """Raise the right provider error for a non-2xx answer (reason without personal data)."""
    if response.is_success:
        return
    code = response.status_code
    detail = ""
    try:
        body = response.json()
        if isinstance(body, dict):
            err = body.get("error") if isinstance(body.get("error"), dict) else body
            code_value = err.get("code", err.get("ErrorCode"))  # Twilio/Lob, Postmark
            detail = f" code {code_value}" if code_value is not None else ""
    except ValueError:
        pass
    reason = f"{provider} answered HTTP {code}{detail}"
    if code in (408, 425, 429) or code >= 500:
        seconds = retry_after_seconds(response.headers.get("retry-after"))
        raise TransientProviderError(reason, retry_after=seconds)
    raise PermanentProviderError(reason)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def transport_error(exc: httpx.HTTPError, provider: str) -> TransientProviderError:
    """Connection refused, timeouts and the like: always worth retrying."""
    return TransientProviderError(f"{provider} unreachable ({type(exc).__name__})")
