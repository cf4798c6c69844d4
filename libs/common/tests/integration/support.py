"""Helpers for the plumbing integration tests: a tiny effect table and a recording handler."""

import asyncio
import json
import uuid
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord
from remit_common.db.naming import new_metadata
from remit_common.db.plumbing import inbox_table, outbox_table
from remit_common.inbox import Inbox
from sqlalchemy import Column, Integer, MetaData, Table, Text, Uuid, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker


def plumbing_metadata() -> tuple[MetaData, Table, Table, Table]:
    """Outbox, inbox and an ``effects`` table with no uniqueness, so duplicates would show."""
    metadata = new_metadata()
    outbox = outbox_table(metadata)
    inbox = inbox_table(metadata)
    effects = Table(
        "effects",
        metadata,
        Column("seq", Integer, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False),
        Column("label", Text, nullable=False),
    )
    return metadata, outbox, inbox, effects


async def create_tables(engine: AsyncEngine, metadata: MetaData) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)


def event_bytes(event_id: uuid.UUID, label: str) -> bytes:
    return json.dumps({"id": str(event_id), "label": label}).encode()


class ApplyOnce:
    """A handler that applies each event's effect once, guarded by the inbox."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        inbox: Inbox,
        effects: Table,
        before_apply: Callable[[dict], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self._inbox = inbox
        self._effects = effects
        self._before_apply = before_apply
        self.calls = 0

    async def __call__(self, record: ConsumerRecord) -> None:
        self.calls += 1
        body = json.loads(record.value)
        if self._before_apply is not None:
            self._before_apply(body)
        event_id = uuid.UUID(body["id"])
        async with self._sessions() as session, session.begin():
            if await self._inbox.first_delivery(session, event_id):
                await session.execute(
                    insert(self._effects).values(event_id=event_id, label=body["label"])
                )


async def effect_counts(
    sessions: async_sessionmaker[AsyncSession], effects: Table
) -> tuple[int, int]:
    """(rows, distinct event ids) in the effects table."""
    async with sessions() as session:
        return (
            await session.execute(select(func.count(), func.count(effects.c.event_id.distinct())))
        ).one()


async def wait_for(predicate: Callable[[], object], within_s: float = 60.0) -> None:
    """Poll an async predicate until true; fail with a clear message on timeout."""
    deadline = asyncio.get_running_loop().time() + within_s
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {within_s}s")
        await asyncio.sleep(0.1)


async def read_all(bootstrap: str, topic: str, expected: int, within_s: float = 30.0) -> list:
    """Read ``expected`` records from the start of ``topic`` (no consumer group)."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    records: list = []
    try:
        deadline = asyncio.get_running_loop().time() + within_s
        while len(records) < expected and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for part in batch.values():
                records.extend(part)
    finally:
        await consumer.stop()
    return records
