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


async def test_revoked_key_is_refused_at_once_although_it_was_just_cached(service):
    tenant = await new_tenant(service)
    assert (await service.http.get("/v1/clients", headers=tenant.headers)).status_code == 200
    keys = (await service.http.get(f"/v1/firms/{tenant.firm_id}/api-keys", headers=ADMIN)).json()
    await service.http.post(
        f"/v1/firms/{tenant.firm_id}/api-keys/{keys[0]['id']}/revoke", headers=ADMIN
    )
    assert (await service.http.get("/v1/clients", headers=tenant.headers)).status_code == 401
    writes = await service.http.post("/v1/clients", json={"name": "x"}, headers=tenant.headers)
    assert writes.status_code == 401


async def test_replay_of_an_action_that_cannot_repeat_returns_the_first_response(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    invoice = await new_invoice(service, tenant, client["id"])
    headers = {**tenant.headers, "Idempotency-Key": "void-1"}
    url = f"/v1/invoices/{invoice['id']}/void"
    first = await service.http.post(url, json={"reason": "issued twice"}, headers=headers)
    # Voiding again would be an invalid transition; with the same key it is a replay.
    again = await service.http.post(url, json={"reason": "issued twice"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    fresh = await service.http.post(url, json={"reason": "issued twice"}, headers=tenant.headers)
    assert fresh.status_code == 409
    # A key whose first request failed stored nothing: the retry runs (and fails) again.
    bad_key = {**tenant.headers, "Idempotency-Key": "void-2"}
    assert (await service.http.post(url, json={}, headers=bad_key)).status_code == 409
    assert (await service.http.post(url, json={}, headers=bad_key)).status_code == 409

    events = await read_events(
        service,
        lambda seen: any(e["type"] == "remit.invoice.voided.v1" for e in seen),
        firm_id=tenant.firm_id,
    )
    await asyncio.sleep(0.3)
    events = await read_events(
        service, lambda seen: len(seen) >= len(events), firm_id=tenant.firm_id
    )
    assert [e["type"] for e in events].count("remit.invoice.voided.v1") == 1


async def test_lists_filters_and_batches_never_reveal_another_firm(service):
    owner, intruder = await new_tenant(service), await new_tenant(service, "Nosy LLP")
    client = await new_client(service, owner, external_id="C-SECRET")
    invoice = await new_invoice(service, owner, client["id"], number="N-SECRET")
    await service.http.post(
        "/v1/payments", json=payment_body(invoice["id"], 1_000), headers=owner.headers
    )
    h = intruder.headers
    filtered = [
        ("/v1/clients", {"external_id": "C-SECRET"}),
        ("/v1/matters", {"client_id": client["id"]}),
        ("/v1/invoices", {"client_id": client["id"]}),
        ("/v1/invoices", {"number": "N-SECRET"}),
        ("/v1/payments", {"invoice_id": invoice["id"]}),
    ]
    for path, params in filtered:
        resp = await service.http.get(path, params=params, headers=h)
        assert resp.status_code == 200 and resp.json()["items"] == [], (path, params)
    batch = await service.http.post(
        "/v1/invoices:batch", json={"items": [invoice_body(client["id"])]}, headers=h
    )
    assert batch.status_code == 200, batch.text
    assert batch.json()["created"] == 0
    assert "C-SECRET" not in batch.text and "N-SECRET" not in batch.text
    # The same number and external ids are free in another firm: no cross-firm collision.
    own = await new_client(service, intruder, external_id="C-SECRET")
    mine = await new_invoice(service, intruder, own["id"], number="N-SECRET")
    assert mine["number"] == "N-SECRET"
