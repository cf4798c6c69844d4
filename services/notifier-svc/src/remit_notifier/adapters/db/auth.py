"""The firm authenticator backed by the notifier's ``firm_keys`` table.

A firm's API key is a random bearer token handed out once by ``POST /v1/_admin/firm-keys``;
only its SHA-256 is stored, so a database leak exposes no usable key. invoice-svc owns firm
keys in the long run; this adapter sits behind the ``FirmAuthenticator`` port so it can be
replaced by one fed from invoice-svc's events without touching the routers.
"""

from __future__ import annotations

import hashlib
import secrets
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from remit_notifier.adapters.db.readmodels import ReadModels

KEY_PREFIX = "rn_"


def hash_key(token: str) -> str:
    """SHA-256 hex of a bearer token (keys are high-entropy, so no salt/KDF is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_key() -> str:
    """A new random API key (shown to the operator once)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


class DbFirmAuthenticator:
    """Looks the token's hash up in ``firm_keys``."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def firm_for(self, token: str) -> UUID | None:
        if not token.startswith(KEY_PREFIX) or len(token) > 200:
            return None
        async with self._sessions() as session:
            return await ReadModels(session).firm_for_key_hash(hash_key(token))
