"""Helpers for the services' integration tests (no pytest import here: plain ``assert``).

* :func:`migrate` applies a service's Alembic migrations to a test database.
* :func:`isolated_settings` gives settings values that keep an app under test to itself: fresh
  topics and a private consumer-group prefix, so its consumers may run without touching the
  shared topics or joining a real service's consumer group.
* :func:`io_imports` and :func:`clock_reads` check that a ``domain`` package is pure (house
  style: no I/O libraries, ``now`` is an argument).
* :class:`AppReadyContract` is the "app ready" test every service runs, built from
  :func:`assert_migrations_apply`, :func:`assert_ready` and :func:`assert_unready_database`:
  its migrations reach head, ``/readyz`` is green with the workers running, and an unreachable
  database is named without leaking its URL.

The ``fresh_database``, ``fresh_topic`` and ``kafka_bootstrap`` fixtures come from the
``remit_local`` pytest plugin.
"""

from __future__ import annotations

import ast
import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import FastAPI
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

UNREACHABLE_DATABASE_URL = "postgresql+asyncpg://nobody:nothing@127.0.0.1:1/none"
PLUMBING_TABLES = frozenset({"outbox_events", "processed_events"})
IO_LIBRARIES = frozenset(
    {"sqlalchemy", "fastapi", "aiokafka", "httpx", "asyncpg", "requests", "os"}
)
# ("time" is left out: datetime.time() reads a field, not the clock.)
CLOCK_CALLS = frozenset({"now", "utcnow", "today", "time_ns", "monotonic", "perf_counter"})
TOPIC_SETTINGS = {
    "topic_invoice_events": "invoices",
    "topic_reminders": "reminders",
    "topic_notifications": "notifications",
    "topic_statements": "statements",
}


def _module_trees(package: ModuleType) -> list[tuple[str, ast.AST]]:
    root = Path(package.__file__).parent  # type: ignore[arg-type]
    return [
        (str(source.relative_to(root)), ast.parse(source.read_text(encoding="utf-8")))
        for source in sorted(root.rglob("*.py"))
    ]


def io_imports(package: ModuleType) -> list[str]:
    """``module: import`` for every import of an I/O library (:data:`IO_LIBRARIES`) in it."""
    found = []
    for name, tree in _module_trees(package):
        for node in ast.walk(tree):
            imported = []
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported = [node.module]
            found += [f"{name}: {i}" for i in imported if i.split(".")[0] in IO_LIBRARIES]
    return found


def clock_reads(package: ModuleType) -> list[str]:
    """``module:line`` for every call that reads the clock (``.now()``, ``.today()``...) in it."""
    return [
        f"{name}:{node.lineno}"
        for name, tree in _module_trees(package)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_CALLS
    ]


def alembic_config(service_dir: Path, database_url: str) -> Config:
    """The service's ``alembic.ini``, pointed at ``database_url``."""
    cfg = Config(str(service_dir / "alembic.ini"))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade_to_head(service_dir: Path, database_url: str) -> None:
    """``alembic upgrade head`` for the service (blocking; see :func:`migrate`)."""
    command.upgrade(alembic_config(service_dir, database_url), "head")


async def migrate(service_dir: Path, database_url: str) -> None:
    """Apply the service's migrations to ``database_url``."""
    # env.py calls asyncio.run(): give it a thread of its own, away from the test's loop.
    await asyncio.to_thread(upgrade_to_head, service_dir, database_url)


async def tables_and_revision(database_url: str) -> tuple[set[str], str | None]:
    """The tables of the database and its Alembic revision."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            revision = await conn.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        await engine.dispose()
    return tables, revision


async def isolated_settings(
    database_url: str, kafka_bootstrap: str, fresh_topic: Callable[..., Awaitable[str]]
) -> dict[str, Any]:
    """Keyword arguments for a service's ``Settings`` that share no topic or group."""
    names = await asyncio.gather(*(fresh_topic(prefix=p) for p in TOPIC_SETTINGS.values()))
    return {
        "env": "test",
        "database_url": database_url,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "kafka_consumer_group_prefix": f"test-{uuid.uuid4().hex[:8]}",
        **dict(zip(TOPIC_SETTINGS, names, strict=True)),
    }


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan running, and an HTTP client calling it in process."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            yield client


async def assert_migrations_apply(
    service_dir: Path, database_url: str, tables: Iterable[str] = ()
) -> None:
    """The migrations reach the head revision and create ``tables`` and the plumbing tables."""
    await migrate(service_dir, database_url)
    present, revision = await tables_and_revision(database_url)
    assert PLUMBING_TABLES | set(tables) <= present, present
    script = ScriptDirectory.from_config(alembic_config(service_dir, database_url))
    assert revision == script.get_current_head()


async def assert_ready(
    app: FastAPI, checks: Iterable[str] = ("database", "kafka", "workers")
) -> None:
    """``/readyz`` answers 200 with every one of ``checks`` ok; ``/healthz`` answers 200."""
    async with running(app) as client:
        ready = await client.get("/readyz")
        health = await client.get("/healthz")
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ready"
    for name in checks:
        assert body["checks"][name]["status"] == "ok", (name, body)
    assert health.status_code == 200


async def assert_unready_database(app: FastAPI) -> None:
    """With the database unreachable, ``/readyz`` is 503 naming it alone, without its URL."""
    async with running(app) as client:
        resp = await client.get("/readyz")
    assert resp.status_code == 503
    assert resp.json()["failing"] == ["database"]
    assert "nothing" not in resp.text  # the password of UNREACHABLE_DATABASE_URL


class AppReadyContract:
    """The app-ready tests; a service subclasses it as ``TestAppReady`` in its integration tests.

    The subclass sets ``service_dir`` (where ``alembic.ini`` is), ``tables`` (some of its own
    tables the migrations must create) and implements :meth:`app`.
    """

    service_dir: Path
    tables: Iterable[str] = ()

    def app(self, **settings: Any) -> FastAPI:
        """The service's app, built from ``Settings(**settings)``."""
        raise NotImplementedError

    async def test_migrations_apply_and_readyz_is_green(
        self,
        fresh_database: Callable[..., Awaitable[str]],
        fresh_topic: Callable[..., Awaitable[str]],
        kafka_bootstrap: str,
    ) -> None:
        database_url = await fresh_database(prefix=self.service_dir.name.split("-")[0])
        await assert_migrations_apply(self.service_dir, database_url, self.tables)
        settings = await isolated_settings(database_url, kafka_bootstrap, fresh_topic)
        await assert_ready(self.app(**settings))

    async def test_readyz_names_the_database_when_it_is_unreachable(
        self, fresh_topic: Callable[..., Awaitable[str]], kafka_bootstrap: str
    ) -> None:
        settings = await isolated_settings(UNREACHABLE_DATABASE_URL, kafka_bootstrap, fresh_topic)
        await assert_unready_database(self.app(**settings))
