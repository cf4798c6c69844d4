"""A poison record lands in the DLQ with its reason while the consumer goes on."""

import asyncio
import json
import uuid

import pytest
from remit_common.inbox import Inbox
from remit_common.kafka import dlq
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.errors import PermanentError
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.records import OutgoingRecord
from remit_common.kafka.retry import RetryPolicy

from .support import (
    ApplyOnce,
    effect_counts,
    event_bytes,
    read_all,
    wait_for,
)

pytestmark = pytest.mark.integration


async def test_poison_and_failing_records_are_dead_lettered_and_the_rest_applied(
    plumbing_db, fresh_topic, kafka_bootstrap
):
    db = plumbing_db
    sessions = db.sessions
    inbox_t = db.inbox
    effects = db.effects
    topic = await fresh_topic(1)
    flaky_failures = {"left": 2}

    def judge(body: dict) -> None:
        match body["label"]:
            case "poison":
                raise PermanentError("data.amount_minor: must be an integer, got 12.5")
            case "always-fails":
                raise RuntimeError("template engine exploded")
            case "flaky" if flaky_failures["left"] > 0:
                flaky_failures["left"] -= 1
                raise RuntimeError("transient glitch")

    labels = ["good-1", "poison", "flaky", "always-fails", "good-2"]
    ids = {label: uuid.uuid4() for label in labels}
    async with KafkaPublisher(kafka_bootstrap, "test-producer") as producer:
        await producer.publish_batch(
            [
                OutgoingRecord(
                    topic=topic,
                    key=b"invoice-1",
                    value=event_bytes(ids[label], label),
                    headers=(("traceparent", b"00-abc-def-01"),),
                )
                for label in labels
            ]
        )
        # Raw garbage too: not even JSON. The handler's parse error is the record's fault.
        await producer.publish(OutgoingRecord(topic=topic, key=b"invoice-1", value=b"{not json"))
        await producer.publish(
            OutgoingRecord(topic=topic, key=b"invoice-1", value=event_bytes(uuid.uuid4(), "good-3"))
        )

    handler = ApplyOnce(sessions, Inbox(inbox_t, "dlq-test"), effects, before_apply=judge)
    group = f"g-{uuid.uuid4().hex[:8]}"
    async with KafkaPublisher(kafka_bootstrap, "test-dlq") as dead_letters:
        runner = ConsumerRunner(
            bootstrap_servers=kafka_bootstrap,
            group_id=group,
            topics=[topic],
            handler=handler,
            dead_letters=dead_letters,
            retry=RetryPolicy(max_attempts=3, initial_backoff_s=0.01, max_backoff_s=0.05),
        )
        task = asyncio.create_task(runner.run())
        await wait_for(lambda: _done(sessions, effects))
        runner.stop()
        await task

    rows, distinct = await effect_counts(sessions, effects)
    assert (rows, distinct) == (4, 4), "good-1, flaky (after 2 retries), good-2, good-3"

    dead = await read_all(kafka_bootstrap, dlq.dlq_topic(topic), expected=3)
    assert len(dead) == 3
    by_reason = {}
    for record in dead:
        headers = {k: v.decode() for k, v in record.headers}
        by_reason[headers[dlq.EXCEPTION_CLASS]] = headers
        assert headers[dlq.ORIGINAL_TOPIC] == topic
        assert headers[dlq.CONSUMER_GROUP] == group
        assert record.key == b"invoice-1"
    poison = by_reason["remit_common.kafka.errors.PermanentError"]
    assert poison[dlq.ATTEMPTS] == "1", "a permanent error is not retried"
    assert "amount_minor" in poison[dlq.EXCEPTION_MESSAGE]
    assert poison["traceparent"] == "00-abc-def-01", "original headers travel with the record"
    exhausted = by_reason["builtins.RuntimeError"]
    assert exhausted[dlq.ATTEMPTS] == "3"
    assert exhausted[dlq.EXCEPTION_MESSAGE] == "template engine exploded"
    assert "json.decoder.JSONDecodeError" in by_reason
    originals = {json.loads(r.value)["label"] for r in dead if r.value != b"{not json"}
    assert originals == {"poison", "always-fails"}


async def _done(sessions, effects) -> bool:
    rows, _ = await effect_counts(sessions, effects)
    return rows >= 4


async def test_batch_mode_isolates_a_poison_record_and_applies_the_rest_once(
    plumbing_db, fresh_topic, kafka_bootstrap
):
    db = plumbing_db
    sessions = db.sessions
    inbox_t = db.inbox
    effects = db.effects
    topic = await fresh_topic(1)
    inbox = Inbox(inbox_t, "batch-test")
    batches: list[int] = []

    def judge(body: dict) -> None:
        if body["label"] == "poison":
            raise PermanentError("data: not a Remit event")

    async def apply_batch(records) -> None:
        bodies = [json.loads(r.value) for r in records]
        for body in bodies:
            judge(body)
        async with sessions() as session, session.begin():
            fresh = await inbox.first_deliveries(session, [uuid.UUID(b["id"]) for b in bodies])
            rows = [
                {"event_id": uuid.UUID(b["id"]), "label": b["label"]}
                for b in bodies
                if uuid.UUID(b["id"]) in fresh
            ]
            if rows:
                await session.execute(effects.insert(), rows)
        batches.append(len(records))

    duplicate_id = uuid.uuid4()
    first = [event_bytes(uuid.uuid4(), f"ok-{n}") for n in range(30)]
    # Then a poison record amid good ones, and the same event twice (a producer retry).
    second = (
        [event_bytes(uuid.uuid4(), "poison")]
        + [event_bytes(uuid.uuid4(), f"ok-{n}") for n in range(30, 60)]
        + [event_bytes(duplicate_id, "dup")] * 2
    )
    handler = ApplyOnce(sessions, inbox, effects, before_apply=judge)

    async def applied_at_least(n: int) -> bool:
        rows, _ = await effect_counts(sessions, effects)
        return rows >= n

    async with (
        KafkaPublisher(kafka_bootstrap, "test-producer") as producer,
        KafkaPublisher(kafka_bootstrap, "test-dlq") as dead_letters,
    ):
        runner = ConsumerRunner(
            bootstrap_servers=kafka_bootstrap,
            group_id=f"g-{uuid.uuid4().hex[:8]}",
            topics=[topic],
            handler=handler,
            batch_handler=apply_batch,
            dead_letters=dead_letters,
            retry=RetryPolicy(max_attempts=2, initial_backoff_s=0.01, max_backoff_s=0.02),
        )
        task = asyncio.create_task(runner.run())
        await producer.publish_batch([OutgoingRecord(topic, v, b"k") for v in first])
        await wait_for(lambda: applied_at_least(30))
        assert sum(batches) > 0, "a clean batch takes the fast lane"
        await producer.publish_batch([OutgoingRecord(topic, v, b"k") for v in second])
        await wait_for(lambda: applied_at_least(61))
        runner.stop()
        await task

    rows, distinct = await effect_counts(sessions, effects)
    assert (rows, distinct) == (61, 61), "60 good records and the duplicate, each once"
    dead = await read_all(kafka_bootstrap, dlq.dlq_topic(topic), expected=1)
    assert [json.loads(r.value)["label"] for r in dead] == ["poison"]
