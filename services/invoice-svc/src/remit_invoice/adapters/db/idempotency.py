"""Stored first responses of idempotent writes, keyed by (caller scope, Idempotency-Key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_invoice.adapters.db.tables import idempotency_keys as t


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """The first request's fingerprint and, once it committed, its response."""

    request_hash: bytes
    status_code: int | None
    body: Any


class IdempotencyRepository:
    """Claims keys inside the request's transaction, so the claim commits with the effect."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def claim(self, scope: str, key: str, request_hash: bytes, now: datetime) -> bool:
        """True if this request owns the key; False if an earlier request already stored it.

        A concurrent request with the same key blocks on the primary key until the first
        transaction ends: after a commit it sees the stored row, after a rollback it wins.
        """
        result = await self._s.execute(
            insert(t)
            .values(scope=scope, key=key, request_hash=request_hash, created_at=now)
            .on_conflict_do_nothing()
            .returning(t.c.key)
        )
        return result.first() is not None

    async def stored(self, scope: str, key: str) -> StoredResponse | None:
        """What the first request with this key left."""
        row = (await self._s.execute(select(t).where(t.c.scope == scope, t.c.key == key))).first()
        if row is None:
            return None
        return StoredResponse(row.request_hash, row.status_code, row.response_body)

    async def complete(self, scope: str, key: str, status_code: int, body: Any) -> None:
        """Record the response to replay."""
        await self._s.execute(
            update(t)
            .where(t.c.scope == scope, t.c.key == key)
            .values(status_code=status_code, response_body=body)
        )
