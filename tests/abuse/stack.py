"""The four services in one process, wired like production, for the abuse tests.

invoice-svc's outbox publishes onto a fresh invoice-events topic that scheduler-svc,
notifier-svc and statement-svc consume; scheduler's reminders reach the notifier, whose
providers are the dev sinks (on free ports). Each service has its own freshly migrated database.
invoice-svc issues real firm API keys through its admin API; the other services accept the same
keys through a :class:`StaticAuthenticator` (standing in for asking invoice-svc).

Everything runs in process (``httpx.ASGITransport``) on the test's event loop: no ports are
bound except the sinks', so this never clashes with a running stack.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from fastapi import FastAPI
from remit_common.firm_auth import StaticAuthenticator
from remit_common.testing import migrate
from remit_local import kafka_admin
from remit_local.sinks import SinkSettings, running_sinks
from remit_local.sinks.runner import RunningSinks

REPO = Path(__file__).resolve().parents[2]
SERVICES = ("invoice", "scheduler", "notifier", "statement")
ADMIN_TOKEN = "abuse-admin-token-0123456789abcdef"
INTERNAL_TOKEN = "abuse-internal-token-0123456789abcdef"
TRACKING_SECRET = "abuse-tracking-secret-0123456789abcdef"
SMS_TOKEN = "abuse-sms-token-0123456789abcdef"


def service_dir(name: str) -> Path:
    return REPO / "services" / f"{name}-svc"


@dataclass
class Firm:
    """A tenant: its id and the bearer headers of its API key (valid on every service)."""

    id: str
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


@dataclass
class Service:
    """One running service: its app, an in-process client and its settings."""

    name: str
    app: FastAPI
    http: httpx.AsyncClient
    settings: Any

    @property
    def container(self) -> Any:
        return self.app.state.container


@dataclass
class Stack:
    """The four services, the sinks, the shared topics and the key table."""

    services: dict[str, Service]
    sinks: RunningSinks
    topics: dict[str, str]
    keys: StaticAuthenticator
    bootstrap: str
    firms: dict[str, Firm] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Service:
        return self.services[name]

    async def new_firm(self, name: str) -> Firm:
        """A firm and a real API key from invoice-svc, accepted by every service."""
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        invoice = self["invoice"].http
        firm = await invoice.post("/v1/firms", json={"name": name}, headers=admin)
        assert firm.status_code == 201, firm.text
        firm_id = firm.json()["id"]
        key = await invoice.post(
            f"/v1/firms/{firm_id}/api-keys", json={"name": "abuse"}, headers=admin
        )
        assert key.status_code == 201, key.text
        secret = key.json()["key"]
        self.keys.add(secret, uuid.UUID(firm_id))
        return Firm(firm_id, secret)


async def _database(admin_dsn: str, prefix: str, created: list[str]) -> str:
    name = f"abuse_{prefix}_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    created.append(name)
    parts = urlsplit(admin_dsn)
    return urlunsplit(("postgresql+asyncpg", parts.netloc, f"/{name}", parts.query, ""))


async def _drop(admin_dsn: str, names: list[str]) -> None:
    conn = await asyncpg.connect(admin_dsn)
    try:
        for name in names:  # FORCE: a leaked connection must not keep it alive
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@asynccontextmanager
async def serving(name: str, app: FastAPI, settings: Any) -> AsyncIterator[Service]:
    """``app`` with its lifespan running and an in-process client."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url=f"http://{name}-svc", timeout=30
        ) as http:
            yield Service(name, app, http, settings)


def _settings(name: str, url: str, bootstrap: str, topics: dict[str, str], **extra: Any) -> Any:
    module = __import__(f"remit_{name}.config", fromlist=["Settings"])
    return module.Settings(
        env="test",
        database_url=url,
        kafka_bootstrap_servers=bootstrap,
        admin_token=ADMIN_TOKEN,
        internal_token=INTERNAL_TOKEN,
        kafka_consumer_group_prefix=f"abuse-{uuid.uuid4().hex[:8]}",
        **topics,
        **extra,
    )


def _create_app(name: str, settings: Any, overrides: Any = None) -> FastAPI:
    module = __import__(f"remit_{name}.main", fromlist=["create_app"])
    return module.create_app(settings, overrides)


