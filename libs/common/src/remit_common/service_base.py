"""The part of every service's composition root that is the same in all four.

Each service builds, in this order: the clock (first: a controllable clock in production must
stop start-up before any I/O), the database engine and its session factory, the Kafka readiness
probe, and a :class:`~remit_common.background.BackgroundWorkers` for its long-running tasks.
:func:`service_resources` builds those into an exit stack that the service's ``bootstrap``
keeps adding its own pieces to; leaving it stops the workers first (they use what was added
later, such as a Kafka producer), then closes everything in reverse order. Nothing is built
at import time.

A service's ``bootstrap.py`` then reads top to bottom::

    async with service_resources(settings, overrides) as res:
        publisher = await res.publisher("producer")
        res.workers.start("outbox-relay", OutboxRelay(..., publisher=publisher))
        yield Container(**res.shared(), uows=..., dispatcher=...)

Its ``Overrides`` extends :class:`BaseOverrides` and its ``Container`` extends
:class:`ServiceContainer`. Whatever an override supplies, its owner closes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, fields
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from remit_common.background import BackgroundWorkers
from remit_common.clock import Clock, clock_from_settings
from remit_common.db.engine import create_engine, create_session_factory
from remit_common.kafka.producer import KafkaPublisher
from remit_common.web.readiness import KafkaProbe, ReadinessCheck, database_check

T = TypeVar("T")
SettingsT = TypeVar("SettingsT", bound="CoreSettings")


class CoreSettings(Protocol):
    """What :func:`service_resources` reads: ``ServiceSettings`` + database + Kafka mixins."""

    service_name: str
    database_url: str
    db_pool_size: int
    db_echo: bool
    kafka_bootstrap_servers: str
    kafka_client_id: str | None


def kafka_client_id(settings: CoreSettings, role: str) -> str:
    """The Kafka ``client.id`` of one of a service's clients, e.g. ``scheduler-svc-producer``."""
    return f"{settings.kafka_client_id or settings.service_name}-{role}"


@dataclass(frozen=True, slots=True)
class BaseOverrides:
    """Pieces a test supplies instead of letting the composition root build them."""

    engine: AsyncEngine | None = None
    clock: Clock | None = None
    kafka_probe: KafkaProbe | None = None


@dataclass(frozen=True, slots=True)
class ServiceContainer(Generic[SettingsT]):
    """The resources every running service has; a service's ``Container`` adds its own."""

    settings: SettingsT
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    clock: Clock
    kafka_probe: KafkaProbe
    workers: BackgroundWorkers

    def readiness_checks(self) -> dict[str, ReadinessCheck]:
        """What ``/readyz`` asks: the database and Kafka answer, the background workers run."""
        return {
            "database": database_check(self.engine),
            "kafka": self.kafka_probe.check,
            "workers": self.workers.check,
        }


@dataclass(frozen=True, slots=True)
class ServiceResources(ServiceContainer[SettingsT]):
    """The shared resources while a service's ``bootstrap`` builds the rest on ``stack``."""

    stack: AsyncExitStack

    def shared(self) -> dict[str, Any]:
        """The :class:`ServiceContainer` fields, for ``Container(**res.shared(), ...)``."""
        return {f.name: getattr(self, f.name) for f in fields(ServiceContainer)}

    async def enter(self, resource: AbstractAsyncContextManager[T]) -> T:
        """Enter ``resource`` for the service's lifetime (closed before the shared ones)."""
        return await self.stack.enter_async_context(resource)

    def client_id(self, role: str) -> str:
        """The Kafka ``client.id`` for one of the service's clients (:func:`kafka_client_id`)."""
        return kafka_client_id(self.settings, role)

    async def publisher(self, role: str) -> KafkaPublisher:
        """A started idempotent producer, client id ``<service>-<role>``, open for the lifetime."""
        servers = self.settings.kafka_bootstrap_servers
        return await self.enter(KafkaPublisher(servers, self.client_id(role)))


@asynccontextmanager
async def service_resources(
    settings: SettingsT,
    overrides: BaseOverrides | None = None,
    *,
    stop_timeout_s: float = 10.0,
) -> AsyncIterator[ServiceResources[SettingsT]]:
    """Build the shared resources for the ``async with`` block; see the module docstring."""
    o = overrides or BaseOverrides()
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
                settings.kafka_bootstrap_servers,
                client_id=kafka_client_id(settings, "readiness"),
            )
            stack.push_async_callback(probe.close)
        workers = BackgroundWorkers(stop_timeout_s=stop_timeout_s)
        try:
            yield ServiceResources(
                settings=settings,
                engine=engine,
                session_factory=create_session_factory(engine),
                clock=clock,
                kafka_probe=probe,
                workers=workers,
                stack=stack,
            )
        finally:
            # Before anything on the stack closes: the workers use it until they have stopped.
            await workers.stop_all()
