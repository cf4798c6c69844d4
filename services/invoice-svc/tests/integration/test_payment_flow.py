"""The PMS's main flow end to end: firm -> key -> client -> invoice -> payments -> events."""

from __future__ import annotations

import pytest

from .support import (
    new_client,
    new_invoice,
    new_tenant,
    payment_body,
    read_events,
)

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="session")]


async def test_partial_then_full_payment_publishes_ordered_events_with_balances(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    invoice = await new_invoice(service, tenant, client["id"], total_minor=100_000)
    assert invoice["status"] == "issued" and invoice["balance_minor"] == 100_000

    first = await service.http.post(
        "/v1/payments", json=payment_body(invoice["id"], 40_000), headers=tenant.headers
    )
    assert first.status_code == 201, first.text
    assert first.json()["invoice_balance_after"] == {"amount_minor": 60_000, "currency": "USD"}
    partly = (
        await service.http.get(f"/v1/invoices/{invoice['id']}", headers=tenant.headers)
    ).json()
    assert (partly["status"], partly["balance_minor"]) == ("partially_paid", 60_000)

    second = await service.http.post(
        "/v1/payments", json=payment_body(invoice["id"], 60_000), headers=tenant.headers
    )
    assert second.status_code == 201, second.text
    paid = (await service.http.get(f"/v1/invoices/{invoice['id']}", headers=tenant.headers)).json()
    assert (paid["status"], paid["balance_minor"], paid["version"]) == ("paid", 0, 3)

    events = await read_events(service, lambda seen: len(seen) >= 4, firm_id=tenant.firm_id)
    # Order is guaranteed per key (partition): the client's event may come before or after.
    [client_event] = [e for e in events if e["_key"] == client["id"]]
    assert client_event["type"] == "remit.client.updated.v1"
    invoice_events = [e for e in events if e["_key"] == invoice["id"]]
    assert [e["type"] for e in invoice_events] == [
        "remit.invoice.issued.v1",
        "remit.payment.received.v1",
        "remit.payment.received.v1",
    ]
    issued, pay1, pay2 = invoice_events
    assert issued["data"]["client"]["emails"] == ["ap@acme.example"]
    assert issued["data"]["invoice"]["version"] == 1
    assert pay1["data"]["balance_after"]["amount_minor"] == 60_000
    assert pay1["data"]["invoice"]["status"] == "partially_paid"
    assert pay2["data"]["balance_after"]["amount_minor"] == 0
    assert pay2["data"]["invoice"]["status"] == "paid"
    assert [e["data"]["invoice"]["version"] for e in (issued, pay1, pay2)] == [1, 2, 3]
    assert all(e["source"] == "/remit/invoice-svc" for e in events)
