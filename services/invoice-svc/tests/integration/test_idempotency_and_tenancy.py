"""Idempotent writes, tenant isolation, authentication and error documents."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from .support import (
    ADMIN,
    invoice_body,
    new_client,
    new_invoice,
    new_tenant,
    payment_body,
    read_events,
)

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="session")]


async def test_replayed_request_has_one_effect_and_one_event(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    invoice = await new_invoice(service, tenant, client["id"])
    headers = {**tenant.headers, "Idempotency-Key": "pay-1"}
    body = payment_body(invoice["id"], 25_000)
    first = await service.http.post("/v1/payments", json=body, headers=headers)
    # Same body with other key order and spacing is the same request.
    again = await service.http.post(
        "/v1/payments",
        content=str.encode(__import__("json").dumps(body, indent=4)),
        headers={**headers, "content-type": "application/json"},
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    listed = await service.http.get(
        "/v1/payments", params={"invoice_id": invoice["id"]}, headers=tenant.headers
    )
    assert len(listed.json()["items"]) == 1
    inv = (await service.http.get(f"/v1/invoices/{invoice['id']}", headers=tenant.headers)).json()
    assert inv["balance_minor"] == 75_000

    mismatch = await service.http.post(
        "/v1/payments", json=payment_body(invoice["id"], 1), headers=headers
    )
    assert mismatch.status_code == 422
    assert mismatch.headers["content-type"] == "application/problem+json"
    assert mismatch.json()["type"] == "urn:remit:problem:idempotency-key-reused"

    events = await read_events(service, lambda seen: len(seen) >= 3, firm_id=tenant.firm_id)
    await asyncio.sleep(0.3)  # a duplicate event would have been published by now
    events = await read_events(
        service, lambda seen: len(seen) >= len(events), firm_id=tenant.firm_id
    )
    assert [e["type"] for e in events].count("remit.payment.received.v1") == 1


async def test_concurrent_duplicates_with_one_key_make_one_invoice(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    body = invoice_body(client["id"])
    headers = {**tenant.headers, "Idempotency-Key": str(uuid.uuid4())}
    responses = await asyncio.gather(
        *(service.http.post("/v1/invoices", json=body, headers=headers) for _ in range(8))
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    page = await service.http.get("/v1/invoices", headers=tenant.headers)
    assert len(page.json()["items"]) == 1


async def test_concurrent_payments_on_one_invoice_lose_no_update(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    invoice = await new_invoice(service, tenant, client["id"], total_minor=100_000)
    responses = await asyncio.gather(
        *(
            service.http.post(
                "/v1/payments", json=payment_body(invoice["id"], 7_000), headers=tenant.headers
            )
            for _ in range(12)
        )
    )
    assert {r.status_code for r in responses} == {201}
    inv = (await service.http.get(f"/v1/invoices/{invoice['id']}", headers=tenant.headers)).json()
    assert (inv["paid_minor"], inv["balance_minor"], inv["version"]) == (84_000, 16_000, 13)
    balances = sorted(r.json()["invoice_balance_after"]["amount_minor"] for r in responses)
    assert balances == [100_000 - 7_000 * n for n in range(12, 0, -1)]


async def test_another_firms_records_answer_404_everywhere(service):
    owner, intruder = await new_tenant(service), await new_tenant(service, "Other LLP")
    client = await new_client(service, owner)
    matter = (
        await service.http.post(
            "/v1/matters", json={"client_id": client["id"], "name": "Estate"}, headers=owner.headers
        )
    ).json()
    invoice = await new_invoice(service, owner, client["id"], matter_id=matter["id"])
    payment = (
        await service.http.post(
            "/v1/payments", json=payment_body(invoice["id"], 1_000), headers=owner.headers
        )
    ).json()
    h = intruder.headers
    probes = [
        ("GET", f"/v1/clients/{client['id']}", None),
        ("PATCH", f"/v1/clients/{client['id']}", {"name": "x"}),
        ("GET", f"/v1/matters/{matter['id']}", None),
        ("PATCH", f"/v1/matters/{matter['id']}", {"name": "x"}),
        ("GET", f"/v1/invoices/{invoice['id']}", None),
        ("PATCH", f"/v1/invoices/{invoice['id']}", {"due_date": "2025-05-01"}),
        ("POST", f"/v1/invoices/{invoice['id']}/void", {}),
        ("POST", f"/v1/invoices/{invoice['id']}/write-off", {}),
        ("POST", f"/v1/invoices/{invoice['id']}/dispute", {}),
        ("POST", f"/v1/invoices/{invoice['id']}/resolve-dispute", {"resolution": "rejected"}),
        ("POST", f"/v1/invoices/{invoice['id']}/views", {}),
        ("GET", f"/v1/payments/{payment['id']}", None),
        ("POST", f"/v1/payments/{payment['id']}/reverse", {"reason": "refund"}),
        ("POST", "/v1/payments", payment_body(invoice["id"], 1)),
        ("POST", "/v1/matters", {"client_id": client["id"], "name": "x"}),
        ("POST", "/v1/invoices", invoice_body(client["id"])),
    ]
    for method, path, body in probes:
        resp = await service.http.request(method, path, json=body, headers=h)
        assert resp.status_code == 404, (method, path, resp.text)
        assert resp.headers["content-type"] == "application/problem+json"
    for path in ("/v1/clients", "/v1/matters", "/v1/invoices", "/v1/payments"):
        assert (await service.http.get(path, headers=h)).json()["items"] == []
    # Nothing changed for the owner.
    inv = (await service.http.get(f"/v1/invoices/{invoice['id']}", headers=owner.headers)).json()
    assert (inv["status"], inv["view_count"]) == ("partially_paid", 0)


async def test_authentication_and_key_revocation(service):
    tenant = await new_tenant(service)
    assert (await service.http.get("/v1/clients")).status_code == 401
    bad = await service.http.get("/v1/clients", headers={"Authorization": "Bearer rk_live_nope"})
    assert bad.status_code == 401 and bad.json()["type"] == "urn:remit:problem:unauthorized"
    assert (
        await service.http.post("/v1/firms", json={"name": "x"}, headers=tenant.headers)
    ).status_code == 401
    keys = (await service.http.get(f"/v1/firms/{tenant.firm_id}/api-keys", headers=ADMIN)).json()
    assert "key" not in keys[0] and keys[0]["prefix"].startswith("rk_live_")
    second = (
        await service.http.post(
            f"/v1/firms/{tenant.firm_id}/api-keys", json={"name": "portal"}, headers=ADMIN
        )
    ).json()
    revoked = await service.http.post(
        f"/v1/firms/{tenant.firm_id}/api-keys/{keys[0]['id']}/revoke", headers=ADMIN
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert (await service.http.get("/v1/clients", headers=tenant.headers)).status_code == 401
    other = {"Authorization": f"Bearer {second['key']}"}
    assert (await service.http.get("/v1/clients", headers=other)).status_code == 200


async def test_conflicts_and_validation_errors_are_problem_documents(service):
    tenant = await new_tenant(service)
    h = tenant.headers
    client = await new_client(service, tenant, external_id="PMS-C-1")
    dup = await service.http.post(
        "/v1/clients",
        json={"name": "Again", "timezone": "UTC", "external_id": "PMS-C-1"},
        headers=h,
    )
    assert dup.status_code == 409
    assert dup.json()["type"] == "urn:remit:problem:duplicate-external-id"
    invoice = await new_invoice(service, tenant, client["id"], number="N-1", external_id="I-1")
    same_number = await service.http.post(
        "/v1/invoices", json=invoice_body(client["id"], number="N-1"), headers=h
    )
    assert same_number.status_code == 409
    assert same_number.json()["type"] == "urn:remit:problem:duplicate-invoice-number"

    bad = await service.http.post(
        "/v1/invoices",
        json={**invoice_body(client["id"]), "currency": "usd", "total_minor": 12.5},
        headers=h,
    )
    assert bad.status_code == 422
    pointers = {e["pointer"] for e in bad.json()["errors"]}
    assert {"/body/currency", "/body/total_minor"} <= pointers
    assert "12.5" not in bad.text and "usd" not in bad.text  # input never echoed

    euro = await service.http.post(
        "/v1/payments", json=payment_body(invoice["id"], 100, "EUR"), headers=h
    )
    assert euro.status_code == 422
    assert euro.json()["type"] == "urn:remit:problem:currency-mismatch"
    assert euro.json()["invoice_currency"] == "USD"
    await service.http.post(f"/v1/invoices/{invoice['id']}/void", json={}, headers=h)
    on_void = await service.http.post(
        "/v1/payments", json=payment_body(invoice["id"], 100), headers=h
    )
    assert on_void.status_code == 409
    assert on_void.json()["type"] == "urn:remit:problem:invalid-transition"
    cursor = await service.http.get("/v1/invoices", params={"cursor": "garbage"}, headers=h)
    assert cursor.status_code == 422 and cursor.json()["type"] == "urn:remit:problem:invalid-cursor"


async def test_api_key_replay_never_reveals_the_secret_again(service):
    firm = (await service.http.post("/v1/firms", json={"name": "Key LLP"}, headers=ADMIN)).json()
    headers = {**ADMIN, "Idempotency-Key": "key-1"}
    url = f"/v1/firms/{firm['id']}/api-keys"
    first = await service.http.post(url, json={"name": "pms"}, headers=headers)
    replay = await service.http.post(url, json={"name": "pms"}, headers=headers)
    assert first.json()["key"].startswith("rk_live_")
    assert replay.status_code == 201 and "key" not in replay.json()
    assert replay.json()["id"] == first.json()["id"]
    keys = (await service.http.get(url, headers=ADMIN)).json()
    assert len(keys) == 1
