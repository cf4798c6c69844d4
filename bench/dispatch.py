"""Dispatch throughput: due reminders claimed, turned into ReminderDue and staged, per second.

Compared, in the same run and on the same rows, with a baseline that does only the bare
minimum: ``SELECT .. FOR UPDATE SKIP LOCKED LIMIT 500`` + ``UPDATE status`` per batch.  The
difference is the price of what the dispatcher adds: re-reading invoices and clients,
consolidation, building and validating the CloudEvents, the outbox rows and the history.

A second axis checks that cost follows what is *due*, not what is stored: the same due
count is measured with extra not-yet-due planned reminders stored alongside.

    REMIT_TEST_PG_DSN=postgresql://remit:remit@127.0.0.1:55433/postgres \\
        uv run python bench/dispatch.py [--due 20000] [--stored 0,200000]

Writes bench/results/dispatch.json and bench/results/dispatch.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from alembic import command
from alembic.config import Config
from remit_common.clock import ControllableClock
from remit_common.db.engine import create_engine, create_session_factory
from remit_scheduler.adapters.db.unit_of_work import uow_factory
from remit_scheduler.service_layer.dispatcher import Dispatcher

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
NOW = datetime(2026, 3, 24, 9, 1, tzinfo=UTC)
BATCH = 500
CLIENTS = 2_000  # due reminders spread over this many clients (consolidation per client)


async def seed(conn: asyncpg.Connection, firm: uuid.UUID, due: int, stored: int) -> None:
    """``due`` due reminders and ``stored`` future ones, each on its own invoice."""
    await conn.execute(
        "INSERT INTO clients (firm_id, client_id, version, snapshot, timezone) "
        "SELECT $1, c, 1, jsonb_build_object('id', c, 'version', 1, 'name', 'Bench LLC',"
        " 'timezone', 'UTC'), 'UTC' FROM (SELECT gen_random_uuid() c"
        " FROM generate_series(1, $2)) s",
        firm,
        CLIENTS,
    )
    await conn.execute(
        "INSERT INTO invoices (firm_id, invoice_id, client_id, number, status, currency,"
        " total_minor, balance_minor, issue_date, due_date, version, snapshot) "
        "SELECT $1, gen_random_uuid(), c.client_id, 'B-' || g, 'issued', 'USD', 1000, 1000,"
        " DATE '2026-03-01', DATE '2026-03-31', 1, '{}'::jsonb"
        " FROM generate_series(1, $2::int + $3::int) g"
        " JOIN (SELECT client_id, row_number() OVER () - 1 AS n FROM clients"
        "       WHERE firm_id = $1) c ON c.n = g % $4::int",
        firm,
        due,
        stored,
        CLIENTS,
    )
    await conn.execute(
        "INSERT INTO reminders (id, firm_id, invoice_id, client_id, step_key, origin, status,"
        " send_at, local_date, timezone, kind, tone, channels, audience, step_index,"
        " consolidate, amount_minor, currency) "
        "SELECT gen_random_uuid(), firm_id, invoice_id, client_id, 'step:1', 'timeline',"
        " 'planned', CASE WHEN row_number() OVER () <= $2 THEN $3::timestamptz"
        " ELSE $3::timestamptz + interval '30 days' END, DATE '2026-03-24', 'UTC',"
        " 'pre_due', 'friendly', ARRAY['email'], 'client', 0,"
        " 'invoice', 1000, 'USD' FROM invoices WHERE firm_id = $1",
        firm,
        due,
        NOW.replace(hour=9, minute=0),
    )
    await conn.execute("ANALYZE")


async def reset(conn: asyncpg.Connection) -> None:
    """Back to 'everything due is planned' between measurements."""
    await conn.execute(
        "UPDATE reminders SET status = 'planned', message_id = NULL, reason = NULL,"
        " dispatched_at = NULL WHERE status <> 'planned'"
    )
    await conn.execute("TRUNCATE outbox_events, reminder_history")
    await conn.execute("VACUUM ANALYZE reminders")


async def baseline(conn: asyncpg.Connection) -> int:
    """Bare claim + mark, batches of 500, one transaction each."""
    total = 0
    while True:
        async with conn.transaction():
            ids = await conn.fetch(
                "SELECT id FROM reminders WHERE status = 'planned' AND send_at <= $1"
                " ORDER BY send_at LIMIT $2 FOR UPDATE SKIP LOCKED",
                NOW,
                BATCH,
            )
            if not ids:
                return total
            await conn.execute(
                "UPDATE reminders SET status = 'dispatched', dispatched_at = $2"
                " WHERE id = ANY($1::uuid[])",
                [r["id"] for r in ids],
                NOW,
            )
            total += len(ids)


async def remit(url: str, replicas: int) -> int:
    """The real dispatcher (``replicas`` of them racing), until nothing is due."""
    engine = create_engine(url, pool_size=replicas + 1)
    uows = uow_factory(create_session_factory(engine))
    clock = ControllableClock(NOW, frozen=True)
    try:
        racers = [
            Dispatcher(uows, clock, topic="billing.reminders.v1", batch_size=BATCH)
            for _ in range(replicas)
        ]

        async def drain(d: Dispatcher) -> int:
            total = 0
            while n := await d.dispatch_once(NOW):
                total += n
            return total

        return sum(await asyncio.gather(*(drain(d) for d in racers)))
    finally:
        await engine.dispose()


async def timed(coro) -> tuple[int, float]:  # noqa: ANN001
    start = time.perf_counter()
    n = await coro
    return n, time.perf_counter() - start


async def measure(admin_dsn: str, due: int, stored: int) -> dict:
    name = f"bench_dispatch_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_dsn)
    url = urlunsplit(("postgresql+asyncpg", parts.netloc, f"/{name}", parts.query, ""))
    try:
        cfg = Config(str(ROOT / "services" / "scheduler-svc" / "alembic.ini"))
        cfg.attributes["database_url"] = url
        await asyncio.to_thread(command.upgrade, cfg, "head")
        conn = await asyncpg.connect(url.replace("+asyncpg", ""))
        try:
            await seed(conn, uuid.uuid4(), due, stored)
            await reset(conn)
            n_base, t_base = await timed(baseline(conn))
            await reset(conn)
            n_one, t_one = await timed(remit(url, 1))
            messages = await conn.fetchval("SELECT count(*) FROM outbox_events")
            await reset(conn)
            n_two, t_two = await timed(remit(url, 2))
            dup = await conn.fetchval(
                "SELECT count(*) - count(DISTINCT event_id) FROM outbox_events"
            )
        finally:
            await conn.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    assert n_base == n_one == n_two == due, (n_base, n_one, n_two)
    assert dup == 0
    return {
        "due": due,
        "stored_not_due": stored,
        "baseline_claim_update_per_s": round(n_base / t_base),
        "dispatcher_1_replica_per_s": round(n_one / t_one),
        "dispatcher_2_replicas_per_s": round(n_two / t_two),
        "messages": messages,
        "ratio_1_replica_vs_baseline": round((n_one / t_one) / (n_base / t_base), 3),
    }


def write(results: list[dict]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "batch": BATCH,
        "clients": CLIENTS,
    }
    (RESULTS / "dispatch.json").write_text(
        json.dumps({"meta": meta, "runs": results}, indent=2) + "\n", encoding="utf-8"
    )
    lines = [
        "# Dispatch throughput",
        "",
        f"{meta['when']}, Python {meta['python']}, {meta['cpus']} CPUs, batches of {BATCH}, "
        f"due reminders spread over {CLIENTS} clients. Produced by `bench/dispatch.py`.",
        "",
        "| due | stored, not due | baseline claim+update /s | dispatcher /s (1) | "
        "dispatcher /s (2 racing) | dispatcher ÷ baseline |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['due']:,} | {r['stored_not_due']:,} | {r['baseline_claim_update_per_s']:,} | "
        f"{r['dispatcher_1_replica_per_s']:,} | {r['dispatcher_2_replicas_per_s']:,} | "
        f"{r['ratio_1_replica_vs_baseline']} |"
        for r in results
    ]
    (RESULTS / "dispatch.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


async def amain() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=20_000)
    parser.add_argument("--stored", default="0,200000", help="comma-separated")
    args = parser.parse_args()
    dsn = os.environ.get("REMIT_TEST_PG_DSN") or os.environ.get("DATABASE_URL")
    if not dsn:
        raise SystemExit("set REMIT_TEST_PG_DSN=postgresql://user:pw@host:port/postgres")
    results = []
    for stored in (int(s) for s in args.stored.split(",")):
        result = await measure(dsn.replace("+asyncpg", ""), args.due, stored)
        print(json.dumps(result))
        results.append(result)
    write(results)


if __name__ == "__main__":
    asyncio.run(amain())
