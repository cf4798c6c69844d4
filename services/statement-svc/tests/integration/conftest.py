"""Integration fixtures: a migrated database, fresh topics and a running statement-svc.

Firm API keys belong to invoice-svc; here a :class:`StaticAuthenticator` stands in for asking
it, and :func:`add_key` registers a key for a firm.
"""

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from remit_common.firm_auth import StaticAuthenticator
from remit_common.testing import migrate
from remit_statement.bootstrap import Container, Overrides
from remit_statement.config import Settings
from remit_statement.main import create_app

sys.path.insert(0, str(Path(__file__).parent))
SERVICE_DIR = Path(__file__).resolve().parents[2]
ADMIN = "integration-admin-token-0123456789"
INTERNAL = "integration-internal-token-0123456789"


async def migrated_database(fresh_database) -> str:  # noqa: ANN001 - the plugin's factory
    url = await fresh_database(prefix="statement")
    await migrate(SERVICE_DIR, url)
    return url


async def topics(fresh_topic) -> dict[str, str]:  # noqa: ANN001
    names = await asyncio.gather(
        *(
            fresh_topic(partitions=1, prefix=p)
            for p in ("invoices", "reminders", "notifications", "statements")
        )
    )
    return dict(
        zip(
            ("topic_invoice_events", "topic_reminders", "topic_notifications", "topic_statements"),
            names,
            strict=True,
        )
    )


def settings_for(url: str, bootstrap: str, topic_names: dict[str, str], **kw) -> Settings:
    return Settings(
        env="test",
        database_url=url,
        kafka_bootstrap_servers=bootstrap,
        admin_token=ADMIN,
        internal_token=INTERNAL,
        batch_poll_interval_s=0.05,
        kafka_consumer_group_prefix=f"test.{topic_names['topic_invoice_events']}",
        **topic_names,
        **kw,
    )


@asynccontextmanager
async def running(
    settings: Settings, keys: StaticAuthenticator | None = None
) -> AsyncIterator[tuple[httpx.AsyncClient, Container]]:
    """The app with its lifespan; pass the same ``keys`` to a restarted app to keep its keys."""
    app = create_app(settings, Overrides(firm_authenticator=keys or StaticAuthenticator()))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://svc", timeout=30
        ) as client:
            yield client, app.state.container


def add_key(container: Container, firm_id, key: str) -> dict[str, str]:  # noqa: ANN001
    """Accept ``key`` for ``firm_id``; returns the request headers that present it."""
    container.firm_authenticator.add(key, firm_id)
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
