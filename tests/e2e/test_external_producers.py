"""A payment processor and a portal publish straight onto Kafka; Remit honours what is valid.

The producer here is a bare aiokafka client writing JSON by hand, not Remit's helpers: this is
what a third party's integration looks like.
"""

import asyncio
import json
import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from .actors import create_client, days, issue_invoice, onboard_firm, wait_for_mail

TOPIC = "billing.invoice-events.v1"


def payment_event(firm_id: str, invoice_id: str, amount_minor: int) -> bytes:
    now = datetime.now(UTC).isoformat()
    return json.dumps(
        {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "type": "remit.payment.received.v1",
            "source": "/lawpay/processor",
            "time": now,
            "subject": invoice_id,
            "firmid": firm_id,
            "dataschema": "urn:remit:schema:remit.payment.received.v1",
            "datacontenttype": "application/json",
            "data": {
                "invoice_id": invoice_id,
                "external_id": f"ch_{uuid.uuid4().hex[:14]}",
                "amount": {"amount_minor": amount_minor, "currency": "USD"},
                "received_at": now,
                "method": "card",
            },
        }
    ).encode()


async def test_an_external_payment_on_kafka_is_applied_and_a_malformed_one_dead_lettered(system):
    firm = await onboard_firm(system)
    client = await create_client(system, firm)
    today = (await system.now()).date()
    invoice = await issue_invoice(system, firm, client, issued=today, due=today + days(20))
    garbage = b'{"specversion": "1.0", "type": "remit.payment.received.v1", "data": 12.5'
    producer = AIOKafkaProducer(bootstrap_servers=system.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(TOPIC, garbage, key=invoice["id"].encode())
        await producer.send_and_wait(
            TOPIC, payment_event(firm.id, invoice["id"], 125_000), key=invoice["id"].encode()
        )
    finally:
        await producer.stop()

    for _ in range(60):
        current = await system.http.get(
            system.url("invoice", f"/v1/invoices/{invoice['id']}"), headers=firm.headers
        )
        if current.json()["status"] == "paid":
            break
        await asyncio.sleep(0.5)
    assert current.json()["status"] == "paid", "the processor's payment was applied"
    assert current.json()["balance_minor"] == 0
    receipts = await wait_for_mail(system, client["emails"][0], 1)
    assert receipts, "the client gets a receipt for a payment made through the processor"

    dead = await _dead_letters_with(system.kafka_bootstrap, garbage)
    assert dead, "the malformed record is in the dead-letter topic"
    reasons = {dict(r.headers)["kafka_dlt-exception-message"].decode() for r in dead}
    assert all(reason for reason in reasons)


async def _dead_letters_with(bootstrap: str, value: bytes) -> list:
    consumer = AIOKafkaConsumer(
        f"{TOPIC}.dlq",
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    found = []
    try:
        for _ in range(40):
            batch = await consumer.getmany(timeout_ms=500)
            found += [r for records in batch.values() for r in records if r.value == value]
            if found and not batch:
                break
    finally:
        await consumer.stop()
    return found
