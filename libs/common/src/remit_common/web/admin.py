"""The bootstrap admin token guard (``Authorization: Bearer <REMIT_ADMIN_TOKEN>``).

Used by admin-only routes: firm and key management, and the controllable clock.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from remit_common.errors import Unauthorized


async def require_admin(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Dependency: passes only with the admin bearer token from the app's settings."""
    expected = request.app.state.settings.admin_token.get_secret_value()
    scheme, _, supplied = (authorization or "").partition(" ")
    # compare_digest: the comparison must not leak how many leading characters matched.
    if (
        scheme.lower() != "bearer"
        or not expected
        or not hmac.compare_digest(supplied.strip().encode(), expected.encode())
    ):
        raise Unauthorized("A valid admin bearer token is required.")


AdminDep = Annotated[None, Depends(require_admin)]
"""Add ``_: AdminDep`` to a route (or ``dependencies=[Depends(require_admin)]``)."""
