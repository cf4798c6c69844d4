"""Property: one invoice's events applied in any order leave the same plan (real read models).

invoice-svc emits an invoice's events with rising snapshot versions; Kafka may deliver them
to us in another order (retries, a republished external payment, a replay).  Hypothesis draws
a history of payments, disputes, resolutions and due-date changes, applies it once in the
order it happened and once shuffled, each to its own firm, through the real use case
(``apply_invoice_event``) and the real versioned upserts on PostgreSQL, and compares what is
planned.  Also: once the invoice is fully paid, no timeline reminder is planned.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from remit_common.events import InvoiceStatus
from remit_scheduler.service_layer.ingest import apply_invoice_event
from scenarios import Invoice, Scenario, utc
from scheduler_stack import envelope

pytestmark = pytest.mark.integration

NOW = utc(2026, 3, 3, 15)  # the day after issue: every default step still lies ahead
TOTAL = 100_000

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.sampled_from([10_000, 25_000, 60_000, TOTAL])),
        st.tuples(st.just("dispute"), st.none()),
        st.tuples(st.just("resolve"), st.none()),
        st.tuples(st.just("due_date"), st.integers(min_value=-5, max_value=45)),
    ),
    max_size=6,
)


def history(ops: list[tuple[str, int | None]]):  # noqa: ANN201
    """The events invoice-svc would emit for ``ops`` (impossible ones dropped), in order."""
    sc = Scenario()
    inv = Invoice(sc, total=TOTAL)
    events = [inv.issued()]
    disputed = False
    for i, (op, arg) in enumerate(ops):
        at = NOW - timedelta(hours=10 - i)
        if inv.balance <= 0:
            break  # fully paid: invoice-svc emits nothing more that we plan on
        if op == "pay" and not disputed:
            events.append(inv.paid(min(arg, inv.balance), at))
        elif op == "dispute" and not disputed:
            disputed = True
            events.append(inv.disputed(at))
        elif op == "resolve" and disputed:
            disputed = False
            events.append(inv.resolved(at))
        elif op == "due_date":
            status = (
                InvoiceStatus.DISPUTED
                if disputed
                else InvoiceStatus.ISSUED
                if inv.balance == inv.total
                else InvoiceStatus.PARTIALLY_PAID
            )
            events.append(inv.due_date_changed(date(2026, 3, 31) + timedelta(days=arg), status))
    return sc, inv, events


async def apply_all(stack, events, firm_id: uuid.UUID) -> list[tuple]:
    """Apply ``events`` one transaction each, as the consumer does; return what is planned."""
    for i, data in enumerate(events):
        async with stack.container.uows() as uow:
            await apply_invoice_event(uow, envelope(data, firm_id, NOW - timedelta(hours=i)), NOW)
            await uow.commit()
    rows = await stack.sql(
        "SELECT origin, step_key, send_at, kind, tone, channels, amount_minor, currency"
        " FROM reminders WHERE firm_id = :f AND status = 'planned' ORDER BY step_key",
        f=firm_id,
    )
    return [tuple(r) for r in rows]


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples every run: an integration suite must not flake
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(ops=OPS, data=st.data())
async def test_any_arrival_order_leaves_the_same_plan_and_nothing_after_full_payment(
    stack, ops, data
):
    _, inv, events = history(ops)
    shuffled = data.draw(st.permutations(events), label="arrival order")
    in_order = await apply_all(stack, events, uuid.uuid4())
    out_of_order = await apply_all(stack, shuffled, uuid.uuid4())
    assert out_of_order == in_order
    timeline = [r for r in in_order if r[0] == "timeline"]
    if inv.balance <= 0:
        assert timeline == []  # fully paid: nothing is ever planned again
    else:
        assert {r[6] for r in timeline} <= {inv.balance}  # every step quotes the balance left
