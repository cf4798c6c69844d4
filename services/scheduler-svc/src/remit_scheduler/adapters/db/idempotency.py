"""Stored responses of writes that carried an ``Idempotency-Key`` header."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_scheduler.adapters.db.tables import idempotency_keys as k


class IdempotencyRepository:
    """Remembers (firm, key) → (request, status, body) in the write's own transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, firm_id: uuid.UUID, key: str) -> Row | None:
        """The stored response; the row lock makes a concurrent duplicate wait for the first."""
        stmt = (
            select(k.c.request, k.c.status_code, k.c.body)
            .where(k.c.firm_id == firm_id, k.c.key == key)
            .with_for_update()
        )
        return (await self._s.execute(stmt)).first()

    async def save(
        self, firm_id: uuid.UUID, key: str, request: str, status_code: int, body: Any
    ) -> None:
        """Store the response; a concurrent twin that got here first wins (DO NOTHING)."""
        await self._s.execute(
            insert(k)
            .values(firm_id=firm_id, key=key, request=request, status_code=status_code, body=body)
            .on_conflict_do_nothing()
        )
