"""Dispatch throughput: due reminders claimed, turned into ReminderDue and staged, per second.

Compared, in the same run and on the same rows, with a baseline that does only the bare
minimum: ``SELECT .. FOR UPDATE SKIP LOCKED LIMIT 500`` + ``UPDATE status`` per batch.  The
difference is the price of what the dispatcher adds: re-reading invoices and clients,
consolidation, building and validating the CloudEvents, the outbox rows and the history.

A second axis checks that cost follows what is *due*, not what is stored: the same due
count is measured with 10k, 100k and 1M invoices stored (each with a planned reminder; all
but ``--due`` of them weeks in the future).  Seeding is set-based (``INSERT .. SELECT
generate_series``), so 1M invoices seed in seconds.  Each figure is the median of
``--repeats`` runs on the same rows (reset in between).

    REMIT_TEST_PG_DSN=postgresql://remit:remit@127.0.0.1:55433/postgres \\
        uv run python bench/dispatch.py [--due 10000] [--stored 10000,100000,1000000] \\
        [--repeats 3] [--title "what changed"]

Writes bench/results/dispatch.json (this run) and appends a dated section to
bench/results/dispatch.md (earlier sections are kept).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
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
    """``stored`` invoices, each with one planned reminder; the first ``due`` are due."""
    await conn.execute(
        "INSERT INTO clients (firm_id, client_id, version, snapshot, timezone) "
        # The snapshot as the consumer stores it: ClientSnapshot.model_dump(mode="json").
        "SELECT $1, c, 1, jsonb_build_object('id', c, 'version', 1, 'external_id', null,"
        " 'name', 'Bench LLC', 'emails', jsonb_build_array('ap@bench.example'), 'phone', null,"
        " 'postal_address', null, 'language', 'en', 'timezone', 'UTC',"
        " 'delivery_preference', 'email', 'group', null, 'client_type', null,"
        " 'opted_out_channels', '[]'::jsonb, 'trust_balance', null), 'UTC'"
        " FROM (SELECT gen_random_uuid() c"
        " FROM generate_series(1, $2)) s",
        firm,
        CLIENTS,
    )
    await conn.execute(
        "INSERT INTO invoices (firm_id, invoice_id, client_id, number, status, currency,"
        " total_minor, balance_minor, issue_date, due_date, version, snapshot) "
        "SELECT $1, gen_random_uuid(), c.client_id, 'B-' || g, 'issued', 'USD', 1000, 1000,"
        " DATE '2026-03-01', DATE '2026-03-31', 1, '{}'::jsonb"
        " FROM generate_series(1, $2::int) g"
        " JOIN (SELECT client_id, row_number() OVER () - 1 AS n FROM clients"
        "       WHERE firm_id = $1) c ON c.n = g % $3::int",
        firm,
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


async def measure(admin_dsn: str, due: int, stored: int, repeats: int) -> dict:
    name = f"bench_dispatch_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_dsn)
    url = urlunsplit(("postgresql+asyncpg", parts.netloc, f"/{name}", parts.query, ""))
    rates: dict[str, list[float]] = {"base": [], "one": [], "two": []}
    try:
        cfg = Config(str(ROOT / "services" / "scheduler-svc" / "alembic.ini"))
        cfg.attributes["database_url"] = url
        await asyncio.to_thread(command.upgrade, cfg, "head")
        conn = await asyncpg.connect(url.replace("+asyncpg", ""))
        try:
            start = time.perf_counter()
            await seed(conn, uuid.uuid4(), due, stored)
            seed_s = time.perf_counter() - start
            for _ in range(repeats):
                for label, run in (
                    ("base", lambda: baseline(conn)),
                    ("one", lambda: remit(url, 1)),
                    ("two", lambda: remit(url, 2)),
                ):
                    await reset(conn)
                    n, t = await timed(run())
                    assert n == due, (label, n, due)
                    rates[label].append(n / t)
                    if label != "base":
                        dup = await conn.fetchval(
                            "SELECT count(*) - count(DISTINCT event_id) FROM outbox_events"
                        )
                        assert dup == 0
            messages = await conn.fetchval("SELECT count(*) FROM outbox_events")
        finally:
            await conn.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    med = {k: statistics.median(v) for k, v in rates.items()}
    return {
        "due": due,
        "stored_invoices": stored,
        "seed_s": round(seed_s, 1),
        "repeats": repeats,
        "baseline_claim_update_per_s": round(med["base"]),
        "dispatcher_1_replica_per_s": round(med["one"]),
        "dispatcher_2_replicas_per_s": round(med["two"]),
        "messages": messages,
        "ratio_1_replica_vs_baseline": round(med["one"] / med["base"], 3),
        "runs": {k: [round(x) for x in v] for k, v in rates.items()},
    }


def write(results: list[dict], title: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "title": title,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "batch": BATCH,
        "clients": CLIENTS,
    }
    (RESULTS / "dispatch.json").write_text(
        json.dumps({"meta": meta, "runs": results}, indent=2) + "\n", encoding="utf-8"
    )
    first = results[0]
    lines = [
        f"## {meta['when']}: {title}",
        "",
        f"Python {meta['python']}, {meta['cpus']} CPUs, batches of {BATCH}, due reminders "
        f"spread over {CLIENTS} clients, median of {first['repeats']} runs per figure.",
        "",
        "| due | stored invoices | seed s | baseline claim+update /s | dispatcher /s (1) | "
        "dispatcher /s (2 racing) | dispatcher ÷ baseline |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['due']:,} | {r['stored_invoices']:,} | {r['seed_s']} | "
        f"{r['baseline_claim_update_per_s']:,} | {r['dispatcher_1_replica_per_s']:,} | "
        f"{r['dispatcher_2_replicas_per_s']:,} | {r['ratio_1_replica_vs_baseline']} |"
        for r in results
    ]
    md = RESULTS / "dispatch.md"
    old = md.read_text(encoding="utf-8") if md.exists() else "# Dispatch throughput\n"
    md.write_text(old.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


async def amain() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--stored", default="10000,100000,1000000", help="comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--title", default="dispatch throughput")
    args = parser.parse_args()
    dsn = os.environ.get("REMIT_TEST_PG_DSN") or os.environ.get("DATABASE_URL")
    if not dsn:
        raise SystemExit("set REMIT_TEST_PG_DSN=postgresql://user:pw@host:port/postgres")
    results = []
    for stored in (int(s) for s in args.stored.split(",")):
        if stored < args.due:
            raise SystemExit(f"--stored {stored} < --due {args.due}: every due row is an invoice")
        result = await measure(dsn.replace("+asyncpg", ""), args.due, stored, args.repeats)
        print(json.dumps(result), flush=True)
        results.append(result)
    write(results, args.title)


if __name__ == "__main__":
    asyncio.run(amain())
