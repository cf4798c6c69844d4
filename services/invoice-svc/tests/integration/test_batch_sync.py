"""``POST /v1/invoices:batch``: 1,000 invoices, one transaction, 1,000 events, item outcomes."""

from __future__ import annotations

import time

import pytest

from .support import invoice_body, new_client, new_tenant, read_events

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="session")]


async def test_batch_of_1000_commits_and_emits_1000_events(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    items = [
        invoice_body(client["id"], number=f"B-{i:04d}", external_id=f"X-{i:04d}")
        for i in range(1000)
    ]
    started = time.perf_counter()
    resp = await service.http.post(
        "/v1/invoices:batch", json={"items": items}, headers=tenant.headers
    )
    elapsed = time.perf_counter() - started
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["created"], body["exists"], body["failed"]) == (1000, 0, 0)
    assert elapsed < 10, f"batch took {elapsed:.1f}s"
    events = await read_events(
        service,
        lambda s: sum(e["type"] == "remit.invoice.issued.v1" for e in s) >= 1000,
        firm_id=tenant.firm_id,
        within_s=30,
    )
    issued = [e for e in events if e["type"] == "remit.invoice.issued.v1"]
    assert len(issued) == 1000
    assert {e["_key"] for e in issued} == {o["invoice_id"] for o in body["items"]}

    # Re-sync: same external ids exist; a new number clashes; an unknown client is rejected.
    again = [
        items[0],
        invoice_body(client["id"], number="B-0001", external_id="NEW-1"),
        invoice_body("00000000-0000-4000-8000-000000000000", number="Z-1"),
        invoice_body(client["id"], number="C-1", external_id="NEW-2"),
    ]
    resp = await service.http.post(
        "/v1/invoices:batch", json={"items": again}, headers=tenant.headers
    )
    outcomes = [(o["outcome"], (o["problem"] or {}).get("type", "")) for o in resp.json()["items"]]
    assert outcomes == [
        ("exists", ""),
        ("conflict", "urn:remit:problem:duplicate-invoice-number"),
        ("rejected", "urn:remit:problem:client-not-found"),
        ("created", ""),
    ]
    assert resp.json()["items"][0]["invoice_id"] == body["items"][0]["invoice_id"]


async def test_invalid_item_rejects_the_batch_naming_the_field(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    items = [invoice_body(client["id"]), {**invoice_body(client["id"]), "currency": "XYZ"}]
    resp = await service.http.post(
        "/v1/invoices:batch", json={"items": items}, headers=tenant.headers
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["pointer"] == "/body/items/1/currency"
    too_many = await service.http.post(
        "/v1/invoices:batch",
        json={"items": [invoice_body(client["id"])] * 1001},
        headers=tenant.headers,
    )
    assert too_many.status_code == 422
