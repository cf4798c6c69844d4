"""Payments cancel in the same transaction, partial payments requote, disputes pause."""

from __future__ import annotations

import pytest
from remit_common.events import InvoiceStatus
from scenarios import Invoice, Scenario, utc
from scheduler_stack import envelope, wait_for
from test_flow import DUE_AT, PRE_DUE_AT, planned, wait_planned

pytestmark = pytest.mark.integration


async def test_full_payment_cancels_pending_sends_a_receipt_and_nothing_after(stack):
    sc = Scenario()
    inv = Invoice(sc)
    await stack.send(envelope(inv.issued(), sc.firm_id))
    await wait_planned(stack, inv.invoice_id)

    paid_at = utc(2026, 3, 10, 18)
    stack.clock.set(paid_at)
    await stack.send(envelope(inv.paid(125_000, paid_at), sc.firm_id, paid_at))
    rows = await wait_planned(
        stack, inv.invoice_id, lambda rows: any(r.step_key.startswith("payment:") for r in rows)
    )
    timeline = [r for r in rows if r.step_key.startswith(("step:", "repeat:"))]
    # Cancelled by the transaction that recorded the payment: no planned step survives it.
    assert {(r.status, r.reason) for r in timeline} == {("cancelled", "paid")}

    await stack.dispatch(paid_at)
    receipt = await wait_for(lambda: stack.sink.for_invoice(inv.invoice_id))
    assert [e.data.step.kind for e in receipt] == ["receipt"]
    assert receipt[0].data.payment.amount.amount_minor == 125_000

    for at in (PRE_DUE_AT, DUE_AT, utc(2026, 6, 1, 15), utc(2027, 1, 1, 15)):
        await stack.dispatch(at)
    await stack.dispatch(utc(2027, 1, 2))
    assert [e.data.step.kind for e in stack.sink.for_invoice(inv.invoice_id)] == ["receipt"]


async def test_partial_payment_is_acknowledged_and_later_reminders_quote_the_new_balance(stack):
    sc = Scenario()
    inv = Invoice(sc)
    await stack.send(envelope(inv.issued(), sc.firm_id))
    await wait_planned(stack, inv.invoice_id)

    paid_at = utc(2026, 3, 10, 18)
    stack.clock.set(paid_at)
    await stack.send(envelope(inv.paid(100_000, paid_at), sc.firm_id, paid_at))
    await wait_planned(stack, inv.invoice_id, lambda rows: rows[0].amount_minor == 25_000)

    await stack.dispatch(PRE_DUE_AT)
    out = await wait_for(
        lambda: (lambda e: e if len(e) == 2 else None)(stack.sink.for_invoice(inv.invoice_id))
    )
    ack, reminder = sorted(out, key=lambda e: e.data.scheduled_for)
    assert ack.data.step.kind == "payment_ack"
    assert ack.data.total_due.amount_minor == 25_000
    assert reminder.data.step.kind == "pre_due"
    assert reminder.data.total_due.amount_minor == 25_000


async def test_dispute_pauses_and_resolution_resumes_with_one_catch_up_not_a_burst(stack):
    sc = Scenario()
    inv = Invoice(sc)
    await stack.send(envelope(inv.issued(), sc.firm_id))
    await wait_planned(stack, inv.invoice_id)

    disputed_at = utc(2026, 3, 20, 15)
    stack.clock.set(disputed_at)
    await stack.send(envelope(inv.disputed(disputed_at), sc.firm_id, disputed_at))
    await wait_planned(stack, inv.invoice_id, lambda rows: rows[0].status == "skipped")
    rows = await planned(stack, inv.invoice_id)
    assert {r.reason for r in rows} == {"disputed_paused"}
    await stack.dispatch(utc(2026, 4, 20, 15))  # pre-due, due and +5 pass while disputed
    assert stack.sink.for_invoice(inv.invoice_id) == []

    # Resolved on Wed 2026-04-22: the +15 step (Apr 15) is the one catch-up; +30 stays planned.
    resolved_at = utc(2026, 4, 22, 15)
    stack.clock.set(resolved_at)
    await stack.send(envelope(inv.resolved(resolved_at), sc.firm_id, resolved_at))
    rows = await wait_planned(
        stack, inv.invoice_id, lambda rows: any(r.status == "planned" for r in rows)
    )
    due_now = [r for r in rows if r.status == "planned" and r.send_at <= resolved_at]
    assert [r.step_key for r in due_now] == ["step:4"]
    await stack.dispatch(resolved_at)
    out = await wait_for(lambda: stack.sink.for_invoice(inv.invoice_id))
    assert len(out) == 1 and out[0].data.step.index == 3
    assert inv.snapshot(InvoiceStatus.ISSUED, bump=False).version == 3


async def test_payment_before_invoice_converges_to_the_same_state(stack):
    sc = Scenario()
    inv = Invoice(sc)
    issued = inv.issued()
    paid_at = utc(2026, 3, 10, 18)
    payment = inv.paid(125_000, paid_at)
    stack.clock.set(paid_at)
    await stack.send(envelope(payment, sc.firm_id, paid_at))
    await stack.send(envelope(issued, sc.firm_id))
    marker = Invoice(sc)
    await stack.send(envelope(marker.issued(), sc.firm_id))
    await wait_planned(stack, marker.invoice_id)
    state = await stack.sql(
        "SELECT status, version, balance_minor FROM invoices WHERE invoice_id = :i",
        i=inv.invoice_id,
    )
    assert [tuple(r) for r in state] == [("paid", 2, 0)]
    rows = await planned(stack, inv.invoice_id)
    assert [r.step_key.split(":")[0] for r in rows] == ["payment"]
    await stack.dispatch(utc(2026, 5, 1, 15))
    out = await wait_for(lambda: stack.sink.for_invoice(inv.invoice_id))
    assert [e.data.step.kind for e in out] == ["receipt"]
