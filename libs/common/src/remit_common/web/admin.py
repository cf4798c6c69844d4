"""The bootstrap admin token guard (``Authorization: Bearer <REMIT_ADMIN_TOKEN>``).

Used by admin-only routes: firm and key management, and the controllable clock.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from remit_common.errors import Unauthorized


def _bearer_matches(authorization: str | None, expected: str) -> bool:
    scheme, _, supplied = (authorization or "").partition(" ")
    # compare_digest: the comparison must not leak how many leading characters matched.
    return (
        scheme.lower() == "bearer"
        and bool(expected)
        and hmac.compare_digest(supplied.strip().encode(), expected.encode())
    )


async def require_admin(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Dependency: passes only with the admin bearer token from the app's settings."""
    expected = request.app.state.settings.admin_token.get_secret_value()
    if not _bearer_matches(authorization, expected):
        raise Unauthorized("A valid admin bearer token is required.")


async def require_internal(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Dependency: passes only with the service-to-service token (``REMIT_INTERNAL_TOKEN``)."""
    expected = request.app.state.settings.internal_token.get_secret_value()
    if not _bearer_matches(authorization, expected):
        raise Unauthorized("A valid internal service token is required.")


AdminDep = Annotated[None, Depends(require_admin)]
"""Add ``_: AdminDep`` to a route (or ``dependencies=[Depends(require_admin)]``)."""

InternalDep = Annotated[None, Depends(require_internal)]
"""Add ``_: InternalDep`` to a route other Remit services call (never firms or admins)."""
