"""Invoice actions, over- and reversed payments, client updates, paging and filters over HTTP."""

from __future__ import annotations

import pytest

from .support import new_client, new_invoice, new_tenant, payment_body, read_events

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="session")]


async def test_overpayment_becomes_credit_and_reversal_reopens_the_balance(service):
    tenant = await new_tenant(service)
    h = tenant.headers
    client = await new_client(service, tenant)
    invoice = await new_invoice(service, tenant, client["id"], total_minor=50_000)
    over = await service.http.post(
        "/v1/payments", json=payment_body(invoice["id"], 70_000, external_id="ch_1"), headers=h
    )
    assert over.json()["credit_created"] == {"amount_minor": 20_000, "currency": "USD"}
    inv = (await service.http.get(f"/v1/invoices/{invoice['id']}", headers=h)).json()
    assert (inv["status"], inv["balance_minor"], inv["credit_minor"]) == ("paid", 0, 20_000)

    rev = await service.http.post(
        f"/v1/payments/{over.json()['id']}/reverse", json={"reason": "chargeback"}, headers=h
    )
    assert rev.status_code == 200, rev.text
    assert rev.json()["status"] == "reversed"
    assert rev.json()["invoice_balance_after"]["amount_minor"] == 50_000
    again = await service.http.post(
        f"/v1/payments/{over.json()['id']}/reverse", json={"reason": "chargeback"}, headers=h
    )
    assert again.status_code == 409
    inv = (await service.http.get(f"/v1/invoices/{invoice['id']}", headers=h)).json()
    assert (inv["status"], inv["balance_minor"], inv["credit_minor"]) == ("issued", 50_000, 0)

    # The topic has 3 partitions: the client's event may be read after the payments'.
    def payments(events: list[dict]) -> list[dict]:
        return [e for e in events if e["type"].startswith("remit.payment.")]

    events = await read_events(service, lambda s: len(payments(s)) >= 2, firm_id=tenant.firm_id)
    received, reversed_ = payments(events)
    assert received["type"] == "remit.payment.received.v1"
    assert received["data"]["credit_created"]["amount_minor"] == 20_000
    assert received["data"]["balance_after"]["amount_minor"] == 0
    assert reversed_["type"] == "remit.payment.reversed.v1"
    assert reversed_["data"]["reason"] == "chargeback"
    assert reversed_["data"]["balance_after"]["amount_minor"] == 50_000
    assert reversed_["data"]["invoice"]["status"] == "issued"


async def test_every_action_emits_its_event_with_increasing_versions(service):
    tenant = await new_tenant(service)
    h = tenant.headers
    client = await new_client(service, tenant)
    inv = await new_invoice(service, tenant, client["id"], total_minor=30_000)
    path = f"/v1/invoices/{inv['id']}"
    steps = [
        ("PATCH", path, {"due_date": "2025-04-30", "total_minor": 40_000}),
        ("POST", f"{path}/views", {"via": "email_link"}),
        ("POST", f"{path}/dispute", {"reason": "hours", "disputed_amount_minor": 5_000}),
        ("POST", f"{path}/resolve-dispute", {"resolution": "rejected"}),
        ("POST", f"{path}/write-off", {"reason": "Uncollectible"}),
    ]
    for method, url, body in steps:
        resp = await service.http.request(method, url, json=body, headers=h)
        assert resp.status_code == 200, (url, resp.text)
    final = resp.json()
    assert (final["status"], final["written_off_minor"], final["version"]) == (
        "written_off",
        40_000,
        6,
    )
    events = await read_events(
        service, lambda s: sum(e["_key"] == inv["id"] for e in s) >= 6, firm_id=tenant.firm_id
    )
    mine = [e for e in events if e["_key"] == inv["id"]]
    assert [e["type"].split(".", 1)[1] for e in mine] == [
        "invoice.issued.v1",
        "invoice.updated.v1",
        "invoice.viewed.v1",
        "invoice.disputed.v1",
        "invoice.dispute_resolved.v1",
        "invoice.written_off.v1",
    ]
    assert [e["data"]["invoice"]["version"] for e in mine] == [1, 2, 3, 4, 5, 6]
    assert mine[1]["data"]["changed_fields"] == ["total", "balance", "status", "due_date"]
    assert mine[3]["data"]["invoice"]["status"] == "disputed"
    assert mine[5]["data"]["amount"] == {"amount_minor": 40_000, "currency": "USD"}
    assert all(e["subject"] == inv["id"] for e in mine)


async def test_client_update_bumps_version_and_emits_snapshot(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    resp = await service.http.patch(
        f"/v1/clients/{client['id']}",
        json={
            "opted_out_channels": ["sms"],
            "trust_balance": {"amount_minor": 900, "currency": "USD"},
        },
        headers=tenant.headers,
    )
    assert resp.status_code == 200 and resp.json()["version"] == 2
    events = await read_events(service, lambda s: len(s) >= 2, firm_id=tenant.firm_id)
    update = events[-1]
    assert update["data"]["changed_fields"] == ["opted_out_channels", "trust_balance"]
    assert update["data"]["client"]["version"] == 2
    assert update["data"]["client"]["trust_balance"]["amount_minor"] == 900


async def test_cursor_pages_are_stable_and_filters_apply(service):
    tenant = await new_tenant(service)
    h = tenant.headers
    a, b = await new_client(service, tenant), await new_client(service, tenant, name="Beta")
    ids = [
        (await new_invoice(service, tenant, a["id"], due_date=f"2025-04-{d:02d}"))["id"]
        for d in range(1, 8)
    ]
    other = await new_invoice(service, tenant, b["id"])
    await service.http.post("/v1/payments", json=payment_body(ids[0], 1_000), headers=h)
    seen, cursor = [], None
    while True:
        params = {"limit": 3, "client_id": a["id"], **({"cursor": cursor} if cursor else {})}
        page = (await service.http.get("/v1/invoices", params=params, headers=h)).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids and other["id"] not in seen
    due = await service.http.get(
        "/v1/invoices", headers=h, params={"due_after": "2025-04-02", "due_before": "2025-04-05"}
    )
    assert [i["id"] for i in due.json()["items"]] == ids[2:4]
    partly = await service.http.get(
        "/v1/invoices", params={"status": ["partially_paid", "paid"]}, headers=h
    )
    assert [i["id"] for i in partly.json()["items"]] == [ids[0]]
