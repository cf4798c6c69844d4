"""scheduler-svc on real infrastructure: its migrations apply, and ``/readyz`` is green."""

import asyncio
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.config import Config
from remit_scheduler.bootstrap import Overrides
from remit_scheduler.config import Settings
from remit_scheduler.main import create_app
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

SERVICE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


def _alembic_config(database_url: str) -> Config:
    cfg = Config(str(SERVICE_DIR / "alembic.ini"))
    cfg.attributes["database_url"] = database_url
    return cfg


async def _tables_and_revision(database_url: str) -> tuple[set[str], str | None]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            revision = await conn.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        await engine.dispose()
    return tables, revision


async def test_migrations_apply_and_readyz_is_green(fresh_database, kafka_bootstrap):
    database_url = await fresh_database(prefix="scheduler")
    # env.py calls asyncio.run(): give it a thread of its own, away from the test's loop.
    await asyncio.to_thread(command.upgrade, _alembic_config(database_url), "head")
    tables, revision = await _tables_and_revision(database_url)
    assert {"outbox_events", "processed_events"} <= tables
    assert revision == "0002"

    settings = Settings(
        env="test", database_url=database_url, kafka_bootstrap_servers=kafka_bootstrap
    )
    # The consumer stays off: the production topic names do not exist on a test broker.
    app = create_app(settings, Overrides(run_consumer=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            resp = await client.get("/readyz")
            health = await client.get("/healthz")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["kafka"]["status"] == "ok"
    assert health.status_code == 200


async def test_readyz_names_the_database_when_it_is_unreachable(kafka_bootstrap):
    settings = Settings(
        env="test",
        database_url="postgresql+asyncpg://nobody:nothing@127.0.0.1:1/none",
        kafka_bootstrap_servers=kafka_bootstrap,
        readiness_timeout_seconds=2.0,
    )
    app = create_app(settings, Overrides(run_consumer=False))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            resp = await client.get("/readyz")
    assert resp.status_code == 503
    assert resp.json()["failing"] == ["database"]
    assert "nothing" not in resp.text
