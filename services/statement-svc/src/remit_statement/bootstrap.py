"""statement-svc's composition root: the one place its resources are built and wired together.

``bootstrap(settings)`` is an async context manager. Entering it builds the shared resources
(database engine, session factory, clock, Kafka readiness probe: ``remit_common.service_base``),
the unit-of-work factory and the firm authenticator (invoice-svc answers for API keys), then
starts the background tasks the settings ask for: the Kafka consumer (ledger read model and KPI
facts), the outbox relay and the batch worker. Leaving it stops the tasks and closes what it
built, in reverse order. Nothing is built at import.

Tests swap any piece through :class:`Overrides` (a controllable clock, an engine on a test
database, a static authenticator) without touching the wiring; whatever an override supplies,
its owner closes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from remit_common.firm_auth import FirmAuthenticator, introspecting_authenticator
from remit_common.inbox import Inbox
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.outbox.relay import OutboxRelay
from remit_common.service_base import BaseOverrides, ServiceContainer, service_resources

from remit_statement.adapters.db import tables
from remit_statement.config import Settings
from remit_statement.entrypoints.kafka_in import CONSUMER_NAME, make_handler
from remit_statement.entrypoints.worker import BatchWorker
from remit_statement.service_layer.batches import BatchLinks
from remit_statement.service_layer.unit_of_work import UnitOfWork, UowFactory


@dataclass(frozen=True, slots=True)
class Overrides(BaseOverrides):
    """Pieces a test supplies instead of letting the composition root build them."""

    firm_authenticator: FirmAuthenticator | None = None


@dataclass(frozen=True, slots=True)
class Container(ServiceContainer[Settings]):
    """The built resources of one running statement-svc process."""

    uow_factory: UowFactory
    firm_authenticator: FirmAuthenticator
    links: BatchLinks
    worker: BatchWorker


@asynccontextmanager
async def bootstrap(
    settings: Settings, overrides: Overrides | None = None
) -> AsyncIterator[Container]:
    """Build statement-svc's resources for the lifetime of the ``async with`` block."""
    o = overrides or Overrides()
    async with service_resources(settings, o) as res:
        authenticator = o.firm_authenticator or await res.enter(
            introspecting_authenticator(settings)
        )
        sessions = res.session_factory

        def uow_factory() -> UnitOfWork:
            return UnitOfWork(sessions)

        links = BatchLinks(
            settings.public_base_url.rstrip("/"),
            settings.topic_reminders,
            settings.topic_statements,
        )
        worker = BatchWorker(uow_factory, res.clock, links, settings.batch_poll_interval_s)
        if settings.run_consumers or settings.run_outbox_relay:
            publisher = await res.publisher("producer")
        if settings.run_consumers:
            res.workers.start(
                "statement-consumer",
                ConsumerRunner(
                    bootstrap_servers=settings.kafka_bootstrap_servers,
                    group_id=settings.consumer_group("statement"),
                    topics=[
                        settings.topic_invoice_events,
                        settings.topic_reminders,
                        settings.topic_notifications,
                    ],
                    handler=make_handler(
                        uow_factory, Inbox(tables.processed_events, CONSUMER_NAME)
                    ),
                    dead_letters=publisher,
                    client_id=res.client_id("consumer"),
                ),
            )
        if settings.run_outbox_relay:
            res.workers.start(
                "statement-outbox-relay",
                OutboxRelay(session_factory=sessions, table=tables.outbox, publisher=publisher),
            )
        if settings.run_batch_worker:
            res.workers.start("statement-batches", worker)
        yield Container(
            **res.shared(),
            uow_factory=uow_factory,
            firm_authenticator=authenticator,
            links=links,
            worker=worker,
        )
