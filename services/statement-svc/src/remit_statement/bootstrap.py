"""statement-svc's composition root: the one place its resources are built and wired together.

``bootstrap(settings)`` is an async context manager. Entering it builds the database engine,
the session factory, the clock, the Kafka readiness probe, the unit-of-work factory and the
firm authenticator, then starts the background tasks the settings ask for: the Kafka
consumer (ledger read model and KPI facts), the outbox relay and the batch worker. Leaving
it stops the tasks and closes what it built, in reverse order. Nothing is built at import.

Tests swap any piece through :class:`Overrides` (a controllable clock, an engine on a test
database) without touching the wiring; whatever an override supplies, its owner closes.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from remit_common.background import BackgroundWorkers
from remit_common.clock import Clock, clock_from_settings
from remit_common.db.engine import create_engine, create_session_factory
from remit_common.inbox import Inbox
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.producer import KafkaPublisher
from remit_common.outbox.relay import OutboxRelay
from remit_common.web import KafkaProbe, ReadinessCheck, database_check
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from remit_statement.adapters.db import tables
from remit_statement.adapters.db.firm_auth import DbFirmAuthenticator
from remit_statement.config import Settings
from remit_statement.entrypoints.kafka_in import CONSUMER_NAME, make_handler
from remit_statement.entrypoints.worker import BatchWorker
from remit_statement.service_layer.batches import BatchLinks
from remit_statement.service_layer.ports import FirmAuthenticator
from remit_statement.service_layer.unit_of_work import UnitOfWork, UowFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Overrides:
    """Pieces a test supplies instead of letting the composition root build them."""

    engine: AsyncEngine | None = None
    clock: Clock | None = None
    kafka_probe: KafkaProbe | None = None
    authenticator: FirmAuthenticator | None = None


@dataclass(frozen=True, slots=True)
class Container:
    """The built resources of one running statement-svc process."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    clock: Clock
    kafka_probe: KafkaProbe
    uow_factory: UowFactory
    authenticator: FirmAuthenticator
    links: BatchLinks
    worker: BatchWorker
    workers: BackgroundWorkers

    def readiness_checks(self) -> dict[str, ReadinessCheck]:
        """What ``/readyz`` asks: the database and Kafka both answer."""
        return {
            "database": database_check(self.engine),
            "kafka": self.kafka_probe.check,
            "workers": self.workers.check,
        }


@asynccontextmanager
async def bootstrap(
    settings: Settings, overrides: Overrides | None = None
) -> AsyncIterator[Container]:
    """Build statement-svc's resources for the lifetime of the ``async with`` block."""
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
        sessions = create_session_factory(engine)

        def uow_factory() -> UnitOfWork:
            return UnitOfWork(sessions)

        links = BatchLinks(settings.public_base_url.rstrip("/"), settings.topic_reminders,
                           settings.topic_statements)
        worker = BatchWorker(uow_factory, clock, links, settings.batch_poll_interval_s)
        container = Container(
            settings=settings,
            engine=engine,
            session_factory=sessions,
            clock=clock,
            kafka_probe=probe,
            uow_factory=uow_factory,
            authenticator=overrides.authenticator or DbFirmAuthenticator(uow_factory),
            links=links,
            worker=worker,
            workers=BackgroundWorkers(),
        )
        await _start_background(stack, container)
        yield container


async def _start_background(stack: AsyncExitStack, c: Container) -> None:
    """Start the consumer, relay and batch worker the settings enable; stop them on exit."""
    settings = c.settings
    client_id = settings.kafka_client_id or settings.service_name
    if settings.run_consumers or settings.run_outbox_relay:
        publisher = await stack.enter_async_context(
            KafkaPublisher(settings.kafka_bootstrap_servers, client_id))
    if settings.run_consumers:
        c.workers.start("statement-consumer", ConsumerRunner(
            bootstrap_servers=settings.kafka_bootstrap_servers,
            group_id=settings.consumer_group("statement"),
            topics=[settings.topic_invoice_events, settings.topic_reminders,
                    settings.topic_notifications],
            handler=make_handler(c.uow_factory, Inbox(tables.processed_events, CONSUMER_NAME)),
            dead_letters=publisher,
            client_id=client_id,
        ))
    if settings.run_outbox_relay:
        c.workers.start("statement-outbox-relay", OutboxRelay(
            session_factory=c.session_factory, table=tables.outbox, publisher=publisher))
    if settings.run_batch_worker:
        c.workers.start("statement-batches", c.worker)
    stack.push_async_callback(c.workers.stop_all)
