"""invoice-svc's composition root: the one place its resources are built and wired together.

``bootstrap(settings)`` is an async context manager. Entering it builds the shared resources
(database engine, session factory, clock, Kafka readiness probe: ``remit_common.service_base``),
the unit-of-work factory and the background workers (outbox relay, ingress consumer, each
restarted after a crash); leaving it stops the workers gracefully and closes what it built, in
reverse order. Nothing is built at import time.

Tests swap any piece through :class:`Overrides` (a controllable clock, an engine on a test
database) without touching the wiring; whatever an override supplies, its owner closes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from remit_common.background import Restarting
from remit_common.service_base import BaseOverrides, ServiceContainer, service_resources

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.adapters.kafka_in.workers import RESTART_PAUSE_S, ingress_consumer, outbox_relay
from remit_invoice.config import Settings
from remit_invoice.service_layer.key_cache import ApiKeyCache


@dataclass(frozen=True, slots=True)
class Overrides(BaseOverrides):
    """Pieces a test supplies instead of letting the composition root build them."""


@dataclass(frozen=True, slots=True)
class Container(ServiceContainer[Settings]):
    """The built resources of one running invoice-svc process."""

    api_keys: ApiKeyCache = field(default_factory=lambda: ApiKeyCache(0))
    """Keys verified in the last few seconds (see ``service_layer.key_cache``)."""

    def uow(self) -> SqlUnitOfWork:
        """A new unit of work (one per request or message; never shared)."""
        return SqlUnitOfWork(self.session_factory, self.settings.topic_invoice_events)


@asynccontextmanager
async def bootstrap(
    settings: Settings, overrides: Overrides | None = None
) -> AsyncIterator[Container]:
    """Build invoice-svc's resources for the lifetime of the ``async with`` block."""
    async with service_resources(settings, overrides) as res:
        container = Container(
            **res.shared(), api_keys=ApiKeyCache(settings.api_key_local_cache_seconds)
        )
        if settings.outbox_relay_enabled:
            res.workers.start(
                "outbox_relay",
                Restarting(
                    lambda: outbox_relay(settings, res.session_factory), pause_s=RESTART_PAUSE_S
                ),
            )
        if settings.ingress_enabled:
            res.workers.start(
                "ingress_consumer",
                Restarting(
                    lambda: ingress_consumer(settings, container.uow, res.clock),
                    pause_s=RESTART_PAUSE_S,
                ),
            )
        yield container
