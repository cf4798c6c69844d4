"""The transactional outbox: events exist only for committed changes, and they get published."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from remit_invoice.adapters.db.tables import outbox
from remit_invoice.schemas.clients import ClientCreate
from remit_invoice.service_layer import clients
from sqlalchemy import func, select

from .support import client_body, new_tenant, read_events

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="session")]


async def _outbox_rows(service, event_type: str, name: str) -> list:
    async with service.container.session_factory() as session:
        rows = await session.execute(
            select(outbox.c.event_id, outbox.c.published_at).where(
                outbox.c.headers["ce_type"].astext == event_type,
                func.convert_from(outbox.c.value, "UTF8").contains(name),
            )
        )
        return rows.all()


async def test_rolled_back_change_leaves_no_event_and_committed_one_is_published(service):
    tenant = await new_tenant(service)
    firm_id = uuid.UUID(tenant.firm_id)
    now = service.container.clock.now()
    lost, kept = f"Rolled Back {uuid.uuid4().hex[:6]}", f"Committed {uuid.uuid4().hex[:6]}"

    async with service.container.uow() as uow:
        await clients.create_client(uow, firm_id, ClientCreate(**client_body(name=lost)), now)
        # no commit: leaving the block rolls back the client and its outbox row together
    async with service.container.uow() as uow:
        await clients.create_client(uow, firm_id, ClientCreate(**client_body(name=kept)), now)
        await uow.commit()

    assert await _outbox_rows(service, "remit.client.updated.v1", lost) == []
    for _ in range(100):
        rows = await _outbox_rows(service, "remit.client.updated.v1", kept)
        if rows and rows[0].published_at is not None:
            break
        await asyncio.sleep(0.05)
    assert len(rows) == 1 and rows[0].published_at is not None
    events = await read_events(service, lambda s: len(s) >= 1, firm_id=tenant.firm_id)
    assert [e["data"]["client"]["name"] for e in events] == [kept]
    assert events[0]["id"] == str(rows[0].event_id)
    assert events[0]["_headers"]["content-type"].startswith(b"application/cloudevents+json")


async def test_refused_request_emits_nothing(service):
    tenant = await new_tenant(service)
    resp = await service.http.post(
        "/v1/invoices",
        json={
            "client_id": str(uuid.uuid4()),
            "number": "N",
            "issue_date": "2025-01-01",
            "currency": "USD",
            "total_minor": 1,
        },
        headers=tenant.headers,
    )
    assert resp.status_code == 404
    async with service.container.session_factory() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(outbox)
            .where(func.convert_from(outbox.c.value, "UTF8").contains(tenant.firm_id))
        )
    assert count == 0
