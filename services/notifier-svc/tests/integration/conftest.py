"""A whole notifier on real PostgreSQL, Kafka and the dev provider sinks, per test.

Each test gets its own database (migrated with Alembic), its own topics, its own sinks on free
ports and the app served by uvicorn on a free port (so provider callbacks reach it), with
short retry backoffs so outage tests stay fast.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest_asyncio
from remit_common.events import Envelope, EventPayload
from remit_common.firm_auth import StaticAuthenticator
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.records import OutgoingRecord
from remit_common.testing import migrate
from remit_local.sinks import SinkSettings, running_sinks
from remit_local.sinks.runner import RunningSinks
from remit_local.sinks.web import bind_socket, start_http
from remit_notifier.bootstrap import Overrides
from remit_notifier.config import Settings
from remit_notifier.main import create_app

sys.path.insert(0, str(Path(__file__).parent))  # notifier_helpers, fake_statements
from fake_statements import statement_app  # noqa: E402

SERVICE_DIR = Path(__file__).resolve().parents[2]

ADMIN = "integration-admin-token-0123456789"
TRACKING_SECRET = "integration-tracking-secret-0123456789"
SMS_TOKEN = "integration-sms-token-0123456789"
INTERNAL_TOKEN = "integration-internal-token-0123456789"


@dataclass
class Stack:
    """What a test drives: the app over HTTP, the sinks, Kafka topics, a firm and its key."""

    settings: Settings
    client: httpx.AsyncClient
    sinks: RunningSinks
    publisher: KafkaPublisher
    app: Any
    firm_id: UUID
    api_key: str
    statement_requests: list[dict[str, Any]]

    @property
    def container(self) -> Any:
        return self.app.state.container

    async def publish(
        self, payload: EventPayload, topic: str | None = None, event_id: UUID | None = None
    ) -> Envelope:
        envelope = Envelope.new(
            payload,
            source="/test",
            firm_id=self.firm_id,
            time=self.container.clock.now(),
            id=event_id,
        )
        await self.publisher.publish(
            OutgoingRecord(
                topic=topic or self.settings.topic_reminders,
                key=envelope.partition_key(),
                value=envelope.to_json_bytes(),
            )
        )
        return envelope

    async def sink_json(self, listener: str, path: str) -> Any:
        async with httpx.AsyncClient(base_url=self.sinks.url(listener)) as http:
            return (await http.get(path)).raise_for_status().json()

    async def arm_fault(self, listener: str, status: int, count: int) -> None:
        async with httpx.AsyncClient(base_url=self.sinks.url(listener)) as http:
            (
                await http.post("/api/faults", json={"status": status, "count": count})
            ).raise_for_status()

    async def deliveries(self, **params: str) -> list[dict[str, Any]]:
        response = await self.client.get(
            "/v1/notifications", params=params, headers={"authorization": f"Bearer {self.api_key}"}
        )
        response.raise_for_status()
        return response.json()["items"]

    async def wait_for(self, predicate, limit_s: float = 15.0, interval: float = 0.1) -> Any:
        deadline = asyncio.get_running_loop().time() + limit_s
        while True:
            value = await predicate()
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("condition not met in time")
            await asyncio.sleep(interval)


@pytest_asyncio.fixture(loop_scope="session")
async def stack(fresh_database, fresh_topic, kafka_bootstrap) -> AsyncIterator[Stack]:
    database_url = await fresh_database(prefix="notifier")
    await migrate(SERVICE_DIR, database_url)
    reminders, invoices, notifications = await asyncio.gather(
        fresh_topic(prefix="reminders"),
        fresh_topic(prefix="invoices"),
        fresh_topic(prefix="notifications"),
    )
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    statement_requests: list[dict[str, Any]] = []
    statements = await start_http(
        statement_app(INTERNAL_TOKEN, statement_requests), bind_socket("127.0.0.1", 0)
    )
    async with running_sinks(
        SinkSettings(
            smtp_port=0,
            smtp_http_port=0,
            sms_port=0,
            print_port=0,
            hook_port=0,
            sms_auth_token=SMS_TOKEN,
            sms_callback_delay=0.05,
            sms_inbound_webhook=f"http://127.0.0.1:{port}/v1/providers/twilio/events",
        )
    ) as sinks:
        settings = Settings(
            env="test",
            database_url=database_url,
            kafka_bootstrap_servers=kafka_bootstrap,
            admin_token=ADMIN,
            tracking_secret=TRACKING_SECRET,
            sms_auth_token=SMS_TOKEN,
            topic_reminders=reminders,
            topic_invoice_events=invoices,
            topic_notifications=notifications,
            kafka_consumer_group_prefix=f"t{uuid4().hex[:8]}",
            public_base_url=f"http://127.0.0.1:{port}",
            smtp_port=sinks.ports["smtp"],
            sms_api_url=sinks.url("sms"),
            print_api_url=sinks.url("print"),
            webhook_url=f"{sinks.url('hooks')}/hooks/reminders",
            portal_webhook_url=f"{sinks.url('hooks')}/hooks/portal",
            delivery_max_attempts=3,
            delivery_initial_backoff_s=0.05,
            delivery_max_backoff_s=0.2,
            dispatch_poll_interval_s=0.1,
            internal_token=INTERNAL_TOKEN,
            statement_url=f"http://127.0.0.1:{statements.port}",
        )
        # Firm API keys belong to invoice-svc; here a static table stands in for asking it.
        keys = StaticAuthenticator()
        app = create_app(settings, Overrides(firm_authenticator=keys))
        async with app.router.lifespan_context(app):
            server = await start_http(app, sock)
            try:
                async with (
                    httpx.AsyncClient(base_url=settings.public_base_url) as client,
                    KafkaPublisher(kafka_bootstrap, "notifier-tests") as publisher,
                ):
                    firm_id, api_key = await _seed_firm(client, keys)
                    yield Stack(
                        settings,
                        client,
                        sinks,
                        publisher,
                        app,
                        firm_id,
                        api_key,
                        statement_requests,
                    )
            finally:
                await server.stop()
                await statements.stop()


async def _seed_firm(client: httpx.AsyncClient, keys: StaticAuthenticator) -> tuple[UUID, str]:
    firm_id = uuid4()
    admin = {"authorization": f"Bearer {ADMIN}"}
    profile = {
        "name": "Smith & Jones LLP",
        "billing_email": "billing@smith.example",
        "billing_phone": "+13125550100",
        "contact_name": "Billing Department",
        "default_language": "en",
        "address": {
            "name": "Smith & Jones LLP",
            "address_line1": "1 Court Sq",
            "address_city": "Chicago",
            "address_state": "IL",
            "address_zip": "60601",
            "address_country": "US",
        },
    }
    (
        await client.put(f"/v1/_admin/firms/{firm_id}", json=profile, headers=admin)
    ).raise_for_status()
    api_key = f"rk_live_test_{uuid4().hex}"
    keys.add(api_key, firm_id)
    return firm_id, api_key
