"""A consumer killed mid-batch (SIGKILL, no commit, no goodbye) resumes without loss."""

import asyncio
import os
import signal
import sys
import uuid
from pathlib import Path

import pytest
from remit_common.inbox import Inbox
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.records import OutgoingRecord

from .consumer_worker import FAST_GROUP
from .support import (
    ApplyOnce,
    effect_counts,
    event_bytes,
    wait_for,
)

pytestmark = pytest.mark.integration

TOTAL = 600


async def test_killed_consumer_resumes_without_loss_or_double_effect(
    plumbing_db, fresh_topic, kafka_bootstrap
):
    db = plumbing_db
    sessions = db.sessions
    inbox_t = db.inbox
    effects = db.effects
    topic = await fresh_topic(3)
    async with KafkaPublisher(kafka_bootstrap, "test-producer") as producer:
        records = []
        for n in range(TOTAL):
            event_id = uuid.uuid4()
            records.append(
                OutgoingRecord(
                    topic=topic, key=f"k{n % 11}".encode(), value=event_bytes(event_id, str(n))
                )
            )
        await producer.publish_batch(records)

    group = f"g-{uuid.uuid4().hex[:8]}"
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).with_name("consumer_worker.py")),
        kafka_bootstrap,
        db.url,
        topic,
        group,
    )

    async def some_applied() -> bool:
        rows, _ = await effect_counts(sessions, effects)
        return rows >= 100

    await wait_for(some_applied)
    os.kill(worker.pid, signal.SIGKILL)
    await worker.wait()
    rows_at_kill, _ = await effect_counts(sessions, effects)
    assert rows_at_kill < TOTAL, "the worker must die mid-stream for this test to mean anything"

    handler = ApplyOnce(sessions, Inbox(inbox_t, "crash-test"), effects)
    async with KafkaPublisher(kafka_bootstrap, "test-dlq") as dead_letters:
        runner = ConsumerRunner(
            bootstrap_servers=kafka_bootstrap,
            group_id=group,
            topics=[topic],
            handler=handler,
            dead_letters=dead_letters,
            consumer_overrides=FAST_GROUP,
        )
        task = asyncio.create_task(runner.run())

        async def all_applied() -> bool:
            rows, _ = await effect_counts(sessions, effects)
            return rows >= TOTAL

        await wait_for(all_applied, within_s=90)
        runner.stop()
        await task

    rows, distinct = await effect_counts(sessions, effects)
    assert (rows, distinct) == (TOTAL, TOTAL)


async def test_a_second_replica_joining_mid_stream_loses_nothing(
    plumbing_db, fresh_topic, kafka_bootstrap
):
    db = plumbing_db
    sessions = db.sessions
    inbox_t = db.inbox
    effects = db.effects
    topic = await fresh_topic(4)
    async with KafkaPublisher(kafka_bootstrap, "test-producer") as producer:
        await producer.publish_batch(
            [
                OutgoingRecord(
                    topic=topic, key=f"k{n % 13}".encode(), value=event_bytes(uuid.uuid4(), str(n))
                )
                for n in range(TOTAL)
            ]
        )
    group = f"g-{uuid.uuid4().hex[:8]}"
    async with KafkaPublisher(kafka_bootstrap, "test-dlq") as dead_letters:

        def replica() -> tuple[ConsumerRunner, ApplyOnce]:
            handler = ApplyOnce(sessions, Inbox(inbox_t, "rebalance-test"), effects)
            runner = ConsumerRunner(
                bootstrap_servers=kafka_bootstrap,
                group_id=group,
                topics=[topic],
                handler=handler,
                dead_letters=dead_letters,
                max_records=20,
                consumer_overrides=FAST_GROUP,
            )
            return runner, handler

        first, first_handler = replica()
        first_task = asyncio.create_task(first.run())
        await wait_for(lambda: first_handler.calls >= 50)
        second, second_handler = replica()
        second_task = asyncio.create_task(second.run())

        async def all_applied() -> bool:
            rows, _ = await effect_counts(sessions, effects)
            return rows >= TOTAL

        await wait_for(all_applied, within_s=90)
        first.stop()
        second.stop()
        await asyncio.gather(first_task, second_task)

    rows, distinct = await effect_counts(sessions, effects)
    assert (rows, distinct) == (TOTAL, TOTAL)
