"""Builds and tears down the scheduler stack the integration tests drive (see conftest)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from remit_common.clock import ControllableClock
from remit_common.events import Envelope, EventPayload, parse_event
from remit_common.firm_auth import StaticAuthenticator
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.records import OutgoingRecord
from remit_common.testing import migrate
from remit_local import kafka_admin
from remit_scheduler.bootstrap import Container, Overrides
from remit_scheduler.config import Settings
from remit_scheduler.main import create_app
from sqlalchemy import text

SERVICE_DIR = Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@dataclass
class ReminderSink:
    """Reads every record of the reminders topic into memory, from the beginning."""

    bootstrap: str
    topic: str
    envelopes: list[Envelope] = field(default_factory=list)
    _task: asyncio.Task | None = None

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False)
        await consumer.start()
        consumer.assign([TopicPartition(self.topic, 0)])
        await consumer.seek_to_beginning()

        async def pump() -> None:
            try:
                while True:
                    batch = await consumer.getmany(timeout_ms=200)
                    for records in batch.values():
                        self.envelopes.extend(parse_event(r.value) for r in records)
            finally:
                await consumer.stop()

        self._task = asyncio.create_task(pump())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def for_invoice(self, invoice_id: uuid.UUID) -> list[Envelope]:
        """ReminderDue envelopes listing this invoice."""
        return [e for e in self.envelopes if any(i.invoice_id == invoice_id for i in e.data.items)]


@dataclass
class Stack:
    """What a test drives: HTTP, events in, the clock, one dispatcher pass, reminders out."""

    container: Container
    http: httpx.AsyncClient
    clock: ControllableClock
    publisher: KafkaPublisher
    sink: ReminderSink
    settings: Settings
    keys: StaticAuthenticator

    async def send(self, envelope: Envelope, topic: str | None = None) -> None:
        """Publish an event to the invoice-events topic (or ``topic``)."""
        await self.publisher.publish(
            OutgoingRecord(
                topic=topic or self.settings.topic_invoice_events,
                key=envelope.partition_key(),
                value=envelope.to_json_bytes(),
            )
        )

    async def sql(self, statement: str, **params: object) -> list:
        """Run a read query on the service database."""
        async with self.container.engine.connect() as conn:
            return list((await conn.execute(text(statement), params)).all())

    async def dispatch(self, at: datetime) -> int:
        """Move the clock to ``at`` and run one dispatcher pass; relay publishes on its own."""
        self.clock.set(at)
        return await self.container.dispatcher.dispatch_once()

    def auth(self, firm_id: uuid.UUID) -> dict[str, str]:
        """Bearer headers of a (registered on first use) API key for ``firm_id``."""
        key = f"rk_test_{firm_id.hex}"
        self.keys.add(key, firm_id)
        return {"Authorization": f"Bearer {key}"}


def envelope(data: EventPayload, firm_id: uuid.UUID, at: datetime = START) -> Envelope:
    return Envelope.new(data, source="/remit/invoice-svc", firm_id=firm_id, time=at)


async def wait_for(predicate: Callable[[], object], within_s: float = 20.0) -> object:
    """Poll a (possibly async) predicate until truthy; return its value."""
    deadline = asyncio.get_running_loop().time() + within_s
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {within_s}s")
        await asyncio.sleep(0.05)


async def _create_database(admin_dsn: str) -> tuple[str, str]:
    name = f"scheduler_it_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    parts = urlsplit(admin_dsn)
    return name, urlunsplit(("postgresql+asyncpg", parts.netloc, f"/{name}", parts.query, ""))


async def _drop_database(admin_dsn: str, name: str) -> None:
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@asynccontextmanager
async def running_stack(admin_dsn: str, bootstrap: str) -> AsyncIterator[Stack]:
    name, url = await _create_database(admin_dsn)
    suffix = uuid.uuid4().hex[:10]
    topics = {f"it.{suffix}.{t}.v1": 1 for t in ("invoices", "reminders", "notifications")}
    all_topics = kafka_admin.with_dlqs(topics)
    try:
        await migrate(SERVICE_DIR, url)
        await kafka_admin.ensure_topics(bootstrap, all_topics)
        invoices_t, reminders_t, notifications_t = list(topics)
        settings = Settings(
            env="test",
            database_url=url,
            kafka_bootstrap_servers=bootstrap,
            topic_invoice_events=invoices_t,
            topic_reminders=reminders_t,
            topic_notifications=notifications_t,
            consumer_name=f"scheduler-it-{suffix}",
        )
        clock = ControllableClock(START, frozen=True)
        keys = StaticAuthenticator()
        overrides = Overrides(clock=clock, firm_authenticator=keys, run_dispatcher=False)
        app = create_app(settings, overrides)
        async with (
            app.router.lifespan_context(app),
            KafkaPublisher(bootstrap, "scheduler-it") as publisher,
        ):
            container: Container = app.state.container
            assert container.consumer is not None
            await asyncio.wait_for(container.consumer.assigned.wait(), 30)
            sink = ReminderSink(bootstrap, reminders_t)
            await sink.start()
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://svc") as http:
                try:
                    yield Stack(container, http, clock, publisher, sink, settings, keys)
                finally:
                    await sink.stop()
    finally:
        await _drop_database(admin_dsn, name)
        await kafka_admin.delete_topics(bootstrap, list(all_topics))
