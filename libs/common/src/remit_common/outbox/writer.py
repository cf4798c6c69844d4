"""Adds events to the outbox inside the caller's transaction (never commits by itself)."""

import uuid
from collections.abc import Mapping

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_common.tracecontext import current_traceparent


class OutboxWriter:
    """Stages outgoing records in the service's outbox table, in the current transaction."""

    def __init__(self, table: Table) -> None:
        self._table = table

    async def add(
        self,
        session: AsyncSession,
        *,
        event_id: uuid.UUID,
        topic: str,
        key: str | bytes | None,
        value: bytes,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Stage one record; it is published only if the surrounding transaction commits."""
        await self.add_many(
            session,
            [
                {
                    "event_id": event_id,
                    "topic": topic,
                    "key": key.encode() if isinstance(key, str) else key,
                    "value": value,
                    "headers": _with_trace(headers),
                }
            ],
        )

    async def add_many(self, session: AsyncSession, rows: list[dict]) -> None:
        """Stage several records in one statement (rows as in :meth:`add`, key as bytes)."""
        if rows:
            await session.execute(insert(self._table), rows)


def _with_trace(headers: Mapping[str, str] | None) -> dict[str, str]:
    """The record's headers, carrying the current W3C trace so consumers continue it."""
    result = dict(headers or {})
    traceparent = current_traceparent()
    if traceparent and "traceparent" not in result:
        result["traceparent"] = traceparent
    return result
