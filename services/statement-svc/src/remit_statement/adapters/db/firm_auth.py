"""``FirmAuthenticator`` backed by the ``firm_keys`` table (sha256 of the key, never the key)."""

from __future__ import annotations

import hashlib
from uuid import UUID

from remit_statement.service_layer.unit_of_work import UowFactory

__all__ = ["DbFirmAuthenticator", "key_digest"]


def key_digest(token: str) -> str:
    """Lower-case hex sha256 of an API key (keys are long random strings: no salt needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


class DbFirmAuthenticator:
    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    async def firm_for(self, token: str) -> UUID | None:
        if not token:
            return None
        async with self._uow_factory() as uow:
            return await uow.firms.firm_for_key(key_digest(token))
