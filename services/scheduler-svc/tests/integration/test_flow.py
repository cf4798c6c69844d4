"""Issued → planned → due → exactly one ReminderDue; redelivery; payments; disputes."""

from __future__ import annotations

import pytest
from scenarios import Invoice, Scenario, utc
from scheduler_stack import envelope, wait_for

pytestmark = pytest.mark.integration

# Default policy, client in New York, due Tue 2026-03-31: pre-due Tue 03-24 at 09:00 EDT.
PRE_DUE_AT = utc(2026, 3, 24, 13)
DUE_AT = utc(2026, 3, 31, 13)


async def planned(stack, invoice_id) -> list:
    return await stack.sql(
        "SELECT step_key, send_at, status, reason, amount_minor FROM reminders "
        "WHERE invoice_id = :i ORDER BY send_at, step_key",
        i=invoice_id,
    )


async def wait_planned(stack, invoice_id, predicate=lambda rows: bool(rows)) -> list:
    async def check():
        rows = await planned(stack, invoice_id)
        return rows if predicate(rows) else None

    return await wait_for(check)


async def test_issued_invoice_gets_the_default_timeline_and_one_reminder_when_due(stack):
    sc = Scenario()
    inv = Invoice(sc)
    issued = envelope(inv.issued(), sc.firm_id)
    await stack.send(issued)
    rows = await wait_planned(stack, inv.invoice_id)
    assert [r.step_key for r in rows][:5] == ["step:1", "step:2", "step:3", "step:4", "step:5"]
    assert rows[0].send_at == PRE_DUE_AT
    assert {r.status for r in rows} == {"planned"}

    # Nothing is due before its time.
    await stack.dispatch(utc(2026, 3, 24, 12, 59))
    assert (await planned(stack, inv.invoice_id))[0].status == "planned"

    await stack.dispatch(utc(2026, 3, 24, 13, 30))
    sent = await wait_for(lambda: stack.sink.for_invoice(inv.invoice_id))
    assert len(sent) == 1
    due = sent[0].data
    assert due.step.kind == "pre_due"
    assert due.total_due.amount_minor == 125_000
    assert due.items[0].balance.amount_minor == 125_000
    assert due.client.id == sc.client_id
    assert sent[0].firmid == sc.firm_id

    # The same event delivered again changes nothing (inbox), nor does a second pass.
    await stack.send(issued)
    marker = Invoice(sc)
    await stack.send(envelope(marker.issued(), sc.firm_id))
    await wait_planned(stack, marker.invoice_id)  # single partition: the duplicate came first
    assert await stack.dispatch(utc(2026, 3, 24, 13, 31)) >= 0
    rows = await planned(stack, inv.invoice_id)
    assert [(r.step_key, r.status) for r in rows[:2]] == [
        ("step:1", "dispatched"),
        ("step:2", "planned"),
    ]
    assert len(stack.sink.for_invoice(inv.invoice_id)) == 1
