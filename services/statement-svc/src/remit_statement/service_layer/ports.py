"""Ports the service layer needs from the outside world."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

__all__ = ["FirmAuthenticator"]


class FirmAuthenticator(Protocol):
    """Maps a bearer token to the firm it belongs to.

    invoice-svc owns firm API keys; until it publishes them (or offers a lookup), statement-svc
    keeps its own copy of the keys' sha256 digests, seeded through an admin endpoint. Swapping
    this port's adapter is the only change needed when that moves.
    """

    async def firm_for(self, token: str) -> UUID | None:
        """The firm of ``token``, or None when the token is unknown."""
        ...
