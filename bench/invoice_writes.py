"""REST write throughput of invoice-svc against a raw asyncpg insert baseline, in one run.

    REMIT_TEST_PG_DSN=postgresql://... KAFKA_BOOTSTRAP_SERVERS=... \
        uv run python bench/invoice_writes.py [--singles 2000] [--batches 10] [--repeat 3]

Everything runs against a fresh database and topic on the same machine:
- baseline: the same invoice rows inserted with plain asyncpg (one INSERT per row over the
  same concurrency; and ``executemany`` in batches of 1,000);
- REST single: ``POST /v1/invoices`` (auth, idempotency key, row lock-free insert, snapshot
  reads, outbox row) through the ASGI app in-process (no socket, so HTTP parsing is excluded);
- REST batch: ``POST /v1/invoices:batch`` with 1,000 items each.
The outbox relay runs during the measurement, as in production. With ``--repeat N`` every
figure is measured N times (baseline and REST interleaved, each run on a fresh database) and the
median is printed with its ratio to the median baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from remit_local import kafka_admin

SERVICE_DIR = Path(__file__).resolve().parents[1] / "services" / "invoice-svc"
sys.path.insert(0, str(SERVICE_DIR / "tests" / "integration"))
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from remit_invoice.config import Settings  # noqa: E402
from remit_invoice.main import create_app  # noqa: E402
from support import ADMIN_TOKEN, Service, invoice_body, new_client, new_tenant  # noqa: E402

CONCURRENCY = 16


def _migrate(url: str) -> None:
    cfg = Config(str(SERVICE_DIR / "alembic.ini"))
    cfg.attributes["database_url"] = url
    command.upgrade(cfg, "head")


async def baseline(dsn: str, n_single: int, n_batch: int) -> tuple[float, float]:
    """Rows/s for single inserts (concurrent) and executemany batches of 1,000."""
    pool = await asyncpg.create_pool(dsn, min_size=CONCURRENCY, max_size=CONCURRENCY)
    await pool.execute(
        "CREATE TABLE bench_invoices (id uuid primary key, firm_id uuid, number text, "
        "issue_date date, currency text, total_minor bigint, line_items jsonb, "
        "UNIQUE (firm_id, number))"
    )
    firm = uuid.uuid4()
    sql = "INSERT INTO bench_invoices VALUES ($1, $2, $3, $4, 'USD', 100000, $5)"
    items = '[{"description": "Legal research", "amount_minor": 100000}]'
    queue = list(range(n_single))

    async def worker() -> None:
        while queue:
            i = queue.pop()
            await pool.execute(sql, uuid.uuid4(), firm, f"S-{i}", date(2025, 3, 1), items)

    t = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    single = n_single / (time.perf_counter() - t)
    t = time.perf_counter()
    for b in range(n_batch):
        rows = [(uuid.uuid4(), firm, f"B-{b}-{i}", date(2025, 3, 1), items) for i in range(1000)]
        async with pool.acquire() as conn, conn.transaction():
            await conn.executemany(sql, rows)
    batch = n_batch * 1000 / (time.perf_counter() - t)
    await pool.close()
    return single, batch


async def rest(svc: Service, n_single: int, n_batch: int) -> tuple[float, float]:
    """Invoices/s through the REST API, single and batch."""
    tenant = await new_tenant(svc)
    client = await new_client(svc, tenant)
    queue = list(range(n_single))

    async def worker() -> None:
        while queue:
            i = queue.pop()
            headers = {**tenant.headers, "Idempotency-Key": f"s-{i}"}
            body = invoice_body(client["id"], number=f"S-{i}")
            resp = await svc.http.post("/v1/invoices", json=body, headers=headers)
            assert resp.status_code == 201, resp.text

    t = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    single = n_single / (time.perf_counter() - t)
    t = time.perf_counter()
    for b in range(n_batch):
        items = [invoice_body(client["id"], number=f"B-{b}-{i}") for i in range(1000)]
        resp = await svc.http.post(
            "/v1/invoices:batch",
            json={"items": items},
            headers={**tenant.headers, "Idempotency-Key": f"b-{b}"},
        )
        assert resp.json()["created"] == 1000
    batch = n_batch * 1000 / (time.perf_counter() - t)
    return single, batch


async def run_once(n_single: int, n_batch: int) -> tuple[float, float, float, float]:
    """One measurement on a fresh database and topic: (raw single, raw batch, REST single,
    REST batch)."""
    admin = os.environ["REMIT_TEST_PG_DSN"]
    bootstrap = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    name = f"bench_invoice_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    parts = urlsplit(admin)
    dsn = urlunsplit(("postgresql", parts.netloc, f"/{name}", "", ""))
    url = dsn.replace("postgresql://", "postgresql+asyncpg://")
    topic = f"bench.invoice-events.{uuid.uuid4().hex[:8]}.v1"
    await kafka_admin.ensure_topics(bootstrap, kafka_admin.with_dlqs({topic: 6}))
    try:
        await asyncio.to_thread(_migrate, url)
        raw_single, raw_batch = await baseline(dsn, n_single, n_batch)
        settings = Settings(
            env="test",
            database_url=url,
            kafka_bootstrap_servers=bootstrap,
            admin_token=ADMIN_TOKEN,
            topic_invoice_events=topic,
            db_pool_size=CONCURRENCY,
            kafka_consumer_group_prefix=f"bench-{uuid.uuid4().hex[:8]}",
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://svc") as http:
                svc = Service(
                    app=app, http=http, topic=topic, bootstrap=bootstrap, database_url=url
                )
                api_single, api_batch = await rest(svc, n_single, n_batch)
    finally:
        await kafka_admin.delete_topics(bootstrap, list(kafka_admin.with_dlqs({topic: 6})))
        conn = await asyncpg.connect(admin)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()
    return raw_single, raw_batch, api_single, api_batch


async def main(n_single: int, n_batch: int, repeat: int) -> None:
    runs = []
    for i in range(repeat):
        runs.append(await run_once(n_single, n_batch))
        rs, rb, a_s, ab = runs[-1]
        print(
            f"run {i + 1}: raw single {rs:.0f}/s, REST single {a_s:.0f}/s ({a_s / rs:.3f}x); "
            f"raw batch {rb:.0f}/s, REST batch {ab:.0f}/s ({ab / rb:.3f}x)",
            flush=True,
        )
    raw_single, raw_batch, api_single, api_batch = (
        statistics.median(col) for col in zip(*runs, strict=True)
    )
    print(
        f"concurrency {CONCURRENCY}, {n_single} singles, {n_batch} x 1000 batch, median of {repeat}"
    )
    print(f"raw asyncpg single INSERT     {raw_single:9.0f} rows/s")
    print(
        f"REST POST /v1/invoices        {api_single:9.0f} invoices/s "
        f"({api_single / raw_single:.3f}x baseline)"
    )
    print(f"raw asyncpg executemany 1000  {raw_batch:9.0f} rows/s")
    print(
        f"REST POST /v1/invoices:batch  {api_batch:9.0f} invoices/s "
        f"({api_batch / raw_batch:.3f}x baseline)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--singles", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.singles, args.batches, args.repeat))
