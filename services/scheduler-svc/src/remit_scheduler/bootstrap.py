"""scheduler-svc's composition root: the one place its resources are built and wired together.

``bootstrap(settings)`` is an async context manager. Entering it builds the database engine,
the session factory, the clock, the firm authenticator, the Kafka publisher, and starts the
background workers: the consumer of invoice and notification events, the outbox relay and
the dispatcher. Leaving it stops the workers and closes what it built, in reverse order.
Nothing is built at import time.

Tests swap any piece through :class:`Overrides` (a controllable clock, an engine on a test
database, a static authenticator) and may leave workers off to drive them by hand (e.g. one
dispatcher pass after moving the clock); whatever an override supplies, its owner closes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import httpx
from remit_common.clock import Clock, clock_from_settings
from remit_common.db.engine import create_engine, create_session_factory
from remit_common.firm_auth import FirmAuthenticator, IntrospectingAuthenticator
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.producer import KafkaPublisher
from remit_common.outbox.relay import OutboxRelay
from remit_common.web import KafkaProbe, ReadinessCheck, database_check
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from remit_scheduler.adapters.db.tables import outbox
from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork, uow_factory
from remit_scheduler.adapters.kafka_in.handler import IngressHandler
from remit_scheduler.config import Settings
from remit_scheduler.service_layer.dispatcher import Dispatcher

STOP_GRACE_S = 5.0


@dataclass(frozen=True, slots=True)
class Overrides:
    """Pieces a test supplies instead of letting the composition root build them."""

    engine: AsyncEngine | None = None
    clock: Clock | None = None
    kafka_probe: KafkaProbe | None = None
    firm_authenticator: FirmAuthenticator | None = None
    run_consumer: bool = True
    run_relay: bool = True
    run_dispatcher: bool = True


@dataclass(frozen=True, slots=True)
class Container:
    """The built resources of one running scheduler-svc process."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    uows: Callable[[], SqlUnitOfWork]
    clock: Clock
    kafka_probe: KafkaProbe
    firm_authenticator: FirmAuthenticator
    dispatcher: Dispatcher
    consumer: ConsumerRunner | None
    relay: OutboxRelay | None

    def readiness_checks(self) -> dict[str, ReadinessCheck]:
        """What ``/readyz`` asks: the database and Kafka both answer."""
        return {"database": database_check(self.engine), "kafka": self.kafka_probe.check}


@asynccontextmanager
async def bootstrap(
    settings: Settings, overrides: Overrides | None = None
) -> AsyncIterator[Container]:
    """Build scheduler-svc's resources for the lifetime of the ``async with`` block."""
    o = overrides or Overrides()
    # Built first: a controllable clock in production must stop start-up before any I/O.
    clock = o.clock or clock_from_settings(settings)
    async with AsyncExitStack() as stack:
        engine = o.engine
        if engine is None:
            engine = create_engine(
                settings.database_url, pool_size=settings.db_pool_size, echo=settings.db_echo
            )
            stack.push_async_callback(engine.dispose)
        probe = o.kafka_probe
        if probe is None:
            probe = KafkaProbe(
                settings.kafka_bootstrap_servers, client_id=_client_id(settings, "readiness")
            )
            stack.push_async_callback(probe.close)
        authenticator = o.firm_authenticator
        if authenticator is None:
            http = await stack.enter_async_context(
                httpx.AsyncClient(base_url=settings.invoice_url, timeout=5.0)
            )
            authenticator = IntrospectingAuthenticator(
                http,
                internal_token=settings.internal_token.get_secret_value(),
                positive_ttl_s=settings.api_key_cache_seconds,
            )
        sessions = create_session_factory(engine)
        uows = uow_factory(sessions)
        dispatcher = Dispatcher(
            uows,
            clock,
            topic=settings.topic_reminders,
            batch_size=settings.dispatch_batch_size,
            interval_s=settings.dispatch_interval_seconds,
            replan_batch_size=settings.replan_batch_size,
        )
        consumer = relay = None
        tasks: list[tuple[object, asyncio.Task]] = []
        if o.run_consumer or o.run_relay:
            publisher = await stack.enter_async_context(
                KafkaPublisher(settings.kafka_bootstrap_servers, _client_id(settings, "producer"))
            )
            if o.run_relay:
                relay = OutboxRelay(session_factory=sessions, table=outbox, publisher=publisher)
                tasks.append((relay, asyncio.create_task(relay.run(), name="outbox-relay")))
            if o.run_consumer:
                consumer = ConsumerRunner(
                    bootstrap_servers=settings.kafka_bootstrap_servers,
                    group_id=settings.consumer_group(settings.consumer_name),
                    topics=[settings.topic_invoice_events, settings.topic_notifications],
                    handler=IngressHandler(uows, clock),
                    dead_letters=publisher,
                    client_id=_client_id(settings, "consumer"),
                )
                tasks.append((consumer, asyncio.create_task(consumer.run(), name="consumer")))
        if o.run_dispatcher:
            tasks.append((dispatcher, asyncio.create_task(dispatcher.run(), name="dispatcher")))
        stack.push_async_callback(_stop_all, tasks)
        yield Container(
            settings=settings,
            engine=engine,
            session_factory=sessions,
            uows=uows,
            clock=clock,
            kafka_probe=probe,
            firm_authenticator=authenticator,
            dispatcher=dispatcher,
            consumer=consumer,
            relay=relay,
        )


def _client_id(settings: Settings, role: str) -> str:
    return f"{settings.kafka_client_id or settings.service_name}-{role}"


async def _stop_all(tasks: list[tuple[object, asyncio.Task]]) -> None:
    """Ask each worker to finish what it has in hand, then wait (cancel after a grace period).

    The grace period matters for the consumer: while none of its topics exist it waits for
    an assignment and does not notice ``stop()``; cancelling it still commits and leaves.
    """
    for worker, _ in tasks:
        worker.stop()  # type: ignore[attr-defined]
    for _, task in reversed(tasks):
        try:
            await asyncio.wait_for(task, timeout=STOP_GRACE_S)
        except (TimeoutError, asyncio.CancelledError):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        except Exception:  # noqa: S110 - a worker's crash must not block shutdown
            pass
