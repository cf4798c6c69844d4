"""Erasure on request: the client's identity is anonymised, its financial records are kept."""

from __future__ import annotations

import json

import pytest

from .support import new_client, new_invoice, new_tenant, payment_body, read_events

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="session")]

PII = ("Jane Q. Doe", "jane@doe.example", "+14155550199", "12 Elm Road", "PMS-JANE-7")


def _no_pii(text: str) -> None:
    for value in PII:
        assert value not in text, value


async def test_erasure_anonymises_identity_keeps_invoices_and_emits_snapshot(service):
    tenant = await new_tenant(service)
    h = tenant.headers
    create = await service.http.post(
        "/v1/clients",
        json={
            "name": PII[0],
            "emails": [PII[1]],
            "phone": PII[2],
            "postal_address": {
                "lines": [PII[3]],
                "city": "Springfield",
                "postal_code": "62701",
                "country": "US",
            },
            "timezone": "America/Chicago",
            "external_id": PII[4],
            "group": "private",
        },
        headers={**h, "Idempotency-Key": "create-jane"},
    )
    assert create.status_code == 201, create.text
    client = create.json()
    invoice = await new_invoice(service, tenant, client["id"], total_minor=90_000)
    paid = await service.http.post(
        "/v1/payments", json=payment_body(invoice["id"], 30_000), headers=h
    )
    assert paid.status_code == 201

    erased = await service.http.post(f"/v1/clients/{client['id']}/erase", headers=h)
    assert erased.status_code == 200, erased.text
    body = erased.json()
    _no_pii(erased.text)
    assert body["name"].startswith("Erased client ")
    assert (body["emails"], body["phone"], body["postal_address"], body["external_id"]) == (
        [],
        None,
        None,
        None,
    )
    assert set(body["opted_out_channels"]) == {"email", "sms", "portal", "letter", "webhook"}
    assert body["erased_at"] and body["version"] == client["version"] + 1
    assert body["group"] == "private"  # not personal: kept

    # Idempotent: again answers the same, with no new version (and no new event, below).
    again = await service.http.post(f"/v1/clients/{client['id']}/erase", headers=h)
    assert again.status_code == 200 and again.json() == body

    got = await service.http.get(f"/v1/clients/{client['id']}", headers=h)
    _no_pii(got.text)
    assert got.json() == body
    listed = await service.http.get("/v1/clients", headers=h)
    _no_pii(listed.text)
    # The stored first response of the create no longer carries the identity either.
    replay = await service.http.post(
        "/v1/clients",
        json=json.loads(create.request.content),
        headers={**h, "Idempotency-Key": "create-jane"},
    )
    assert replay.headers["Idempotent-Replayed"] == "true"
    _no_pii(replay.text)

    # Financial records stay, with their amounts.
    invoices = await service.http.get("/v1/invoices", params={"client_id": client["id"]}, headers=h)
    [inv] = invoices.json()["items"]
    assert (inv["id"], inv["total_minor"], inv["balance_minor"]) == (invoice["id"], 90_000, 60_000)
    payments = await service.http.get(
        "/v1/payments", params={"invoice_id": invoice["id"]}, headers=h
    )
    assert [p["amount"]["amount_minor"] for p in payments.json()["items"]] == [30_000]

    # Contact details cannot come back.
    refused = await service.http.patch(
        f"/v1/clients/{client['id']}", json={"emails": [PII[1]]}, headers=h
    )
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:remit:problem:client-erased"

    # Events after the erasure carry the anonymised snapshot only.
    await service.http.post(f"/v1/invoices/{invoice['id']}/views", json={}, headers=h)

    def done(seen: list[dict]) -> bool:
        return any(e["type"] == "remit.invoice.viewed.v1" for e in seen)

    events = await read_events(service, done, firm_id=tenant.firm_id)
    updates = [
        e
        for e in events
        if e["type"] == "remit.client.updated.v1"
        and e["data"]["client"]["version"] == body["version"]
    ]
    assert len(updates) == 1, [e["type"] for e in events]
    snapshot = updates[0]["data"]["client"]
    assert snapshot["name"] == body["name"] and snapshot["emails"] == []
    assert snapshot.get("phone") is None and snapshot.get("postal_address") is None
    assert snapshot.get("external_id") is None
    assert set(snapshot["opted_out_channels"]) == set(body["opted_out_channels"])
    assert "name" in updates[0]["data"]["changed_fields"]
    # Events come from several partitions (client events keyed by client, invoice events by
    # invoice), so "after the erasure" is by version, not by position in the list read back.
    viewed = [e for e in events if e["type"] == "remit.invoice.viewed.v1"]
    assert len(viewed) == 1 and viewed[0]["data"]["client"]["version"] >= body["version"]
    later = [*updates, *viewed]
    _no_pii(json.dumps([{k: v for k, v in e.items() if not k.startswith("_")} for e in later]))
    assert viewed[0]["data"]["client"]["name"] == body["name"]


async def test_erasure_errors(service):
    owner, intruder = await new_tenant(service), await new_tenant(service, "Other LLP")
    client = await new_client(service, owner)
    missing = await service.http.post(
        "/v1/clients/00000000-0000-4000-8000-000000000000/erase", headers=owner.headers
    )
    assert missing.status_code == 404
    assert missing.json()["type"] == "urn:remit:problem:client-not-found"
    foreign = await service.http.post(f"/v1/clients/{client['id']}/erase", headers=intruder.headers)
    assert foreign.status_code == 404
    assert (await service.http.post(f"/v1/clients/{client['id']}/erase")).status_code == 401
    untouched = await service.http.get(f"/v1/clients/{client['id']}", headers=owner.headers)
    assert untouched.json()["erased_at"] is None
