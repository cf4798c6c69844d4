"""Stored first responses of idempotent writes, keyed by (caller scope, Idempotency-Key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_invoice.adapters.db.tables import idempotency_keys as t


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """The first request's fingerprint and, once it committed, its response."""

    request_hash: bytes
    status_code: int | None
    body: Any


_RECORD = insert(t).on_conflict_do_nothing().returning(t.c.key)
_STORED = select(t).where(t.c.scope == bindparam("scope"), t.c.key == bindparam("key"))


class IdempotencyRepository:
    """Stores keys with their responses inside the request's transaction (commits with it)."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def record(
        self, scope: str, key: str, request_hash: bytes, now: datetime, status_code: int, body: Any
    ) -> bool:
        """Store the response under the key; False if the key is already taken.

        Runs last in the request's transaction. A concurrent request with the same key blocks
        on the primary key until the first transaction ends: after a commit this returns False,
        after a rollback it wins.
        """
        result = await self._s.execute(
            _RECORD,
            {
                "scope": scope,
                "key": key,
                "request_hash": request_hash,
                "created_at": now,
                "status_code": status_code,
                "response_body": body,
            },
        )
        return result.first() is not None

    async def stored(self, scope: str, key: str) -> StoredResponse | None:
        """What the first request with this key left."""
        row = (await self._s.execute(_STORED, {"scope": scope, "key": key})).first()
        if row is None:
            return None
        return StoredResponse(row.request_hash, row.status_code, row.response_body)

    async def replace_bodies(self, scope: str, record_id: UUID, body: Any) -> None:
        """Overwrite the stored responses of ``scope`` that describe ``record_id`` (erasure:
        a replay then answers with the anonymised record, not the personal data)."""
        await self._s.execute(
            update(t)
            .where(t.c.scope == scope, t.c.response_body["id"].astext == str(record_id))
            .values(response_body=body)
        )
