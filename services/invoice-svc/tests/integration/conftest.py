"""One migrated database, one topic pair and one running app per test module.

Sharing is safe because every test creates its own firm (tenant) and only looks at that firm's
records and events; it keeps the suite fast (migrations and Kafka clients start once per module).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest_asyncio
from remit_common.testing import migrate
from remit_invoice.config import Settings
from remit_invoice.main import create_app
from remit_local import kafka_admin

from .support import ADMIN_TOKEN, Service

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def database_url(pg_admin_dsn: str) -> AsyncIterator[str]:
    """A new database migrated to head, dropped after the module."""
    name = f"invoice_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(pg_admin_dsn)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    parts = urlsplit(pg_admin_dsn)
    url = urlunsplit(("postgresql+asyncpg", parts.netloc, f"/{name}", parts.query, ""))
    await migrate(SERVICE_DIR, url)
    yield url
    conn = await asyncpg.connect(pg_admin_dsn)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def topic(kafka_bootstrap: str) -> AsyncIterator[str]:
    """A private invoice-events topic (3 partitions) and its ``.dlq``."""
    name = f"test.invoice-events.{uuid.uuid4().hex[:10]}.v1"
    topics = kafka_admin.with_dlqs({name: 3})
    await kafka_admin.ensure_topics(kafka_bootstrap, topics)
    yield name
    await kafka_admin.delete_topics(kafka_bootstrap, list(topics))


def settings_for(database_url: str, kafka_bootstrap: str, topic: str, **extra) -> Settings:
    """Test settings: private topic and consumer group, short ingress grace period."""
    return Settings(
        env="test",
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        admin_token=ADMIN_TOKEN,
        topic_invoice_events=topic,
        kafka_consumer_group_prefix=f"test-{uuid.uuid4().hex[:8]}",
        ingress_grace_seconds=3.0,
        ingress_max_backoff_seconds=0.5,
        **extra,
    )


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(database_url: str, kafka_bootstrap: str, topic: str) -> AsyncIterator[Service]:
    """The app with its lifespan running (relay and ingress consumer included)."""
    settings = settings_for(database_url, kafka_bootstrap, topic)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://invoice-svc") as http:
            yield Service(
                app=app,
                http=http,
                topic=topic,
                bootstrap=kafka_bootstrap,
                database_url=database_url,
            )
