"""scheduler-svc's composition root: the one place its resources are built and wired together.

``bootstrap(settings)`` is an async context manager. Entering it builds the shared resources
(database engine, session factory, clock, Kafka readiness probe: ``remit_common.service_base``),
then the firm authenticator, the Kafka publisher, and starts the background workers: the
consumer of invoice and notification events, the outbox relay and the dispatcher. Leaving it
stops the workers and closes what it built, in reverse order. Nothing is built at import time.

Tests swap any piece through :class:`Overrides` (a controllable clock, an engine on a test
database, a static authenticator) and may leave workers off to drive them by hand (e.g. one
dispatcher pass after moving the clock); whatever an override supplies, its owner closes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from remit_common.firm_auth import FirmAuthenticator, introspecting_authenticator
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.outbox.relay import OutboxRelay
from remit_common.service_base import BaseOverrides, ServiceContainer, service_resources

from remit_scheduler.adapters.db.tables import outbox
from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork, uow_factory
from remit_scheduler.adapters.kafka_in.handler import IngressHandler
from remit_scheduler.config import Settings
from remit_scheduler.service_layer.dispatcher import Dispatcher


@dataclass(frozen=True, slots=True)
class Overrides(BaseOverrides):
    """Pieces a test supplies instead of letting the composition root build them."""

    firm_authenticator: FirmAuthenticator | None = None
    run_consumer: bool = True
    run_relay: bool = True
    run_dispatcher: bool = True


@dataclass(frozen=True, slots=True)
class Container(ServiceContainer[Settings]):
    """The built resources of one running scheduler-svc process."""

    uows: Callable[[], SqlUnitOfWork]
    firm_authenticator: FirmAuthenticator
    dispatcher: Dispatcher
    consumer: ConsumerRunner | None
    relay: OutboxRelay | None


@asynccontextmanager
async def bootstrap(
    settings: Settings, overrides: Overrides | None = None
) -> AsyncIterator[Container]:
    """Build scheduler-svc's resources for the lifetime of the ``async with`` block."""
    o = overrides or Overrides()
    async with service_resources(settings, o) as res:
        authenticator = o.firm_authenticator or await res.enter(
            introspecting_authenticator(settings)
        )
        uows = uow_factory(res.session_factory)
        dispatcher = Dispatcher(
            uows,
            res.clock,
            topic=settings.topic_reminders,
            batch_size=settings.dispatch_batch_size,
            interval_s=settings.dispatch_interval_seconds,
            replan_batch_size=settings.replan_batch_size,
        )
        consumer = relay = None
        if o.run_consumer or o.run_relay:
            publisher = await res.publisher("producer")
            if o.run_relay:
                relay = OutboxRelay(
                    session_factory=res.session_factory, table=outbox, publisher=publisher
                )
                res.workers.start("outbox-relay", relay)
            if o.run_consumer:
                consumer = ConsumerRunner(
                    bootstrap_servers=settings.kafka_bootstrap_servers,
                    group_id=settings.consumer_group(settings.consumer_name),
                    topics=[settings.topic_invoice_events, settings.topic_notifications],
                    handler=IngressHandler(uows, res.clock),
                    dead_letters=publisher,
                    client_id=res.client_id("consumer"),
                )
                res.workers.start("consumer", consumer)
        if o.run_dispatcher:
            res.workers.start("dispatcher", dispatcher)
        yield Container(
            **res.shared(),
            uows=uows,
            firm_authenticator=authenticator,
            dispatcher=dispatcher,
            consumer=consumer,
            relay=relay,
        )
