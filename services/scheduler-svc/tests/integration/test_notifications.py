"""Notifier feedback: opens and bounces land in the history and steer escalation; opt-outs
replan the client's invoices without the channel."""

from __future__ import annotations

import uuid

import pytest
from remit_common.events import (
    Channel,
    NotificationBounced,
    NotificationOpened,
    NotificationOptedOut,
)
from scenarios import Invoice, Scenario, utc
from scheduler_stack import envelope, wait_for
from test_flow import PRE_DUE_AT, planned, wait_planned

pytestmark = pytest.mark.integration


async def test_a_bounced_email_switches_later_steps_to_sms_and_opens_are_recorded(stack):
    sc = Scenario()
    inv = Invoice(sc)
    await stack.send(envelope(inv.issued(), sc.firm_id))
    await wait_planned(stack, inv.invoice_id)
    await stack.dispatch(PRE_DUE_AT)
    due = (await wait_for(lambda: stack.sink.for_invoice(inv.invoice_id)))[0].data

    common = {
        "reminder_id": due.reminder_id,
        "client_id": sc.client_id,
        "invoice_ids": (inv.invoice_id,),
        "channel": Channel.EMAIL,
        "provider": "smtp",
    }
    topic = stack.settings.topic_notifications
    opened = NotificationOpened(
        notification_id=uuid.uuid4(), occurred_at=utc(2026, 3, 24, 14), **common
    )
    bounced = NotificationBounced(
        notification_id=uuid.uuid4(), occurred_at=utc(2026, 3, 24, 15), **common
    )
    stack.clock.set(utc(2026, 3, 24, 16))
    await stack.send(envelope(opened, sc.firm_id), topic)
    await stack.send(envelope(bounced, sc.firm_id), topic)

    async def switched():
        rows = {r.step_key: r for r in await planned(stack, inv.invoice_id)}
        channels = await stack.sql(
            "SELECT channels FROM reminders WHERE invoice_id = :i AND step_key = 'step:3'",
            i=inv.invoice_id,
        )
        return rows if channels and channels[0][0] == ["sms"] else None

    rows = await wait_for(switched)
    assert rows["step:1"].status == "dispatched"
    h = stack.auth(sc.firm_id)
    tl = (await stack.http.get(f"/v1/invoices/{inv.invoice_id}/timeline", headers=h)).json()
    events = [(e["event"], e["channel"]) for e in tl["history"]]
    assert ("dispatched", "email") in events
    assert ("opened", "email") in events and ("bounced", "email") in events
    assert tl["sent_count"] == 1


async def _channels(stack, invoice_id) -> dict[str, list[str]]:
    rows = await stack.sql(
        "SELECT step_key, channels FROM reminders WHERE invoice_id = :i AND status = 'planned'",
        i=invoice_id,
    )
    return {r.step_key: list(r.channels) for r in rows}


async def test_an_sms_opt_out_replans_every_open_invoice_of_the_client_without_sms(stack):
    # The notifier's opt-out carries the channel as a string enum; a membership test of a
    # string in an Enum class raised TypeError on Python 3.11 and dead-lettered this event.
    sc = Scenario()
    invoices = [Invoice(sc), Invoice(sc)]
    for inv in invoices:
        await stack.send(envelope(inv.issued(), sc.firm_id))
    for inv in invoices:
        await wait_planned(stack, inv.invoice_id, lambda rows: len(rows) >= 3)
        assert "sms" in (await _channels(stack, inv.invoice_id))["step:3"]  # overdue: email+sms

    stop = NotificationOptedOut(
        notification_id=uuid.uuid4(),
        client_id=sc.client_id,
        channel=Channel.SMS,
        provider="twilio",
        source="sms_stop",
        occurred_at=utc(2026, 3, 3, 14),
    )
    stack.clock.set(utc(2026, 3, 3, 15))
    await stack.send(envelope(stop, sc.firm_id), stack.settings.topic_notifications)

    async def without_sms():
        plans = [await _channels(stack, inv.invoice_id) for inv in invoices]
        return plans if all(p and all("sms" not in c for c in p.values()) for p in plans) else None

    plans = await wait_for(without_sms)
    for plan in plans:
        assert plan["step:3"] == ["email"]  # the step stays, on the channels still allowed
    dead = await stack.sql(
        "SELECT count(*) FROM reminders WHERE status <> 'planned' AND client_id = :c",
        c=sc.client_id,
    )
    assert dead[0][0] == 0  # replanned in place: nothing skipped or cancelled
