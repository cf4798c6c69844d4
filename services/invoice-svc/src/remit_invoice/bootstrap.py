"""invoice-svc's composition root: the one place its resources are built and wired together.

``bootstrap(settings)`` is an async context manager. Entering it builds the database engine,
the session factory, the unit-of-work factory, the clock, the Kafka readiness probe and the
background workers (outbox relay, ingress consumer); leaving it stops the workers gracefully
and closes what it built, in reverse order. Nothing is built at import time.

Tests swap any piece through :class:`Overrides` (a controllable clock, an engine on a test
database) without touching the wiring; whatever an override supplies, its owner closes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from remit_common.clock import Clock, clock_from_settings
from remit_common.db.engine import create_engine, create_session_factory
from remit_common.web import KafkaProbe, ReadinessCheck, database_check
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.adapters.kafka_in.workers import BackgroundWorkers
from remit_invoice.config import Settings


@dataclass(frozen=True, slots=True)
class Overrides:
    """Pieces a test supplies instead of letting the composition root build them."""

    engine: AsyncEngine | None = None
    clock: Clock | None = None
    kafka_probe: KafkaProbe | None = None


@dataclass(frozen=True, slots=True)
class Container:
    """The built resources of one running invoice-svc process."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    clock: Clock
    kafka_probe: KafkaProbe
    workers: BackgroundWorkers

    def uow(self) -> SqlUnitOfWork:
        """A new unit of work (one per request or message; never shared)."""
        return SqlUnitOfWork(self.session_factory, self.settings.topic_invoice_events)

    def readiness_checks(self) -> dict[str, ReadinessCheck]:
        """What ``/readyz`` asks: the database and Kafka answer, the workers run."""
        return {
            "database": database_check(self.engine),
            "kafka": self.kafka_probe.check,
            "workers": self.workers.check,
        }


@asynccontextmanager
async def bootstrap(
    settings: Settings, overrides: Overrides | None = None
) -> AsyncIterator[Container]:
    """Build invoice-svc's resources for the lifetime of the ``async with`` block."""
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

        def uows() -> SqlUnitOfWork:
            return SqlUnitOfWork(sessions, settings.topic_invoice_events)

        workers = BackgroundWorkers(settings=settings, sessions=sessions, uows=uows, clock=clock)
        workers.start()
        stack.push_async_callback(workers.stop)  # runs first on exit: before the engine closes
        yield Container(
            settings=settings,
            engine=engine,
            session_factory=sessions,
            clock=clock,
            kafka_probe=probe,
            workers=workers,
        )
