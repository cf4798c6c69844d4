"""Publishes committed outbox rows to Kafka and marks them sent.

Several replicas may run the relay: a PostgreSQL advisory lock taken per batch lets one of them
publish at a time, which keeps each key's events in commit order, and another takes over at
once if it dies. A crash between publishing and marking leaves the rows unpublished, so they
are published again: delivery is at-least-once and consumers deduplicate by event id.
"""

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Table, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from remit_common.background import PollingWorker
from remit_common.kafka.metrics import OUTBOX_OLDEST_AGE, OUTBOX_PENDING, OUTBOX_PUBLISHED
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.records import OutgoingRecord, headers_from_mapping

log = logging.getLogger(__name__)

# Arbitrary but fixed: one advisory-lock key per database, shared by the relay replicas.
RELAY_LOCK_KEY = 0x52454D4954  # "REMIT"


class OutboxRelay(PollingWorker):
    """Moves outbox rows to Kafka in id order, in batches."""

    def __init__(
        self,
        *,
        session_factory: async_sessionmaker[AsyncSession],
        table: Table,
        publisher: KafkaPublisher,
        batch_size: int = 500,
        poll_interval_s: float = 0.1,
        after_publish: Callable[[list[int]], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(name="outbox-relay", interval_s=poll_interval_s, max_backoff_s=5.0)
        self._sessions = session_factory
        self._table = table
        self._publisher = publisher
        self._batch_size = batch_size
        # Test seam: runs between publishing and marking rows sent (used to simulate a crash).
        self._after_publish = after_publish

    async def run_pass(self) -> bool:
        """Publish one batch; a full batch means more rows are probably waiting."""
        return await self.publish_batch() >= self._batch_size

    async def publish_batch(self) -> int:
        """Publish the next batch of unpublished rows; returns how many were published."""
        t = self._table
        async with self._sessions() as session, session.begin():
            locked = await session.scalar(
                text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": RELAY_LOCK_KEY}
            )
            if not locked:
                return 0
            rows = (
                await session.execute(
                    select(t.c.id, t.c.topic, t.c.key, t.c.value, t.c.headers)
                    .where(t.c.published_at.is_(None))
                    .order_by(t.c.id)
                    .limit(self._batch_size)
                )
            ).all()
            if not rows:
                return 0
            await self._publisher.publish_batch(
                [
                    OutgoingRecord(
                        topic=r.topic,
                        key=r.key,
                        value=r.value,
                        headers=headers_from_mapping(r.headers or {}),
                    )
                    for r in rows
                ]
            )
            ids = [r.id for r in rows]
            if self._after_publish is not None:
                await self._after_publish(ids)
            await session.execute(
                update(t)
                .where(t.c.id.in_(ids))
                .values(published_at=func.now(), attempts=t.c.attempts + 1)
            )
        for r in rows:
            OUTBOX_PUBLISHED.labels(r.topic).inc()
        return len(rows)

    async def refresh_gauges(self) -> None:
        """Update the pending-count and oldest-age gauges (cheap: a partial index scan)."""
        t = self._table
        async with self._sessions() as session:
            pending, oldest = (
                await session.execute(
                    select(func.count(), func.min(t.c.created_at)).where(t.c.published_at.is_(None))
                )
            ).one()
        OUTBOX_PENDING.set(pending)
        OUTBOX_OLDEST_AGE.set(
            (datetime.now(UTC) - oldest).total_seconds() if oldest is not None else 0
        )

    async def purge_published(self, older_than: timedelta) -> int:
        """Delete rows published more than ``older_than`` ago; returns how many."""
        t = self._table
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                delete(t).where(t.c.published_at < func.now() - older_than)
            )
        return result.rowcount or 0
