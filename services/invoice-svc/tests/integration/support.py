"""Helpers for invoice-svc's integration tests: tenants, payloads, reading events back."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI

ADMIN_TOKEN = "test-admin-token-0123456789abcdef"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@dataclass
class Service:
    """A running invoice-svc under test."""

    app: FastAPI
    http: httpx.AsyncClient
    topic: str
    bootstrap: str
    database_url: str

    @property
    def container(self):  # noqa: ANN201
        return self.app.state.container


@dataclass
class Tenant:
    """A firm with an API key."""

    firm_id: str
    headers: dict[str, str]


async def new_tenant(svc: Service, name: str = "Smith & Partners LLP") -> Tenant:
    """Create a firm and a key through the admin API."""
    firm = await svc.http.post("/v1/firms", json={"name": name}, headers=ADMIN)
    assert firm.status_code == 201, firm.text
    firm_id = firm.json()["id"]
    key = await svc.http.post(f"/v1/firms/{firm_id}/api-keys", json={"name": "pms"}, headers=ADMIN)
    assert key.status_code == 201, key.text
    return Tenant(firm_id, {"Authorization": f"Bearer {key.json()['key']}"})


def client_body(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Acme Holdings LLC",
        "emails": ["ap@acme.example"],
        "timezone": "America/Chicago",
        "language": "en-US",
        **overrides,
    }


def invoice_body(client_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "client_id": client_id,
        "number": f"INV-{uuid.uuid4().hex[:8]}",
        "issue_date": "2025-03-01",
        "due_date": "2025-03-31",
        "currency": "USD",
        "total_minor": 100_000,
        "line_items": [{"description": "Legal research", "amount_minor": 100_000}],
        **overrides,
    }


async def new_client(svc: Service, tenant: Tenant, **overrides: Any) -> dict[str, Any]:
    resp = await svc.http.post("/v1/clients", json=client_body(**overrides), headers=tenant.headers)
    assert resp.status_code == 201, resp.text
    return resp.json()


async def new_invoice(svc: Service, tenant: Tenant, client_id: str, **kw: Any) -> dict[str, Any]:
    resp = await svc.http.post(
        "/v1/invoices", json=invoice_body(client_id, **kw), headers=tenant.headers
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


def payment_body(invoice_id: str, amount: int, currency: str = "USD", **kw: Any) -> dict:
    return {
        "invoice_id": invoice_id,
        "amount": {"amount_minor": amount, "currency": currency},
        "received_at": "2025-03-14T14:00:00Z",
        "method": "card",
        **kw,
    }


async def read_events(
    svc: Service,
    until: Callable[[list[dict[str, Any]]], bool],
    *,
    firm_id: str | None = None,
    topic: str | None = None,
    within_s: float = 20.0,
) -> list[dict[str, Any]]:
    """Events of the topic (from the start), optionally one firm's, until ``until`` holds."""
    consumer = AIOKafkaConsumer(
        topic or svc.topic,
        bootstrap_servers=svc.bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    seen: list[dict[str, Any]] = []
    try:
        async with asyncio.timeout(within_s):
            while not until(seen):
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    for r in records:
                        event = json.loads(r.value)
                        event["_key"] = r.key.decode() if r.key else None
                        event["_headers"] = {k: v for k, v in (r.headers or ())}
                        if firm_id is None or event.get("firmid") == firm_id:
                            seen.append(event)
    finally:
        await consumer.stop()
    return seen
