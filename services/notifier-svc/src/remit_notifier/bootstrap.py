"""notifier-svc's composition root: the one place its resources are built and wired together.

``bootstrap(settings)`` is an async context manager. Entering it builds the shared resources
(database engine, session factory, clock, Kafka readiness probe: ``remit_common.service_base``),
then the HTTP client and channel adapters, the firm authenticator (invoice-svc answers for API
keys), the dispatcher, and (unless ``run_background_workers`` is off) starts the background
workers: the dispatcher, the outbox relay and the two Kafka consumers. Leaving it stops them
and closes what it built, in reverse order. Nothing is built at import time.

Tests swap any piece through :class:`Overrides` (a controllable clock, an engine on a test
database, fake adapters, a static authenticator) without touching the wiring; whatever an
override supplies, its owner closes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from remit_common.firm_auth import FirmAuthenticator, introspecting_authenticator
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.retry import RetryPolicy
from remit_common.outbox.relay import OutboxRelay
from remit_common.service_base import BaseOverrides, ServiceContainer, service_resources

from remit_notifier.adapters.db import tables
from remit_notifier.adapters.providers.registry import build_adapters, statement_source
from remit_notifier.config import Settings
from remit_notifier.entrypoints.kafka import invoice_events_handler, reminders_handler
from remit_notifier.service_layer.dispatcher import DispatchConfig, Dispatcher
from remit_notifier.service_layer.ports import AdapterRegistry, StatementPdfSource
from remit_notifier.service_layer.unit_of_work import UowFactory, uow_factory


@dataclass(frozen=True, slots=True)
class Overrides(BaseOverrides):
    """Pieces a test supplies instead of letting the composition root build them."""

    adapters: AdapterRegistry | None = None
    documents: StatementPdfSource | None = None
    firm_authenticator: FirmAuthenticator | None = None


@dataclass(frozen=True, slots=True)
class Container(ServiceContainer[Settings]):
    """The built resources of one running notifier-svc process."""

    uow: UowFactory
    adapters: AdapterRegistry
    dispatcher: Dispatcher
    firm_authenticator: FirmAuthenticator


@asynccontextmanager
async def bootstrap(
    settings: Settings, overrides: Overrides | None = None
) -> AsyncIterator[Container]:
    """Build notifier-svc's resources for the lifetime of the ``async with`` block."""
    o = overrides or Overrides()
    async with service_resources(settings, o) as res:
        http = await res.enter(httpx.AsyncClient(timeout=settings.http_timeout_s))
        authenticator = o.firm_authenticator or await res.enter(
            introspecting_authenticator(settings)
        )
        uow = uow_factory(res.session_factory, settings.topic_notifications)
        documents = o.documents or statement_source(settings, http)
        adapters = o.adapters or build_adapters(settings, http, documents)
        if o.adapters is None:
            res.stack.push_async_callback(adapters.aclose)
        dispatcher = Dispatcher(
            uow,
            adapters,
            res.clock,
            DispatchConfig(
                batch_size=settings.dispatch_batch_size,
                concurrency=settings.dispatch_concurrency,
                poll_interval_s=settings.dispatch_poll_interval_s,
                lease_s=settings.dispatch_lease_s,
                public_base_url=settings.public_base_url,
                tracking_secret=settings.tracking_secret.get_secret_value().encode(),
            ),
            documents,
        )
        if settings.run_background_workers:
            publisher = await res.publisher("producer")
            res.workers.start("dispatcher", dispatcher)
            res.workers.start(
                "outbox-relay",
                OutboxRelay(
                    session_factory=res.session_factory,
                    table=tables.outbox,
                    publisher=publisher,
                    poll_interval_s=0.1,
                ),
            )
            retry = RetryPolicy(max_attempts=5, initial_backoff_s=0.2, max_backoff_s=5.0)
            for group, topic, handler in (
                (
                    "notifier.reminders",
                    settings.topic_reminders,
                    reminders_handler(uow, res.clock, dispatcher),
                ),
                (
                    "notifier.invoice-view",
                    settings.topic_invoice_events,
                    invoice_events_handler(uow, res.clock),
                ),
            ):
                res.workers.start(
                    group,
                    ConsumerRunner(
                        bootstrap_servers=settings.kafka_bootstrap_servers,
                        group_id=settings.consumer_group(group),
                        topics=[topic],
                        handler=handler,
                        dead_letters=publisher,
                        client_id=res.client_id("consumer"),
                        retry=retry,
                    ),
                )
        yield Container(
            **res.shared(),
            uow=uow,
            adapters=adapters,
            dispatcher=dispatcher,
            firm_authenticator=authenticator,
        )
