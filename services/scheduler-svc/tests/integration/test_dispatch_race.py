"""Two dispatchers racing over the same due rows: every reminder goes out exactly once."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import timedelta

import pytest
from remit_scheduler.service_layer.dispatcher import Dispatcher
from scenarios import utc
from sqlalchemy import text

pytestmark = pytest.mark.integration

ROWS = 10_000  # the figure


async def seed_due(stack, count: int) -> uuid.UUID:
    """``count`` due single-invoice reminders of one firm, written straight to the tables."""
    firm = uuid.uuid4()
    client = uuid.uuid4()
    snapshot = json.dumps({"id": str(client), "version": 1, "name": "Race LLC", "timezone": "UTC"})
    async with stack.container.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO clients (firm_id, client_id, version, snapshot, timezone) "
                "VALUES (:f, :c, 1, CAST(:s AS jsonb), 'UTC')"
            ),
            {"f": firm, "c": client, "s": snapshot},
        )
        await conn.execute(
            text(
                "INSERT INTO invoices (firm_id, invoice_id, client_id, number, status, currency,"
                " total_minor, balance_minor, issue_date, due_date, version, snapshot) "
                "SELECT :f, gen_random_uuid(), :c, 'R-' || g, 'issued', 'USD', 1000, 1000,"
                " DATE '2026-03-01', DATE '2026-03-31', 1, '{}'::jsonb"
                " FROM generate_series(1, :n) g"
            ),
            {"f": firm, "c": client, "n": count},
        )
        await conn.execute(
            text(
                "INSERT INTO reminders (id, firm_id, invoice_id, client_id, step_key, origin,"
                " status, send_at, local_date, timezone, kind, tone, channels, audience,"
                " step_index, consolidate, amount_minor, currency) "
                "SELECT gen_random_uuid(), firm_id, invoice_id, client_id, 'step:1', 'timeline',"
                " 'planned', :at, DATE '2026-03-24', 'UTC', 'pre_due', 'friendly',"
                " ARRAY['email'], 'client', 0, 'invoice', 1000, 'USD' FROM invoices"
                " WHERE firm_id = :f"
            ),
            {"f": firm, "at": utc(2026, 3, 24, 9)},
        )
    return firm


async def test_two_dispatchers_on_the_same_due_rows_dispatch_each_exactly_once(stack):
    firm = await seed_due(stack, ROWS)
    now = utc(2026, 3, 24, 9) + timedelta(minutes=1)
    topic = stack.settings.topic_reminders
    racers = [
        Dispatcher(stack.container.uows, stack.clock, topic=topic, batch_size=250) for _ in range(2)
    ]

    async def drain(d: Dispatcher) -> int:
        total = 0
        while n := await d.dispatch_once(now):
            total += n
        return total

    claimed = await asyncio.gather(*(drain(d) for d in racers))
    assert sum(claimed) == ROWS
    assert all(c > 0 for c in claimed), claimed  # both really took part
    counts = await stack.sql(
        "SELECT count(*) FILTER (WHERE r.status = 'dispatched'),"
        " count(DISTINCT r.message_id), (SELECT count(*) FROM outbox_events o"
        "  WHERE o.event_id IS NOT NULL AND o.key = convert_to(:c, 'UTF8'))"
        " FROM reminders r WHERE r.firm_id = :f",
        f=firm,
        c=str((await stack.sql("SELECT client_id FROM clients WHERE firm_id = :f", f=firm))[0][0]),
    )
    assert tuple(counts[0]) == (ROWS, ROWS, ROWS)
