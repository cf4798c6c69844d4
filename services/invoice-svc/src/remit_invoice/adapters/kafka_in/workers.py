"""invoice-svc's background work: the outbox relay and the ingress consumer.

Each is built together with its own Kafka producer, for :class:`remit_common.background.Restarting`
to run: a crash is logged, readiness reports the worker down, and it is rebuilt after a pause
(the relay and the consumer are safe to restart: rows stay unpublished, offsets uncommitted).
Kafka being down at start-up therefore delays them instead of failing the process.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

from remit_common.clock import Clock
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.retry import RetryPolicy
from remit_common.outbox.relay import OutboxRelay
from remit_common.service_base import kafka_client_id
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from remit_invoice.adapters.db.tables import outbox
from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.adapters.kafka_in.handler import IngressHandler
from remit_invoice.config import Settings

RESTART_PAUSE_S = 2.0


@asynccontextmanager
async def outbox_relay(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[OutboxRelay]:
    """The relay with a producer of its own, open for the block."""
    s = settings
    async with KafkaPublisher(s.kafka_bootstrap_servers, kafka_client_id(s, "relay")) as publisher:
        yield OutboxRelay(
            session_factory=sessions,
            table=outbox,
            publisher=publisher,
            batch_size=s.outbox_batch_size,
            poll_interval_s=s.outbox_poll_interval_seconds,
        )


@asynccontextmanager
async def ingress_consumer(
    settings: Settings, uows: Callable[[], SqlUnitOfWork], clock: Clock
) -> AsyncIterator[ConsumerRunner]:
    """The consumer of external payments and views, with its dead-letter producer."""
    s = settings
    grace = timedelta(seconds=s.ingress_grace_seconds)
    # Enough attempts to outlast the grace period at the mean backoff; after that the
    # handler itself turns "unknown invoice" into a permanent, dead-lettered failure.
    attempts = math.ceil(2 * s.ingress_grace_seconds / s.ingress_max_backoff_seconds) + 5
    async with KafkaPublisher(s.kafka_bootstrap_servers, kafka_client_id(s, "dlq")) as dead_letters:
        yield ConsumerRunner(
            bootstrap_servers=s.kafka_bootstrap_servers,
            group_id=s.consumer_group("invoice-ingress"),
            topics=[s.topic_invoice_events],
            handler=IngressHandler(uows, clock, grace),
            dead_letters=dead_letters,
            client_id=kafka_client_id(s, "ingress"),
            retry=RetryPolicy(
                max_attempts=attempts,
                initial_backoff_s=0.2,
                max_backoff_s=s.ingress_max_backoff_seconds,
            ),
        )
