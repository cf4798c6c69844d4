"""A hostile SMTP server (accepts connections, never says a word) cannot stall other channels.

A notifier of its own (fresh database and topics) sends email to that server and SMS to the dev
SMS sink. A reminder for email and SMS: the SMS goes out within seconds while each email
attempt times out after ``smtp_timeout_s`` and the email ends dead-lettered.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime

from remit_common.events import (
    Channel,
    ClientSnapshot,
    Envelope,
    InvoiceStatus,
    ReminderDue,
    ReminderInvoiceItem,
    ReminderStep,
    StepKind,
    Tone,
)
from remit_common.firm_auth import StaticAuthenticator
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.records import OutgoingRecord
from remit_common.money import Money
from remit_common.testing import migrate
from remit_notifier.bootstrap import Overrides

from .stack import ADMIN_TOKEN, Stack, _create_app, notifier_settings, service_dir, serving

SMS_WITHIN_S = 5.0


async def silent_smtp() -> tuple[asyncio.Server, list[asyncio.StreamWriter]]:
    """A TCP server that accepts and then says nothing (no 220 greeting, ever)."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        await reader.read()  # until the client gives up

    return await asyncio.start_server(hold, "127.0.0.1", 0), held


async def test_silent_smtp_does_not_stall_sms(stack: Stack, fresh_database, fresh_topic) -> None:
    server, held = await silent_smtp()
    smtp_port = server.sockets[0].getsockname()[1]
    url = await fresh_database(prefix="abuse_notifier")
    await migrate(service_dir("notifier"), url)
    names = await asyncio.gather(
        *(fresh_topic(prefix=p) for p in ("invoices", "reminders", "notifications", "statements"))
    )
    topics = dict(
        zip(
            ("topic_invoice_events", "topic_reminders", "topic_notifications", "topic_statements"),
            names,
            strict=True,
        )
    )
    settings = notifier_settings(
        url,
        stack.bootstrap,
        topics,
        stack.sinks,
        smtp_port=smtp_port,
        smtp_timeout_s=1.0,
        smtp_pool_size=0,
        delivery_max_attempts=2,
    )
    keys = StaticAuthenticator()
    firm_id, key = uuid.uuid4(), f"rk_live_abuse_{uuid.uuid4().hex}"
    keys.add(key, firm_id)
    auth = {"Authorization": f"Bearer {key}"}
    app = _create_app("notifier", settings, Overrides(firm_authenticator=keys))
    try:
        async with serving("notifier", app, settings) as svc:
            (
                await svc.http.put(
                    f"/v1/_admin/firms/{firm_id}",
                    headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                    json={
                        "name": "Hostile LLP",
                        "billing_email": "billing@hostile.example",
                        "billing_phone": "+13125550100",
                        "contact_name": "Billing",
                        "default_language": "en",
                        "address": {
                            "name": "H LLP",
                            "address_line1": "1 Court Sq",
                            "address_city": "Chicago",
                            "address_state": "IL",
                            "address_zip": "60601",
                            "address_country": "US",
                        },
                    },
                )
            ).raise_for_status()
            reminder = _reminder()
            envelope = Envelope.new(
                reminder, source="/abuse", firm_id=firm_id, time=datetime.now(UTC)
            )
            started = time.monotonic()
            async with KafkaPublisher(stack.bootstrap, "abuse-hostile") as publisher:
                await publisher.publish(
                    OutgoingRecord(
                        topic=topics["topic_reminders"],
                        key=envelope.partition_key(),
                        value=envelope.to_json_bytes(),
                    )
                )

            async def by_channel() -> dict[str, dict]:
                r = await svc.http.get(
                    "/v1/notifications",
                    headers=auth,
                    params={"reminder_id": str(reminder.reminder_id)},
                )
                return {n["channel"]: n for n in r.json()["items"]}

            sms_at = None
            while time.monotonic() - started < 30:
                rows = await by_channel()
                if sms_at is None and rows.get("sms", {}).get("status") in ("sent", "delivered"):
                    sms_at = time.monotonic() - started
                letters = (await svc.http.get("/v1/dead-letters", headers=auth)).json()["items"]
                if sms_at is not None and letters:
                    break
                await asyncio.sleep(0.1)
            email = (await by_channel()).get("email", {})
            print(
                f"\n[hostile-provider] SMS out after {sms_at}s; email {email.get('status')} "
                f"after {email.get('attempts')} attempts; silent SMTP held "
                f"{len(held)} connections; dead letters {len(letters)}"
            )
            assert sms_at is not None and sms_at < SMS_WITHIN_S, (sms_at, rows)
            assert email.get("status") not in ("sent", "delivered"), email
            assert len(held) >= 1
            assert [d for d in letters if "email" in str(d).lower()], letters
    finally:
        server.close()
        for writer in held:
            writer.close()


def _reminder() -> ReminderDue:
    usd = Money(amount_minor=50_000, currency="USD")
    today = datetime.now(UTC).date()
    invoice_id = uuid.uuid4()
    return ReminderDue(
        reminder_id=uuid.uuid4(),
        client=ClientSnapshot(
            id=uuid.uuid4(),
            version=1,
            name="Acme Holdings LLC",
            emails=("ap@acme.example",),
            phone="+14155550123",
            language="en-US",
            timezone="UTC",
        ),
        items=(
            ReminderInvoiceItem(
                invoice_id=invoice_id,
                number="H-1",
                issue_date=today,
                due_date=today,
                total=usd,
                balance=usd,
                status=InvoiceStatus.ISSUED,
                portal_url=f"https://portal.example/i/{invoice_id}",
            ),
        ),
        step=ReminderStep(index=0, kind=StepKind.PRE_DUE, tone=Tone.FRIENDLY),
        channels=(Channel.EMAIL, Channel.SMS),
        total_due=usd,
        scheduled_for=datetime.now(UTC),
        language="en-US",
    )
