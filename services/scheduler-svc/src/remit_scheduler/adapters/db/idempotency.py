"""Stored responses of writes that carried an ``Idempotency-Key`` header.

The key is claimed *first*, by inserting its row at the start of the write's transaction:
a concurrent request with the same key then blocks on the primary key until the first
transaction ends, and finds the stored response after a commit (or takes the key over after
a rollback).  Reading first and saving last would let two concurrent twins both run the
write.  The row's response is filled in before the same commit, so no other transaction ever
sees a claimed key without its response.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_scheduler.adapters.db.tables import idempotency_keys as k


class IdempotencyRepository:
    """Remembers (firm, key) → (request, status, body) in the write's own transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def claim(self, firm_id: uuid.UUID, key: str, request: str) -> bool:
        """Take the key for this transaction; False when another request already holds it.

        Blocks while a concurrent transaction holds the same key uncommitted.
        """
        stmt = (
            insert(k)
            .values(firm_id=firm_id, key=key, request=request, status_code=0, body=None)
            .on_conflict_do_nothing()
            .returning(k.c.key)
        )
        return (await self._s.execute(stmt)).first() is not None

    async def get(self, firm_id: uuid.UUID, key: str) -> Row | None:
        """The stored (request, status_code, body) of a key, or None."""
        stmt = select(k.c.request, k.c.status_code, k.c.body).where(
            k.c.firm_id == firm_id, k.c.key == key
        )
        return (await self._s.execute(stmt)).first()

    async def save(
        self, firm_id: uuid.UUID, key: str, request: str, status_code: int, body: Any
    ) -> None:
        """Record the response on the key this transaction claimed."""
        await self._s.execute(
            update(k)
            .where(k.c.firm_id == firm_id, k.c.key == key, k.c.request == request)
            .values(status_code=status_code, body=body)
        )
