"""End to end inside notifier-svc: Kafka in, real SMTP/SMS sinks out, events back via outbox."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from notifier_helpers import invoice_paid, reminder_due
from remit_common.events import Channel
from remit_local.sinks.mailparse import parse_message
from sqlalchemy import text

pytestmark = pytest.mark.integration


async def _emails(stack, to: str) -> list[dict]:
    return await stack.sink_json("smtp_http", f"/api/messages?to={to}")


async def _sms(stack, to: str) -> list[dict]:
    return [
        m
        for m in await stack.sink_json("sms", "/api/messages")
        if m["to"] == to and m["direction"] == "outbound-api"
    ]


async def _outbox_types(stack) -> list[str]:
    async with stack.container.engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT convert_from(value, 'UTF8')::jsonb->>'type' FROM outbox_events"
                " WHERE published_at IS NOT NULL"
            )
        )
        return [r[0] for r in rows]


async def test_due_reminder_becomes_one_email_and_one_sms_and_redelivery_sends_nothing(stack):
    reminder = reminder_due(phone="+14155550101")
    address = reminder.client.emails[0]
    envelope = await stack.publish(reminder)
    emails = await stack.wait_for(lambda: _emails(stack, address))
    sms = await stack.wait_for(lambda: _sms(stack, "+14155550101"))
    email = emails[0]
    assert "due soon" in email["subject"] and "2025-0042" in email["subject"]
    assert "$1,250.00" in email["text"] and "$1,250.00" in email["html"]
    headers = {k.lower(): v for k, v in email["headers"].items()}
    assert headers["message-id"].endswith("@notifier.remit>")
    assert headers["list-unsubscribe"].strip().startswith("<http://127.0.0.1:")
    assert any(a["content_type"] == "image/png" for a in email["attachments"])  # the QR code
    raw = await stack.client.get(f"{stack.sinks.url('smtp_http')}/api/messages/{email['id']}/raw")
    assert parse_message(raw.content).get_content_type() == "multipart/alternative"
    assert "$1,250.00" in sms[0]["body"] and "STOP" in sms[0]["body"]

    # Tracking links in the real message work: click -> 302 to the portal, pixel -> GIF.
    click = re.search(r"http://127\.0\.0\.1:\d+/t/c/[\w.-]+", email["text"]).group(0)
    pixel = re.search(r"http://127\.0\.0\.1:\d+/t/o/[\w.-]+", email["html"]).group(0)
    async with httpx.AsyncClient() as http:
        redirect = await http.get(click)
        gif = await http.get(pixel)
    assert redirect.status_code == 302
    assert redirect.headers["location"] == reminder.items[0].portal_url
    assert gif.headers["content-type"] == "image/gif"

    # The same record again, and the same reminder under a new event id: nothing more is sent.
    await stack.publish(reminder, event_id=envelope.id)
    await stack.publish(reminder)
    await asyncio.sleep(1.5)
    assert len(await _emails(stack, address)) == 1
    assert len(await _sms(stack, "+14155550101")) == 1

    rows = await stack.deliveries(reminder_id=str(reminder.reminder_id))
    by_channel = {r["channel"]: r for r in rows}
    assert by_channel["email"]["status"] == "clicked" and by_channel["email"]["opened_at"]
    sms_row = await stack.wait_for(lambda: _delivered_sms(stack, reminder))
    assert sms_row["provider_message_id"].startswith("SM")
    wanted = {
        "remit.notification.sent.v1",
        "remit.notification.opened.v1",
        "remit.notification.clicked.v1",
        "remit.notification.delivered.v1",
    }

    async def published():
        return wanted <= set(await _outbox_types(stack))

    await stack.wait_for(published)  # the relay moved them to Kafka (published_at set)


async def _delivered_sms(stack, reminder):
    rows = await stack.deliveries(reminder_id=str(reminder.reminder_id))
    return next((r for r in rows if r["channel"] == "sms" and r["status"] == "delivered"), None)


async def test_reminder_for_an_invoice_paid_meanwhile_is_dropped(stack):
    reminder = reminder_due(channels=(Channel.EMAIL,))
    await stack.publish(invoice_paid(reminder), topic=stack.settings.topic_invoice_events)

    async def applied():
        async with stack.container.engine.connect() as conn:
            return await conn.scalar(
                text("SELECT status FROM invoice_states WHERE invoice_id=:i"),
                {"i": reminder.items[0].invoice_id},
            )

    assert await stack.wait_for(applied) == "paid"
    await stack.publish(reminder)

    async def dropped():
        rows = await stack.deliveries(reminder_id=str(reminder.reminder_id))
        return rows and rows[0]["status"] == "dropped" and rows[0]

    row = await stack.wait_for(dropped)
    assert "invoice paid" in row["reason"]
    assert await _emails(stack, reminder.client.emails[0]) == []


async def test_provider_outage_is_retried_then_succeeds(stack):
    await stack.arm_fault("smtp_http", 451, 2)
    reminder = reminder_due(channels=(Channel.EMAIL,))
    await stack.publish(reminder)
    await stack.wait_for(lambda: _emails(stack, reminder.client.emails[0]))
    rows = await stack.deliveries(reminder_id=str(reminder.reminder_id))
    assert rows[0]["status"] == "sent" and rows[0]["attempts"] == 3


async def test_always_failing_provider_dead_letters_and_replay_sends(stack):
    await stack.arm_fault("sms", 503, 3)  # = delivery_max_attempts in the fixture
    reminder = reminder_due(channels=(Channel.SMS,), phone="+14155550102")
    await stack.publish(reminder)
    auth = {"authorization": f"Bearer {stack.api_key}"}

    async def dead_letters():
        return (await stack.client.get("/v1/dead-letters", headers=auth)).json()["items"]

    letters = await stack.wait_for(dead_letters)
    assert letters[0]["attempts"] == 3 and "503" in letters[0]["reason"]
    assert await _sms(stack, "+14155550102") == []

    replay = await stack.client.post(f"/v1/dead-letters/{letters[0]['id']}/replay", headers=auth)
    assert replay.status_code == 202
    await stack.wait_for(lambda: _sms(stack, "+14155550102"))
    again = await stack.client.post(f"/v1/dead-letters/{letters[0]['id']}/replay", headers=auth)
    assert again.status_code == 409
    assert await dead_letters() == []


async def test_sms_stop_opts_the_client_out_and_publishes_an_event(stack):
    reminder = reminder_due(channels=(Channel.SMS,), phone="+14155550103")
    await stack.publish(reminder)
    await stack.wait_for(lambda: _sms(stack, "+14155550103"))
    await stack.wait_for(lambda: _delivered_sms(stack, reminder))
    async with httpx.AsyncClient(base_url=stack.sinks.url("sms")) as http:
        forwarded = (
            await http.post(
                "/api/inbound",
                json={"from": "+14155550103", "to": stack.settings.sms_from, "body": "STOP"},
            )
        ).json()
    assert forwarded["http"] == 200

    async def opted_out():
        return "remit.notification.opted_out.v1" in await _outbox_types(stack)

    await stack.wait_for(opted_out)
    later = reminder_due(
        channels=(Channel.SMS,), phone="+14155550103", client_id=reminder.client.id
    )
    await stack.publish(later)

    async def dropped():
        rows = await stack.deliveries(reminder_id=str(later.reminder_id))
        return rows and rows[0]["status"] == "dropped" and rows[0]

    assert "opted out" in (await stack.wait_for(dropped))["reason"]

    # START lifts the STOP: the next reminder is texted again.
    async with httpx.AsyncClient(base_url=stack.sinks.url("sms")) as http:
        forwarded = (
            await http.post(
                "/api/inbound",
                json={"from": "+14155550103", "to": stack.settings.sms_from, "body": "START"},
            )
        ).json()
    assert forwarded["http"] == 200
    again = reminder_due(
        channels=(Channel.SMS,), phone="+14155550103", client_id=reminder.client.id
    )
    await stack.publish(again)

    async def texted_again():
        return len(await _sms(stack, "+14155550103")) == 2

    await stack.wait_for(texted_again)


async def test_provider_webhook_with_a_bad_signature_is_refused(stack):
    response = await stack.client.post(
        "/v1/providers/twilio/events",
        data={"From": "+1415", "Body": "STOP"},
        headers={"x-twilio-signature": "forged"},
    )
    assert response.status_code == 401
    response = await stack.client.post("/v1/providers/email/events", json={"events": []})
    assert response.status_code == 401
