"""The FastAPI dependency that turns ``Authorization: Bearer <firm API key>`` into a firm.

The service's lifespan puts a :class:`~remit_common.firm_auth.FirmAuthenticator` on
``app.state.firm_authenticator``; routes then take ``firm: FirmDep``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from remit_common.errors import Fatal, ServiceUnavailable, Unauthorized
from remit_common.firm_auth import AuthenticatorUnavailable, FirmPrincipal


async def current_firm(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> FirmPrincipal:
    """Dependency: the calling firm, or 401 problem+json."""
    scheme, _, api_key = (authorization or "").partition(" ")
    api_key = api_key.strip()
    if scheme.lower() != "bearer" or not api_key:
        raise Unauthorized("Send the firm's API key as 'Authorization: Bearer <key>'.")
    authenticator = getattr(request.app.state, "firm_authenticator", None)
    if authenticator is None:
        raise Fatal("firm authentication is not configured")
    try:
        principal = await authenticator.authenticate(api_key)
    except AuthenticatorUnavailable as exc:
        raise ServiceUnavailable("API keys cannot be checked right now; retry shortly.") from exc
    if principal is None:
        raise Unauthorized("The API key is not valid (unknown or revoked).")
    return principal


FirmDep = Annotated[FirmPrincipal, Depends(current_firm)]
"""Add ``firm: FirmDep`` to a route; every query it makes is scoped by ``firm.firm_id``."""
