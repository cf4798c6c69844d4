"""The idempotent-consumer helper: remember applied event ids in the effect's transaction."""

import uuid

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession


class Inbox:
    """Records which events a named consumer has applied."""

    def __init__(self, table: Table, consumer: str) -> None:
        self._table = table
        self.consumer = consumer

    async def first_delivery(self, session: AsyncSession, event_id: uuid.UUID) -> bool:
        """Claim ``event_id`` in the current transaction; False if it was already applied.

        Call before applying the effect, in the same transaction: if the transaction rolls
        back, the claim rolls back with it and the event can be applied on redelivery.
        """
        result = await session.execute(
            insert(self._table)
            .values(consumer=self.consumer, event_id=event_id)
            .on_conflict_do_nothing()
            .returning(self._table.c.event_id)
        )
        return result.first() is not None

    async def first_deliveries(
        self, session: AsyncSession, event_ids: list[uuid.UUID]
    ) -> set[uuid.UUID]:
        """Claim many ids in one statement; returns those not applied before (batch handlers)."""
        if not event_ids:
            return set()
        result = await session.execute(
            insert(self._table)
            .values([{"consumer": self.consumer, "event_id": e} for e in set(event_ids)])
            .on_conflict_do_nothing()
            .returning(self._table.c.event_id)
        )
        return set(result.scalars())