def notifier_settings(
    url: str, bootstrap: str, topics: dict[str, str], sinks: RunningSinks, **extra: Any
) -> Any:
    """notifier-svc settings pointed at the sinks, with short retries."""
    values: dict[str, Any] = {
        "tracking_secret": TRACKING_SECRET,
        "sms_auth_token": SMS_TOKEN,
        "public_base_url": "http://notifier-svc",
        "smtp_port": sinks.ports["smtp"],
        "sms_api_url": sinks.url("sms"),
        "print_api_url": sinks.url("print"),
        "webhook_url": f"{sinks.url('hooks')}/hooks/reminders",
        "portal_webhook_url": f"{sinks.url('hooks')}/hooks/portal",
        "delivery_max_attempts": 2,
        "delivery_initial_backoff_s": 0.05,
        "delivery_max_backoff_s": 0.2,
        "dispatch_poll_interval_s": 0.1,
    }
    values.update(extra)
    return _settings("notifier", url, bootstrap, topics, **values)


def sink_settings() -> SinkSettings:
    return SinkSettings(
        smtp_port=0,
        smtp_http_port=0,
        sms_port=0,
        print_port=0,
        hook_port=0,
        sms_auth_token=SMS_TOKEN,
        sms_callback_delay=0.05,
    )


@asynccontextmanager
async def running_stack(admin_dsn: str, bootstrap: str) -> AsyncIterator[Stack]:
    """Migrated databases, fresh topics, the sinks and the four apps; all removed afterwards."""
    suffix = uuid.uuid4().hex[:10]
    topics = {
        "topic_invoice_events": f"abuse.{suffix}.invoices.v1",
        "topic_reminders": f"abuse.{suffix}.reminders.v1",
        "topic_notifications": f"abuse.{suffix}.notifications.v1",
        "topic_statements": f"abuse.{suffix}.statements.v1",
    }
    all_topics = kafka_admin.with_dlqs(dict.fromkeys(topics.values(), 1))
    databases: list[str] = []
    try:
        await kafka_admin.ensure_topics(bootstrap, all_topics)
        urls = dict(
            zip(
                SERVICES,
                await asyncio.gather(*(_database(admin_dsn, name, databases) for name in SERVICES)),
                strict=True,
            )
        )
        for name in SERVICES:  # one at a time: Alembic's env loading is not thread-safe
            await asyncio.wait_for(migrate(service_dir(name), urls[name]), 120)
        keys = StaticAuthenticator()
        async with AsyncExitStack() as stack:
            sinks = await stack.enter_async_context(running_sinks(sink_settings()))
            services: dict[str, Service] = {}

            invoice_settings = _settings(
                "invoice",
                urls["invoice"],
                bootstrap,
                topics,
                http_max_body_bytes=256 * 1024,
            )
            services["invoice"] = await stack.enter_async_context(
                serving("invoice", _create_app("invoice", invoice_settings), invoice_settings)
            )

            from remit_scheduler.bootstrap import Overrides as SchedulerOverrides

            scheduler_settings = _settings(
                "scheduler",
                urls["scheduler"],
                bootstrap,
                topics,
                consumer_name=f"abuse-scheduler-{suffix}",
                dispatch_interval_seconds=0.2,
            )
            services["scheduler"] = await stack.enter_async_context(
                serving(
                    "scheduler",
                    _create_app(
                        "scheduler", scheduler_settings, SchedulerOverrides(firm_authenticator=keys)
                    ),
                    scheduler_settings,
                )
            )

            from remit_notifier.bootstrap import Overrides as NotifierOverrides

            settings = notifier_settings(urls["notifier"], bootstrap, topics, sinks)
            services["notifier"] = await stack.enter_async_context(
                serving(
                    "notifier",
                    _create_app("notifier", settings, NotifierOverrides(firm_authenticator=keys)),
                    settings,
                )
            )

            from remit_statement.bootstrap import Overrides as StatementOverrides

            statement_settings = _settings(
                "statement", urls["statement"], bootstrap, topics, batch_poll_interval_s=0.1
            )
            services["statement"] = await stack.enter_async_context(
                serving(
                    "statement",
                    _create_app(
                        "statement", statement_settings, StatementOverrides(firm_authenticator=keys)
                    ),
                    statement_settings,
                )
            )
            yield Stack(services, sinks, topics, keys, bootstrap)
    finally:
        await _drop(admin_dsn, databases)
        await kafka_admin.delete_topics(bootstrap, list(all_topics))
