"""Integration fixtures: a migrated database, fresh topics and a running statement-svc."""

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from alembic import command
from alembic.config import Config
from remit_statement.config import Settings
from remit_statement.main import create_app

sys.path.insert(0, str(Path(__file__).parent))
SERVICE_DIR = Path(__file__).resolve().parents[2]
ADMIN = "integration-admin-token-0123456789"


async def migrated_database(fresh_database) -> str:  # noqa: ANN001 - the plugin's factory
    url = await fresh_database(prefix="statement")
    cfg = Config(str(SERVICE_DIR / "alembic.ini"))
    cfg.attributes["database_url"] = url
    # env.py calls asyncio.run(): give it a thread of its own, away from the test's loop.
    await asyncio.to_thread(command.upgrade, cfg, "head")
    return url


async def topics(fresh_topic) -> dict[str, str]:  # noqa: ANN001
    names = await asyncio.gather(*(fresh_topic(partitions=1, prefix=p) for p in
                                   ("invoices", "reminders", "notifications", "statements")))
    return dict(zip(("topic_invoice_events", "topic_reminders", "topic_notifications",
                     "topic_statements"), names, strict=True))


def settings_for(url: str, bootstrap: str, topic_names: dict[str, str], **kw) -> Settings:
    return Settings(env="test", database_url=url, kafka_bootstrap_servers=bootstrap,
                    admin_token=ADMIN, batch_poll_interval_s=0.05,
                    kafka_consumer_group_prefix=f"test.{topic_names['topic_invoice_events']}",
                    **topic_names, **kw)


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc",
                                     timeout=30) as client:
            yield client, app.state.container


async def add_key(client: httpx.AsyncClient, firm_id, key: str) -> dict[str, str]:  # noqa: ANN001
    resp = await client.post("/v1/_admin/firm-keys",
                             json={"firm_id": str(firm_id), "api_key": key},
                             headers={"Authorization": f"Bearer {ADMIN}"})
    assert resp.status_code == 204, resp.text
    return {"Authorization": f"Bearer {key}"}


async def wait_for(predicate, within_s: float = 30.0):  # noqa: ANN001, ANN201
    deadline = asyncio.get_running_loop().time() + within_s
    while True:
        result = await predicate()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {within_s}s")
        await asyncio.sleep(0.1)
