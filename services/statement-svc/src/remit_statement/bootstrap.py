"""statement-svc's composition root: the one place its resources are built and wired together.

``bootstrap(settings)`` is an async context manager. Entering it builds the database engine,
the session factory, the clock and the Kafka readiness probe; leaving it closes what it built,
in reverse order. Nothing is built at import time. Kafka producers, consumers and the outbox
relay join here as they land.

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

from remit_statement.config import Settings


@dataclass(frozen=True, slots=True)
class Overrides:
    """Pieces a test supplies instead of letting the composition root build them."""

    engine: AsyncEngine | None = None
    clock: Clock | None = None
    kafka_probe: KafkaProbe | None = None


@dataclass(frozen=True, slots=True)
class Container:
    """The built resources of one running statement-svc process."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    clock: Clock
    kafka_probe: KafkaProbe

    def readiness_checks(self) -> dict[str, ReadinessCheck]:
        """What ``/readyz`` asks: the database and Kafka both answer."""
        return {"database": database_check(self.engine), "kafka": self.kafka_probe.check}


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
        yield Container(
            settings=settings,
            engine=engine,
            session_factory=create_session_factory(engine),
            clock=clock,
            kafka_probe=probe,
        )
