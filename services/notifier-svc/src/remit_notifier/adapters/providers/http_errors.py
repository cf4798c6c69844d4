"""Mapping HTTP provider answers to transient / permanent failures (shared by HTTP adapters)."""

from __future__ import annotations

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
            detail = f" code {err.get('code')}" if err.get("code") is not None else ""
    except ValueError:
        pass
    reason = f"{provider} answered HTTP {code}{detail}"
    if code in (408, 425, 429) or code >= 500:
        retry_after = response.headers.get("retry-after")
        seconds = float(retry_after) if retry_after and retry_after.isdigit() else None
        raise TransientProviderError(reason, retry_after=seconds)
    raise PermanentProviderError(reason)


def transport_error(exc: httpx.HTTPError, provider: str) -> TransientProviderError:
    """Connection refused, timeouts and the like: always worth retrying."""
    return TransientProviderError(f"{provider} unreachable ({type(exc).__name__})")
