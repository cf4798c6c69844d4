"""Runs a handler over a topic with at-least-once delivery and bounded, visible failure.

Guarantees, in order of importance:
- An offset is committed only after the handler returned, i.e. after its effect committed.
  Handlers make effects idempotent (``remit_common.inbox``), so a redelivery is harmless.
- A record that keeps failing goes to ``<topic>.dlq`` with the reason, and only then is its
  offset committed; a failed record is never skipped by a later commit.
- Infrastructure failures (database or network down) are retried without limit and never
  dead-lettered. Retries re-seek the partition instead of sleeping inside the handler, so the
  consumer keeps polling and never overruns ``max.poll.interval.ms``.
- On a rebalance the revoked partitions' finished offsets are committed before they move.

Hot paths may also give a ``batch_handler`` that applies a whole polled batch of a partition in
one transaction; if that fails, the batch is applied record by record as above.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord

from remit_common.kafka.config import consumer_options
from remit_common.kafka.dlq import dead_letter
from remit_common.kafka.errors import PermanentError, is_infrastructure_error
from remit_common.kafka.metrics import CONSUMER_LAG, RECORD_FAILURES, RECORDS_PROCESSED
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.retry import RetryPolicy
from remit_common.tracecontext import (
    TraceContext,
    parse_traceparent,
    reset_current_trace,
    set_current_trace,
)

RecordHandler = Callable[[ConsumerRecord], Awaitable[None]]
BatchHandler = Callable[[list[ConsumerRecord]], Awaitable[None]]

log = logging.getLogger(__name__)


class ConsumerRunner:
    """Consumes ``topics`` as ``group_id`` and applies ``handler`` to each record in order."""

    def __init__(
        self,
        *,
        bootstrap_servers: str,
        group_id: str,
        topics: Iterable[str],
        handler: RecordHandler,
        dead_letters: KafkaPublisher,
        client_id: str = "remit",
        retry: RetryPolicy | None = None,
        permanent_errors: tuple[type[BaseException], ...] = (PermanentError,),
        max_records: int = 200,
        consumer_overrides: dict[str, Any] | None = None,
        batch_handler: BatchHandler | None = None,
    ) -> None:
        self.group_id = group_id
        self._topics = list(topics)
        self._handler = handler
        self._batch_handler = batch_handler
        self._dead_letters = dead_letters
        self._retry = retry or RetryPolicy()
        self._permanent = permanent_errors
        self._max_records = max_records
        options = consumer_options(bootstrap_servers, client_id, group_id)
        self._consumer = AIOKafkaConsumer(**(options | (consumer_overrides or {})))
        self._attempts: dict[tuple[TopicPartition, int], int] = {}
        self._uncommitted: dict[TopicPartition, int] = {}
        # Held while records are being applied; the rebalance listener waits on it.
        self._applying = asyncio.Lock()
        self._stopping = asyncio.Event()
        self.assigned = asyncio.Event()

    def stop(self) -> None:
        """Ask the runner to finish the record in hand, commit, and leave the group."""
        self._stopping.set()

    async def run(self) -> None:
        """Consume until :meth:`stop` is called (or the task is cancelled)."""
        self._consumer.subscribe(self._topics, listener=_CommitOnRevoke(self))
        try:
            if not await self._start_consumer():
                return
            while not self._stopping.is_set():
                batch = await self._consumer.getmany(timeout_ms=500, max_records=self._max_records)
                for tp, records in batch.items():
                    await self._apply_partition(tp, records)
                await self._commit(list(self._uncommitted))
        finally:
            await self._commit(list(self._uncommitted))
            await self._consumer.stop()

    async def _start_consumer(self) -> bool:
        """Join the group, retrying while the broker or the topics are missing.

        Returns False when asked to stop first. aiokafka's ``start()`` waits for the topics'
        metadata and cannot be interrupted by us, so it is raced against :meth:`stop`.
        """
        failures = 0
        while not self._stopping.is_set():
            starting = asyncio.ensure_future(self._consumer.start())
            stopping = asyncio.ensure_future(self._stopping.wait())
            done, _ = await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if starting not in done:
                starting.cancel()
                with contextlib.suppress(BaseException):
                    await starting
                return False
            try:
                starting.result()
                return True
            except KafkaError as exc:
                failures += 1
                log.error(
                    "consumer cannot start (missing topic or broker?); retrying",
                    extra={
                        "topics": self._topics,
                        "group": self.group_id,
                        "error_class": type(exc).__name__,
                        "consecutive_failures": failures,
                    },
                )
                await self._pause(min(30.0, 2.0 * failures))
        return False

    async def _apply_partition(self, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        async with self._applying:
            batched = self._batch_handler is not None and len(records) > 1
            if batched and await self._apply_batch(tp, records):
                return
            for record in records:
                if self._stopping.is_set() or tp not in self._consumer.assignment():
                    return
                if not await self._apply(tp, record):
                    # Re-read this record on the next poll; nothing after it runs first.
                    self._consumer.seek(tp, record.offset)
                    return
                self._uncommitted[tp] = record.offset + 1
            self._record_lag(tp, records[-1].offset)

    async def _apply_batch(self, tp: TopicPartition, records: list[ConsumerRecord]) -> bool:
        """Apply a partition's records in one go; False means "fall back to one by one".

        A batch handler applies every record in one transaction (the hot-path fast lane). If it
        fails for any reason, nothing of it committed, and the records are applied one at a
        time with the per-record handler, which isolates a poison record for the DLQ and
        retries the rest as usual.
        """
        if self._stopping.is_set() or tp not in self._consumer.assignment():
            return True
        token = set_current_trace(_trace_of(records[0]))
        try:
            await self._batch_handler(records)  # type: ignore[misc]
        except Exception as exc:
            RECORD_FAILURES.labels(self.group_id, tp.topic, "batch").inc()
            log.info(
                "batch failed, applying its records one by one",
                extra={
                    "topic": tp.topic,
                    "records": len(records),
                    "error_class": type(exc).__name__,
                },
            )
            return False
        finally:
            reset_current_trace(token)
        self._uncommitted[tp] = records[-1].offset + 1
        RECORDS_PROCESSED.labels(self.group_id, tp.topic, "applied").inc(len(records))
        self._record_lag(tp, records[-1].offset)
        return True

    async def _apply(self, tp: TopicPartition, record: ConsumerRecord) -> bool:
        """Apply one record; False means "retry it later", True means it is finished."""
        key = (tp, record.offset)
        attempt = self._attempts.get(key, 0) + 1
        trace = _trace_of(record)
        token = set_current_trace(trace)
        try:
            await self._handler(record)
        except self._permanent as exc:
            RECORD_FAILURES.labels(self.group_id, tp.topic, "permanent").inc()
            return await self._dead_letter(key, record, exc, attempt)
        except Exception as exc:
            infra = is_infrastructure_error(exc)
            kind = "infrastructure" if infra else "record"
            RECORD_FAILURES.labels(self.group_id, tp.topic, kind).inc()
            if not infra and attempt >= self._retry.max_attempts:
                return await self._dead_letter(key, record, exc, attempt)
            log.warning(
                "record failed, will retry",
                extra={
                    "topic": tp.topic,
                    "partition": tp.partition,
                    "offset": record.offset,
                    "attempt": attempt,
                    "error_class": type(exc).__name__,
                    "infrastructure": infra,
                },
                # The traceback once per record is what an operator needs; redaction applies.
                exc_info=exc if attempt == 1 else None,
            )
            self._attempts[key] = attempt
            await self._pause(self._retry.backoff(min(attempt, 8)))
            return False
        finally:
            reset_current_trace(token)
        self._attempts.pop(key, None)
        RECORDS_PROCESSED.labels(self.group_id, tp.topic, "applied").inc()
        return True

    async def _dead_letter(
        self,
        key: tuple[TopicPartition, int],
        record: ConsumerRecord,
        exc: BaseException,
        attempt: int,
    ) -> bool:
        try:
            await self._dead_letters.publish(
                dead_letter(record, error=exc, consumer_group=self.group_id, attempts=attempt)
            )
        except Exception:
            # Without a dead letter the record must not be committed past: retry it.
            log.exception("dead-letter publish failed", extra={"topic": record.topic})
            self._attempts[key] = attempt
            await self._pause(self._retry.max_backoff_s)
            return False
        log.error(
            "record dead-lettered",
            extra={
                "topic": record.topic,
                "partition": record.partition,
                "offset": record.offset,
                "attempts": attempt,
                "error_class": type(exc).__name__,
            },
            exc_info=exc,
        )
        self._attempts.pop(key, None)
        RECORDS_PROCESSED.labels(self.group_id, record.topic, "dead_lettered").inc()
        return True

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake at once when asked to stop."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def _commit(self, partitions: list[TopicPartition]) -> None:
        offsets = {tp: self._uncommitted[tp] for tp in partitions if tp in self._uncommitted}
        if not offsets:
            return
        try:
            await self._consumer.commit(offsets)
        except KafkaError as exc:
            # The partition moved on a rebalance; its new owner re-reads from the last commit
            # and idempotent handlers make the overlap harmless.
            log.warning("offset commit failed", extra={"error_class": type(exc).__name__})
        for tp in offsets:
            if self._uncommitted.get(tp) == offsets[tp]:
                del self._uncommitted[tp]

    def _record_lag(self, tp: TopicPartition, last_offset: int) -> None:
        highwater = self._consumer.highwater(tp)
        if highwater is not None:
            CONSUMER_LAG.labels(self.group_id, tp.topic, str(tp.partition)).set(
                max(0, highwater - last_offset - 1)
            )


def _trace_of(record: ConsumerRecord) -> TraceContext:
    """A span of our own in the producer's trace (a new trace when the record has none)."""
    for name, value in record.headers or ():
        if name == "traceparent":
            parent = parse_traceparent(value)
            if parent is not None:
                return parent.child()
    return TraceContext.new()


class _CommitOnRevoke(ConsumerRebalanceListener):
    """Commits finished offsets of partitions about to move, after the record in hand."""

    def __init__(self, runner: ConsumerRunner) -> None:
        self._runner = runner

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        async with self._runner._applying:
            await self._runner._commit(list(revoked))
            for key in [k for k in self._runner._attempts if k[0] in revoked]:
                del self._runner._attempts[key]

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        self._runner.assigned.set()
