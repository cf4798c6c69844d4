"""pytest plugin (entry point `remit_local`): real Kafka and PostgreSQL for integration tests.

Session fixtures
    `kafka_bootstrap` -> "host:port": `KAFKA_BOOTSTRAP_SERVERS`, else the local broker.
    `pg_admin_dsn` -> "postgresql://...": `REMIT_TEST_PG_DSN`, else `DATABASE_URL`, else the
    local cluster. A database may be created from it; tests never use it directly.
When the variable is absent the plugin starts the local component for the session (so plain
`uv run pytest` works) and stops it at the end, but only if it started it.

Function fixtures (factories; everything they create is removed after the test)
    `fresh_database` -> `await fresh_database()` gives a `postgresql+asyncpg://` URL of a new,
    empty database.
    `fresh_topic` -> `await fresh_topic(partitions=3)` gives the name of a new topic; its
    `<name>.dlq` exists too (1 partition).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from remit_local import infra, kafka_admin
from remit_local.paths import Layout

try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - the async fixtures need pytest-asyncio
    pytest_asyncio = None  # type: ignore[assignment]


def _local(component: str):  # noqa: ANN202 - a context manager
    """Run one local component for the session; stop it afterwards if we started it."""
    return infra.running(Layout.default(), components=(component,), durable=False)


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """Bootstrap servers of a Kafka cluster with the project's topics."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        yield external
        return
    with _local("kafka") as live:
        yield live.kafka_bootstrap


@pytest.fixture(scope="session")
def pg_admin_dsn() -> Iterator[str]:
    """A `postgresql://` DSN of a role that may create databases."""
    external = os.environ.get("REMIT_TEST_PG_DSN") or os.environ.get("DATABASE_URL")
    if external:
        parts = urlsplit(external)
        yield urlunsplit(("postgresql", *parts[1:]))  # drop a "+asyncpg" driver suffix
        return
    with _local("postgres") as live:
        yield live.pg_admin_dsn


def _unique(prefix: str) -> str:
    clean = re.sub(r"[^a-z0-9_]", "_", prefix.lower())[:30]
    return f"{clean}_{uuid.uuid4().hex[:12]}"


async def _databases(admin_dsn: str) -> AsyncIterator[Callable[..., Awaitable[str]]]:
    created: list[str] = []

    async def create(prefix: str = "test") -> str:
        name = _unique(prefix)
        conn = await asyncpg.connect(admin_dsn)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        created.append(name)
        parts = urlsplit(admin_dsn)
        return urlunsplit(("postgresql+asyncpg", parts.netloc, f"/{name}", parts.query, ""))

    yield create
    if created:
        conn = await asyncpg.connect(admin_dsn)
        try:
            for name in created:  # FORCE: a leaked connection must not keep it alive
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


async def _topics(bootstrap: str) -> AsyncIterator[Callable[..., Awaitable[str]]]:
    created: list[str] = []

    async def create(partitions: int = 1, prefix: str = "test") -> str:
        name = f"{prefix}.{uuid.uuid4().hex[:12]}.v1"
        topics = kafka_admin.with_dlqs({name: partitions})
        await kafka_admin.ensure_topics(bootstrap, topics)
        created.extend(topics)
        return name

    yield create
    if created:
        await kafka_admin.delete_topics(bootstrap, created)


if pytest_asyncio is not None:

    @pytest_asyncio.fixture(loop_scope="session")
    async def fresh_database(pg_admin_dsn: str) -> AsyncIterator[Callable[..., Awaitable[str]]]:
        """Factory: `url = await fresh_database(prefix="test")`; dropped after the test."""
        async for create in _databases(pg_admin_dsn):
            yield create

    @pytest_asyncio.fixture(loop_scope="session")
    async def fresh_topic(kafka_bootstrap: str) -> AsyncIterator[Callable[..., Awaitable[str]]]:
        """Factory: `name = await fresh_topic(partitions=1)` (+ `<name>.dlq`); deleted after."""
        async for create in _topics(kafka_bootstrap):
            yield create
