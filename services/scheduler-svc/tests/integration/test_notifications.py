"""Notifier feedback: opens and bounces land in the history and steer escalation."""

from __future__ import annotations

import uuid

import pytest
from remit_common.events import Channel, NotificationBounced, NotificationOpened
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
