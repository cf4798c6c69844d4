"""External producers' payments and views: applied once, republished complete, or dead-lettered."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from remit_common.events import Envelope, InvoiceViewed, PaymentReceived, PaymentReversed
from remit_common.money import Money

from .support import new_client, new_invoice, new_tenant, read_events

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="session")]
PROCESSOR = "/lawpay/webhooks"


async def publish(service, *envelopes: Envelope) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=service.bootstrap)
    await producer.start()
    try:
        for env in envelopes:
            await producer.send_and_wait(
                service.topic, env.to_json_bytes(), key=env.partition_key()
            )
    finally:
        await producer.stop()


def external_payment(
    firm_id: str,
    invoice_id: str,
    amount: int,
    currency: str = "USD",
    *,
    external_id: str = "ch_ext_1",
    age: timedelta = timedelta(0),
    event_id: uuid.UUID | None = None,
) -> Envelope:
    when = datetime.now(UTC) - age
    payload = PaymentReceived(
        invoice_id=uuid.UUID(invoice_id),
        external_id=external_id,
        amount=Money(amount_minor=amount, currency=currency),
        received_at=when,
        method="card",
    )
    return Envelope.new(
        payload, source=PROCESSOR, firm_id=uuid.UUID(firm_id), time=when, id=event_id
    )


def dlq_reason(record: dict) -> str:
    return record["_headers"]["kafka_dlt-exception-message"].decode()


async def test_external_payment_is_applied_once_and_republished_complete(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    inv = await new_invoice(service, tenant, client["id"], total_minor=80_000)
    env = external_payment(tenant.firm_id, inv["id"], 30_000)
    # Redelivery of the same event, and the processor re-sending it under a new event id.
    resend = external_payment(tenant.firm_id, inv["id"], 30_000)
    await publish(service, env, env, resend)

    def republished(seen: list[dict]) -> list[dict]:
        return [
            e
            for e in seen
            if e["type"] == "remit.payment.received.v1" and e["source"] == "/remit/invoice-svc"
        ]

    events = await read_events(service, lambda s: len(republished(s)) >= 1, firm_id=tenant.firm_id)
    [ours] = republished(events)
    data = ours["data"]
    assert data["external_id"] == "ch_ext_1" and data["payment_id"]
    assert data["balance_after"]["amount_minor"] == 50_000
    assert data["invoice"]["status"] == "partially_paid"
    assert data["client"]["id"] == client["id"]
    payments = (
        await service.http.get(
            "/v1/payments", params={"invoice_id": inv["id"]}, headers=tenant.headers
        )
    ).json()["items"]
    assert [p["external_id"] for p in payments] == ["ch_ext_1"]

    # The processor reverses it: the balance reopens.
    reversal = PaymentReversed(
        invoice_id=uuid.UUID(inv["id"]),
        external_id="ch_ext_1",
        amount=Money(amount_minor=30_000, currency="USD"),
        reversed_at=datetime.now(UTC),
        reason="refund",
    )
    await publish(
        service,
        Envelope.new(
            reversal, source=PROCESSOR, firm_id=uuid.UUID(tenant.firm_id), time=datetime.now(UTC)
        ),
    )
    events = await read_events(
        service,
        lambda s: any(
            e["type"] == "remit.payment.reversed.v1" and e["source"] == "/remit/invoice-svc"
            for e in s
        ),
        firm_id=tenant.firm_id,
    )
    invoice = (await service.http.get(f"/v1/invoices/{inv['id']}", headers=tenant.headers)).json()
    assert (invoice["balance_minor"], invoice["status"]) == (80_000, "issued")
    assert len(republished(events)) == 1  # the duplicates produced nothing


async def test_external_view_is_counted_and_republished_with_snapshots(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    inv = await new_invoice(service, tenant, client["id"])
    viewed = InvoiceViewed(
        invoice_id=uuid.UUID(inv["id"]),
        viewed_at=datetime.now(UTC),
        via="portal",
        external_id="view-1",
    )
    await publish(
        service,
        Envelope.new(
            viewed, source="/portal", firm_id=uuid.UUID(tenant.firm_id), time=datetime.now(UTC)
        ),
    )
    events = await read_events(
        service,
        lambda s: any(
            e["type"] == "remit.invoice.viewed.v1" and e["source"] == "/remit/invoice-svc"
            for e in s
        ),
        firm_id=tenant.firm_id,
    )
    # The topic has 3 partitions: the client's events may be read after the invoice's.
    ours = [
        e
        for e in events
        if e["type"] == "remit.invoice.viewed.v1" and e["source"] == "/remit/invoice-svc"
    ][-1]
    assert ours["data"]["invoice"]["view_count"] == 1
    assert ours["data"]["external_id"] == "view-1"


async def test_wrong_currency_and_unknown_invoice_are_dead_lettered_with_reasons(service):
    tenant = await new_tenant(service)
    client = await new_client(service, tenant)
    inv = await new_invoice(service, tenant, client["id"])
    euro = external_payment(tenant.firm_id, inv["id"], 100, "EUR", external_id="ch_eur")
    stale = external_payment(
        tenant.firm_id, str(uuid.uuid4()), 100, external_id="ch_old", age=timedelta(hours=1)
    )
    young = external_payment(tenant.firm_id, str(uuid.uuid4()), 100, external_id="ch_young")
    await publish(service, euro, stale, young)
    dead = await read_events(
        service, lambda s: len(s) >= 3, firm_id=tenant.firm_id, topic=f"{service.topic}.dlq"
    )
    reasons = {d["data"]["external_id"]: dlq_reason(d) for d in dead}
    assert "EUR" in reasons["ch_eur"] and "USD" in reasons["ch_eur"]
    assert "unknown after grace period" in reasons["ch_old"]
    assert "unknown after grace period" in reasons["ch_young"]  # retried, then gave up
    young_dead = next(d for d in dead if d["data"]["external_id"] == "ch_young")
    assert int(young_dead["_headers"]["remit_dlt-attempts"]) > 1
    invoice = (await service.http.get(f"/v1/invoices/{inv['id']}", headers=tenant.headers)).json()
    assert invoice["balance_minor"] == invoice["total_minor"]


async def test_malformed_record_is_dead_lettered(service):
    producer = AIOKafkaProducer(bootstrap_servers=service.bootstrap)
    await producer.start()
    marker = uuid.uuid4().hex
    try:
        await producer.send_and_wait(service.topic, f"not json {marker}".encode(), key=b"k")
    finally:
        await producer.stop()
    consumer_events: list[dict] = []

    async def find() -> None:
        c = AIOKafkaConsumer(
            f"{service.topic}.dlq",
            bootstrap_servers=service.bootstrap,
            auto_offset_reset="earliest",
            group_id=None,
        )
        await c.start()
        try:
            while not consumer_events:
                for records in (await c.getmany(timeout_ms=200)).values():
                    consumer_events.extend(
                        {"reason": dict(r.headers)["kafka_dlt-exception-message"].decode()}
                        for r in records
                        if marker.encode() in r.value
                    )
        finally:
            await c.stop()

    async with asyncio.timeout(20):
        await find()
    assert "not valid JSON" in consumer_events[0]["reason"]
