"""notifier-svc's composition root: the one place its resources are built and wired together.

``bootstrap(settings)`` is an async context manager. Entering it builds the database engine,
the session factory, the clock, the Kafka readiness probe, the HTTP client and channel
adapters, the dispatcher, and (unless ``run_background_workers`` is off) starts the
background tasks: the dispatcher, the outbox relay and the two Kafka consumers. Leaving it
stops them and closes what it built, in reverse order. Nothing is built at import time.

Tests swap any piece through :class:`Overrides` (a controllable clock, an engine on a test
database, fake adapters) without touching the wiring; whatever an override supplies, its
owner closes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field

import httpx
from remit_common.clock import Clock, clock_from_settings
from remit_common.db.engine import create_engine, create_session_factory
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.retry import RetryPolicy
from remit_common.outbox.relay import OutboxRelay
from remit_common.web import KafkaProbe, ReadinessCheck, database_check
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from remit_notifier.adapters.db import tables
from remit_notifier.adapters.db.auth import DbFirmAuthenticator
from remit_notifier.adapters.providers.registry import build_adapters
from remit_notifier.config import Settings
from remit_notifier.entrypoints.kafka import invoice_events_handler, reminders_handler
from remit_notifier.service_layer.dispatcher import DispatchConfig, Dispatcher
from remit_notifier.service_layer.ports import AdapterRegistry, FirmAuthenticator
from remit_notifier.service_layer.unit_of_work import UowFactory, uow_factory


@dataclass(frozen=True, slots=True)
class Overrides:
    """Pieces a test supplies instead of letting the composition root build them."""

    engine: AsyncEngine | None = None
    clock: Clock | None = None
    kafka_probe: KafkaProbe | None = None
    adapters: AdapterRegistry | None = None


@dataclass(slots=True)
class Container:
    """The built resources of one running notifier-svc process."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    clock: Clock
    kafka_probe: KafkaProbe
    uow: UowFactory
    adapters: AdapterRegistry
    dispatcher: Dispatcher
    authenticator: FirmAuthenticator
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def readiness_checks(self) -> dict[str, ReadinessCheck]:
        """What ``/readyz`` asks: the database and Kafka both answer."""
        return {"database": database_check(self.engine), "kafka": self.kafka_probe.check}


async def _stop_tasks(tasks: list[asyncio.Task[None]], stoppers: list) -> None:
    for stop in stoppers:
        stop()
    # A consumer still joining its group ignores stop(); cancel it after a short grace period.
    _, pending = await asyncio.wait(tasks, timeout=5) if tasks else (set(), set())
    for task in pending:
        task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


@asynccontextmanager
async def bootstrap(
    settings: Settings, overrides: Overrides | None = None
) -> AsyncIterator[Container]:
    """Build notifier-svc's resources for the lifetime of the ``async with`` block."""
    overrides = overrides or Overrides()
    # Built first: a controllable clock in production must stop start-up before any I/O.
    clock = overrides.clock or clock_from_settings(settings)
    async with AsyncExitStack() as stack:
        engine = overrides.engine
        if engine is None:
            engine = create_engine(
                settings.database_url, pool_size=settings.db_pool_size, echo=settings.db_echo
            )
            stack.push_async_callback(engine.dispose)
        probe = overrides.kafka_probe
        if probe is None:
            probe = KafkaProbe(
                settings.kafka_bootstrap_servers,
                client_id=f"{settings.kafka_client_id or settings.service_name}-readiness",
            )
            stack.push_async_callback(probe.close)
        http = await stack.enter_async_context(
            httpx.AsyncClient(timeout=settings.http_timeout_s)
        )
        sessions = create_session_factory(engine)
        uow = uow_factory(sessions, settings.topic_notifications)
        adapters = overrides.adapters or build_adapters(settings, http)
        dispatcher = Dispatcher(uow, adapters, clock, DispatchConfig(
            batch_size=settings.dispatch_batch_size, concurrency=settings.dispatch_concurrency,
            poll_interval_s=settings.dispatch_poll_interval_s, lease_s=settings.dispatch_lease_s,
            public_base_url=settings.public_base_url,
            tracking_secret=settings.tracking_secret.get_secret_value().encode(),
        ))
        container = Container(
            settings=settings, engine=engine, session_factory=sessions, clock=clock,
            kafka_probe=probe, uow=uow, adapters=adapters, dispatcher=dispatcher,
            authenticator=DbFirmAuthenticator(sessions),
        )
        if settings.run_background_workers:
            await _start_workers(container, stack)
        yield container


async def _start_workers(container: Container, stack: AsyncExitStack) -> None:
    """Dispatcher, outbox relay and consumers as tasks; stopped when the stack unwinds."""
    settings = container.settings
    client_id = settings.kafka_client_id or settings.service_name
    publisher = await stack.enter_async_context(
        KafkaPublisher(settings.kafka_bootstrap_servers, client_id)
    )
    relay = OutboxRelay(session_factory=container.session_factory, table=tables.outbox,
                        publisher=publisher, poll_interval_s=0.1)
    retry = RetryPolicy(max_attempts=5, initial_backoff_s=0.2, max_backoff_s=5.0)
    consumers = [
        ConsumerRunner(
            bootstrap_servers=settings.kafka_bootstrap_servers,
            group_id=settings.consumer_group(group), topics=[topic], handler=handler,
            dead_letters=publisher, client_id=client_id, retry=retry,
        )
        for group, topic, handler in (
            ("notifier.reminders", settings.topic_reminders,
             reminders_handler(container.uow, container.clock, container.dispatcher)),
            ("notifier.invoice-view", settings.topic_invoice_events,
             invoice_events_handler(container.uow, container.clock)),
        )
    ]
    workers = [container.dispatcher.run(), relay.run(), *(c.run() for c in consumers)]
    container.tasks.extend(asyncio.create_task(w) for w in workers)
    stoppers = [container.dispatcher.stop, relay.stop, *(c.stop for c in consumers)]
    stack.push_async_callback(_stop_tasks, container.tasks, stoppers)
