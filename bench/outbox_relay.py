"""Outbox relay and consumer runner throughput, against bare aiokafka in the same run.

What it answers: how much do the reliability layers cost? The relay (advisory lock, ordered
select, publish-and-wait, mark published) is compared with a bare idempotent producer sending
the same records; the consumer runner (manual commits, inbox claim + effect in one transaction
per record, DLQ machinery) with a bare `getmany` loop doing the same INSERT per record without
the inbox.

Medians of ``--repeat`` runs; results appended to ``bench/results/outbox_relay.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from remit_common.db.engine import create_engine, create_session_factory
from remit_common.db.naming import new_metadata
from remit_common.db.plumbing import inbox_table, outbox_table
from remit_common.events.examples import example_envelope
from remit_common.inbox import Inbox
from remit_common.kafka.config import producer_options
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.producer import KafkaPublisher
from remit_common.outbox.relay import OutboxRelay
from sqlalchemy import Column, Table, Text, Uuid, insert

RESULTS = Path(__file__).parent / "results" / "outbox_relay.md"
PAYLOAD = example_envelope("remit.invoice.issued.v1").to_json_bytes()


async def make_database(admin_dsn: str) -> tuple[str, str]:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin_dsn)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    base = admin_dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    return name, f"{base}/{name}"


async def drop_database(admin_dsn: str, name: str) -> None:
    conn = await asyncpg.connect(admin_dsn)
    await conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    await conn.close()


async def make_topic(bootstrap: str, partitions: int = 6) -> str:
    name = f"bench.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1), NewTopic(f"{name}.dlq", 1, 1)])
    finally:
        await admin.close()
    return name


async def bare_produce(bootstrap: str, topic: str, n: int) -> float:
    producer = AIOKafkaProducer(**producer_options(bootstrap, "bench-bare"))
    await producer.start()
    try:
        start = time.perf_counter()
        futures = [await producer.send(topic, PAYLOAD, key=str(i % 500).encode()) for i in range(n)]
        await asyncio.gather(*futures)
        return time.perf_counter() - start
    finally:
        await producer.stop()


async def relay_publish(bootstrap: str, database_url: str, topic: str, n: int) -> float:
    metadata = new_metadata()
    outbox = outbox_table(metadata)
    engine = create_engine(database_url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    sessions = create_session_factory(engine)
    rows = [
        {
            "event_id": uuid.uuid4(),
            "topic": topic,
            "key": str(i % 500).encode(),
            "value": PAYLOAD,
            "headers": {},
        }
        for i in range(n)
    ]
    async with sessions() as session, session.begin():
        for chunk in range(0, n, 2000):
            await session.execute(insert(outbox), rows[chunk : chunk + 2000])
    async with KafkaPublisher(bootstrap, "bench-relay") as publisher:
        relay = OutboxRelay(
            session_factory=sessions,
            table=outbox,
            publisher=publisher,
            batch_size=int(os.environ.get("BENCH_RELAY_BATCH", "500")),
        )
        start = time.perf_counter()
        while await relay.publish_batch():
            pass
        elapsed = time.perf_counter() - start
    await engine.dispose()
    return elapsed


async def bare_consume(bootstrap: str, database_url: str, topic: str, n: int) -> float:
    """getmany + one INSERT per record in its own transaction, commit offsets per batch."""
    engine = create_engine(database_url)
    metadata = new_metadata()
    effects = Table("bare_effects", metadata, Column("event_id", Uuid), Column("label", Text))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    sessions = create_session_factory(engine)
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"bare-{uuid.uuid4().hex[:6]}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    seen = 0
    start = time.perf_counter()
    try:
        while seen < n:
            batch = await consumer.getmany(timeout_ms=500, max_records=200)
            for records in batch.values():
                for _record in records:
                    async with sessions() as session, session.begin():
                        await session.execute(
                            insert(effects).values(event_id=uuid.uuid4(), label="x")
                        )
                    seen += 1
            await consumer.commit()
        return time.perf_counter() - start
    finally:
        await consumer.stop()
        await engine.dispose()


async def runner_consume(bootstrap: str, database_url: str, topic: str, n: int) -> float:
    """ConsumerRunner: inbox claim + the same INSERT per record, in one transaction."""
    engine = create_engine(database_url)
    metadata = new_metadata()
    inbox_t = inbox_table(metadata)
    effects = Table("runner_effects", metadata, Column("event_id", Uuid), Column("label", Text))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    sessions = create_session_factory(engine)
    inbox = Inbox(inbox_t, "bench")
    seen = 0
    done = asyncio.Event()

    async def handle(record) -> None:  # noqa: ANN001
        nonlocal seen
        async with sessions() as session, session.begin():
            # Each record is a distinct event in real life: use offset-derived ids.
            event_id = uuid.uuid5(uuid.NAMESPACE_OID, f"{record.partition}:{record.offset}")
            if await inbox.first_delivery(session, event_id):
                await session.execute(insert(effects).values(event_id=event_id, label="x"))
        seen += 1
        if seen >= n:
            done.set()

    async with KafkaPublisher(bootstrap, "bench-dlq") as dead_letters:
        runner = ConsumerRunner(
            bootstrap_servers=bootstrap,
            group_id=f"runner-{uuid.uuid4().hex[:6]}",
            topics=[topic],
            handler=handle,
            dead_letters=dead_letters,
        )
        start = time.perf_counter()
        task = asyncio.create_task(runner.run())
        await done.wait()
        elapsed = time.perf_counter() - start
        runner.stop()
        await task
    await engine.dispose()
    return elapsed


async def runner_batch_consume(bootstrap: str, database_url: str, topic: str, n: int) -> float:
    """ConsumerRunner in batch mode: one transaction per polled batch, inbox claimed in bulk."""
    engine = create_engine(database_url)
    metadata = new_metadata()
    inbox_t = inbox_table(metadata)
    effects = Table("batch_effects", metadata, Column("event_id", Uuid), Column("label", Text))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    sessions = create_session_factory(engine)
    inbox = Inbox(inbox_t, "bench-batch")
    seen = 0
    done = asyncio.Event()

    def event_id(record) -> uuid.UUID:  # noqa: ANN001
        return uuid.uuid5(uuid.NAMESPACE_OID, f"{record.partition}:{record.offset}")

    async def handle_batch(records) -> None:  # noqa: ANN001
        nonlocal seen
        async with sessions() as session, session.begin():
            fresh = await inbox.first_deliveries(session, [event_id(r) for r in records])
            if fresh:
                await session.execute(
                    insert(effects), [{"event_id": e, "label": "x"} for e in fresh]
                )
        seen += len(records)
        if seen >= n:
            done.set()

    async def handle_one(record) -> None:  # noqa: ANN001
        await handle_batch([record])

    async with KafkaPublisher(bootstrap, "bench-dlq") as dead_letters:
        runner = ConsumerRunner(
            bootstrap_servers=bootstrap,
            group_id=f"batch-{uuid.uuid4().hex[:6]}",
            topics=[topic],
            handler=handle_one,
            batch_handler=handle_batch,
            dead_letters=dead_letters,
            max_records=500,
        )
        start = time.perf_counter()
        task = asyncio.create_task(runner.run())
        await done.wait()
        elapsed = time.perf_counter() - start
        runner.stop()
        await task
    await engine.dispose()
    return elapsed


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--consume-events", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    admin_dsn = os.environ.get(
        "REMIT_TEST_PG_DSN", "postgresql://remit:remit@127.0.0.1:55432/postgres"
    )
    rates: dict[str, list[float]] = {
        k: [] for k in ("bare_produce", "relay", "bare_consume", "runner", "batch")
    }
    for _ in range(args.repeat):
        name, url = await make_database(admin_dsn)
        try:
            t1, t2 = await make_topic(bootstrap), await make_topic(bootstrap)
            rates["bare_produce"].append(
                args.events / await bare_produce(bootstrap, t1, args.events)
            )
            rates["relay"].append(
                args.events / await relay_publish(bootstrap, url, t2, args.events)
            )
            # Both consumers read the relay's topic (same records, same partitions).
            m = min(args.consume_events, args.events)
            rates["bare_consume"].append(m / await bare_consume(bootstrap, url, t2, m))
            rates["runner"].append(m / await runner_consume(bootstrap, url, t2, m))
            rates["batch"].append(
                args.events / await runner_batch_consume(bootstrap, url, t2, args.events)
            )
        finally:
            await drop_database(admin_dsn, name)
    med = {k: statistics.median(v) for k, v in rates.items()}
    lines = [
        f"\n## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {platform.node()}, "
        f"{os.cpu_count()} cores, {args.events} events × {args.repeat} runs "
        f"({len(PAYLOAD)} B CloudEvents)",
        "",
        "| path | median events/s | vs baseline |",
        "|---|---|---|",
        f"| bare aiokafka idempotent produce (baseline) | {med['bare_produce']:,.0f} | 1.00 |",
        f"| outbox relay publish + mark | {med['relay']:,.0f} | "
        f"{med['relay'] / med['bare_produce']:.2f} |",
        f"| bare getmany + INSERT per record, txn each (baseline) "
        f"| {med['bare_consume']:,.0f} | 1.00 |",
        f"| ConsumerRunner + inbox claim + INSERT, txn each | {med['runner']:,.0f} | "
        f"{med['runner'] / med['bare_consume']:.2f} |",
        f"| ConsumerRunner batch mode: bulk inbox claim + INSERT, txn per batch | "
        f"{med['batch']:,.0f} | {med['batch'] / med['bare_consume']:.2f} |",
    ]
    print("\n".join(lines))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
