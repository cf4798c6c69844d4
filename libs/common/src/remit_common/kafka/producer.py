"""Publishes records with an idempotent producer and waits for the broker's acknowledgement."""

import asyncio
from collections.abc import Sequence
from types import TracebackType
from typing import Self

from aiokafka import AIOKafkaProducer
from aiokafka.structs import RecordMetadata

from remit_common.kafka.config import producer_options
from remit_common.kafka.records import OutgoingRecord


class KafkaPublisher:
    """An idempotent, acks=all producer; use as an async context manager."""

    def __init__(self, bootstrap_servers: str, client_id: str) -> None:
        self._producer = AIOKafkaProducer(**producer_options(bootstrap_servers, client_id))

    async def __aenter__(self) -> Self:
        await self._producer.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._producer.stop()

    async def publish(self, record: OutgoingRecord) -> RecordMetadata:
        """Publish one record; returns once the broker has it on every in-sync replica."""
        return (await self.publish_batch([record]))[0]

    async def publish_batch(self, records: Sequence[OutgoingRecord]) -> list[RecordMetadata]:
        """Publish records in order and wait for all; raises if any one fails.

        Records are handed to the client first and awaited together, so they share broker
        round trips; the idempotent producer keeps per-partition order across retries.
        """
        pending = [
            await self._producer.send(
                r.topic, value=r.value, key=r.key, headers=list(r.headers) or None
            )
            for r in records
        ]
        return list(await asyncio.gather(*pending))
