"""invoice-svc's background work: the outbox relay and the ingress consumer.

Both run as tasks supervised for the lifetime of the process: a crash is logged and the worker
restarted after a pause (the relay and the consumer are safe to restart: rows stay unpublished,
offsets uncommitted), and Kafka being down at start-up delays them instead of failing the
process. ``/readyz`` reports them through :meth:`BackgroundWorkers.check`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from remit_common.clock import Clock
from remit_common.kafka.consumer import ConsumerRunner
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.retry import RetryPolicy
from remit_common.outbox.relay import OutboxRelay
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from remit_invoice.adapters.db.tables import outbox
from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.adapters.kafka_in.handler import IngressHandler
from remit_invoice.config import Settings

log = logging.getLogger(__name__)
RESTART_PAUSE_S = 2.0


@dataclass
class BackgroundWorkers:
    """Starts, supervises and stops the relay and the consumer."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    uows: Callable[[], SqlUnitOfWork]
    clock: Clock
    _tasks: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    _crashed: dict[str, bool] = field(default_factory=dict)
    _stoppers: dict[str, Callable[[], None]] = field(default_factory=dict)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    ingress_runner: ConsumerRunner | None = None
    """The live consumer (tests wait on its ``assigned`` event)."""

    def start(self) -> None:
        """Launch the enabled workers as tasks."""
        if self.settings.outbox_relay_enabled:
            self._spawn("outbox_relay", self._run_relay)
        if self.settings.ingress_enabled:
            self._spawn("ingress_consumer", self._run_consumer)

    async def stop(self, timeout_s: float = 15.0) -> None:
        """Ask every worker to finish its batch in hand, then wait (cancel after ``timeout_s``)."""
        self._stopping.set()
        for stop in list(self._stoppers.values()):
            stop()
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=timeout_s)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def check(self) -> None:
        """Readiness: no enabled worker has died or is waiting to restart after a crash."""
        down = [
            name for name, task in self._tasks.items() if task.done() or self._crashed.get(name)
        ]
        if down:
            raise RuntimeError(f"not running: {', '.join(down)}")

    # -- supervision ----------------------------------------------------------------------
    def _spawn(self, name: str, body: Callable[[], Awaitable[None]]) -> None:
        self._tasks[name] = asyncio.create_task(self._supervise(name, body), name=name)

    async def _supervise(self, name: str, body: Callable[[], Awaitable[None]]) -> None:
        while not self._stopping.is_set():
            try:
                await body()
            except Exception as exc:  # noqa: BLE001 - restart, never die silently
                self._crashed[name] = True
                log.error(
                    "%s crashed; restarting",
                    name,
                    extra={"error_class": type(exc).__name__},
                    exc_info=exc,
                )
            finally:
                self._stoppers.pop(name, None)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), RESTART_PAUSE_S)

    def _client_id(self, role: str) -> str:
        return f"{self.settings.kafka_client_id or self.settings.service_name}-{role}"

    async def _run_relay(self) -> None:
        s = self.settings
        async with KafkaPublisher(s.kafka_bootstrap_servers, self._client_id("relay")) as pub:
            relay = OutboxRelay(
                session_factory=self.sessions,
                table=outbox,
                publisher=pub,
                batch_size=s.outbox_batch_size,
                poll_interval_s=s.outbox_poll_interval_seconds,
            )
            await self._run("outbox_relay", relay.run, relay.stop)

    async def _run_consumer(self) -> None:
        s = self.settings
        grace = timedelta(seconds=s.ingress_grace_seconds)
        # Enough attempts to outlast the grace period at the mean backoff; after that the
        # handler itself turns "unknown invoice" into a permanent, dead-lettered failure.
        attempts = math.ceil(2 * s.ingress_grace_seconds / s.ingress_max_backoff_seconds) + 5
        async with KafkaPublisher(s.kafka_bootstrap_servers, self._client_id("dlq")) as dlq:
            runner = ConsumerRunner(
                bootstrap_servers=s.kafka_bootstrap_servers,
                group_id=s.consumer_group("invoice-ingress"),
                topics=[s.topic_invoice_events],
                handler=IngressHandler(self.uows, self.clock, grace),
                dead_letters=dlq,
                client_id=self._client_id("ingress"),
                retry=RetryPolicy(
                    max_attempts=attempts,
                    initial_backoff_s=0.2,
                    max_backoff_s=s.ingress_max_backoff_seconds,
                ),
            )
            self.ingress_runner = runner
            await self._run("ingress_consumer", runner.run, runner.stop)

    async def _run(
        self, name: str, run: Callable[[], Awaitable[None]], stop: Callable[[], None]
    ) -> None:
        self._stoppers[name] = stop
        self._crashed[name] = False
        if self._stopping.is_set():
            stop()
        await run()
