"""An event committed through the outbox takes effect exactly once, even across a relay crash."""

import asyncio
import uuid

import pytest
from remit_common.inbox import Inbox
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.producer import KafkaPublisher
from remit_common.outbox.relay import OutboxRelay
from remit_common.outbox.writer import OutboxWriter
from sqlalchemy import func, select

from .support import (
    ApplyOnce,
    effect_counts,
    event_bytes,
    read_all,
    wait_for,
)

pytestmark = pytest.mark.integration


class RelayCrashed(Exception):
    """Stands in for the relay process dying after Kafka acknowledged the batch."""


async def test_relay_crash_between_publish_and_mark_sent_is_applied_once(
    plumbing_db, fresh_topic, kafka_bootstrap
):
    db = plumbing_db
    sessions = db.sessions
    outbox = db.outbox
    inbox_t = db.inbox
    effects = db.effects
    topic = await fresh_topic(3)
    writer = OutboxWriter(outbox)
    ids = [uuid.uuid4() for _ in range(40)]
    async with sessions() as session, session.begin():
        for n, event_id in enumerate(ids):
            await writer.add(
                session,
                event_id=event_id,
                topic=topic,
                key=f"invoice-{n % 7}",
                value=event_bytes(event_id, f"e{n}"),
                headers={"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
            )
    # A rolled-back transaction leaves nothing in the outbox.
    async with sessions() as session, session.begin():
        await writer.add(session, event_id=uuid.uuid4(), topic=topic, key=None, value=b"{}")
        await session.rollback()

    async def crash(_ids: list[int]) -> None:
        raise RelayCrashed

    async with KafkaPublisher(kafka_bootstrap, "test-relay") as publisher:
        crashing = OutboxRelay(
            session_factory=sessions, table=outbox, publisher=publisher, after_publish=crash
        )
        with pytest.raises(RelayCrashed):
            await crashing.publish_batch()
        async with sessions() as session:
            unpublished = await session.scalar(
                select(func.count()).where(outbox.c.published_at.is_(None))
            )
        assert unpublished == 40, "a crash before marking must leave every row to republish"

        healthy = OutboxRelay(session_factory=sessions, table=outbox, publisher=publisher)
        assert await healthy.publish_batch() == 40
        assert await healthy.publish_batch() == 0

    on_topic = await read_all(kafka_bootstrap, topic, expected=80)
    assert len(on_topic) == 80, "the crash made every event reach Kafka twice"
    assert all(dict(r.headers)["traceparent"].startswith(b"00-") for r in on_topic)

    handler = ApplyOnce(sessions, Inbox(inbox_t, "test-consumer"), effects)
    async with KafkaPublisher(kafka_bootstrap, "test-dlq") as dead_letters:
        runner = ConsumerRunner(
            bootstrap_servers=kafka_bootstrap,
            group_id=f"g-{uuid.uuid4().hex[:8]}",
            topics=[topic],
            handler=handler,
            dead_letters=dead_letters,
        )
        task = asyncio.create_task(runner.run())
        await wait_for(lambda: handler.calls >= 80)
        runner.stop()
        await task

    rows, distinct = await effect_counts(sessions, effects)
    assert (rows, distinct) == (40, 40)


async def test_two_relays_never_publish_the_same_row_twice_without_a_crash(
    plumbing_db, fresh_topic, kafka_bootstrap
):
    db = plumbing_db
    sessions = db.sessions
    outbox = db.outbox
    topic = await fresh_topic(2)
    writer = OutboxWriter(outbox)
    async with sessions() as session, session.begin():
        for n in range(300):
            event_id = uuid.uuid4()
            await writer.add(
                session,
                event_id=event_id,
                topic=topic,
                key=str(n % 5),
                value=event_bytes(event_id, str(n)),
            )
    async with (
        KafkaPublisher(kafka_bootstrap, "relay-a") as pa,
        KafkaPublisher(kafka_bootstrap, "relay-b") as pb,
    ):
        relays = [
            OutboxRelay(session_factory=sessions, table=outbox, publisher=p, batch_size=25)
            for p in (pa, pb)
        ]

        async def drain(relay: OutboxRelay) -> int:
            total = 0
            for _ in range(200):
                total += await relay.publish_batch()
            return total

        counts = await asyncio.gather(*(drain(r) for r in relays))
    assert sum(counts) == 300
    on_topic = await read_all(kafka_bootstrap, topic, expected=300)
    assert len(on_topic) == 300
    # Per key, events arrive in the order they were committed.
    by_key: dict[bytes, list[int]] = {}
    for r in sorted(on_topic, key=lambda r: (r.partition, r.offset)):
        by_key.setdefault(r.key, []).append(int(__import__("json").loads(r.value)["label"]))
    assert all(seq == sorted(seq) for seq in by_key.values())
