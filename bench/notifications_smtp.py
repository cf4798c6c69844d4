"""E-mail notifications per second through the dev SMTP sink, against raw SMTP sends.

Remit path, on real PostgreSQL and the real dev SMTP sink (``remit_local.sinks``, run in its
own process as in development): ``ReminderDue`` intake (``accept_reminder``, one transaction
per reminder with the inbox claim, exactly what the Kafka handler calls) -> the notifier's
``Dispatcher`` (claim a batch, re-check invoice state, resolve and render the built-in
template, compose with tracking links and the QR code, send through ``SmtpEmailAdapter``,
record ``sent`` + outbox event). **Kafka is bypassed**: the intake use case is called directly
with the envelopes the consumer would have parsed, so the figure is notifier-side work only.
The e-mail rate limit (a provider agreement, 50/s by default) is lifted for the measurement.

Baseline, measured in the same run against the same sink: raw ``aiosmtplib`` sends from one
process of the *same message bytes* the notifier produced (one captured rendered message),
(a) over one reused connection, sequentially and (b) one connection per message, with the
dispatcher's concurrency. The ratio is Remit ÷ baseline (a).

Also measured in the same run: the dispatcher with the SMTP adapter's connection pool off
(``smtp_pool_size=0``: connect per message, the adapter's behaviour before pooling).

    REMIT_TEST_PG_DSN=postgresql://remit:remit@127.0.0.1:55433/postgres \\
        uv run python bench/notifications_smtp.py [--messages 2000] [--repeat 3]

Writes bench/results/notifications_smtp.md (and .json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiosmtplib
import asyncpg
import httpx
from remit_common.events import (
    Channel,
    ClientSnapshot,
    Envelope,
    InvoiceStatus,
    ReminderDue,
    ReminderInvoiceItem,
    ReminderStep,
    StepKind,
    Tone,
)
from remit_common.firm_auth import StaticAuthenticator
from remit_common.money import Money
from remit_common.testing import migrate
from remit_notifier.bootstrap import Overrides, bootstrap
from remit_notifier.config import Settings
from remit_notifier.domain.firm import FirmProfile
from remit_notifier.service_layer.intake import accept_reminder
from remit_notifier.service_layer.management import save_firm

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SERVICE_DIR = ROOT / "services" / "notifier-svc"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start_sink() -> tuple[asyncio.subprocess.Process, int, int]:
    """The dev sinks in a child process (as ``remit-local`` runs them); returns SMTP ports."""
    ports = {name: free_port() for name in ("SMTP", "SMTP_HTTP", "SMS", "PRINT", "HOOK")}
    env = {
        **os.environ,
        **{f"REMIT_SINK_{k}_PORT": str(v) for k, v in ports.items()},
        "REMIT_SINK_CAPACITY": "1000",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "remit_local.sinks",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    async with httpx.AsyncClient() as http:
        for _ in range(200):
            try:
                if (await http.get(f"http://127.0.0.1:{ports['SMTP_HTTP']}/healthz")).is_success:
                    return proc, ports["SMTP"], ports["SMTP_HTTP"]
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.05)
    proc.kill()
    raise RuntimeError("sinks did not start")


def reminder(firm_id: uuid.UUID, now: datetime) -> Envelope[ReminderDue]:
    usd = Money(amount_minor=125000, currency="USD")
    invoice_id = uuid.uuid4()
    due = ReminderDue(
        reminder_id=uuid.uuid4(),
        client=ClientSnapshot(
            id=uuid.uuid4(),
            version=1,
            name="Acme Holdings LLC",
            emails=(f"ap-{uuid.uuid4().hex[:8]}@acme.example",),
            language="en-US",
            timezone="America/Chicago",
        ),
        items=(
            ReminderInvoiceItem(
                invoice_id=invoice_id,
                number="2025-0042",
                issue_date=now.date() - timedelta(20),
                due_date=now.date() + timedelta(7),
                total=usd,
                balance=usd,
                status=InvoiceStatus.ISSUED,
                portal_url=f"https://portal.example/i/{invoice_id}",
            ),
        ),
        step=ReminderStep(index=0, kind=StepKind.PRE_DUE, tone=Tone.FRIENDLY),
        channels=(Channel.EMAIL,),
        total_due=usd,
        scheduled_for=now,
        language="en-US",
    )
    return Envelope.new(due, source="/bench", firm_id=firm_id, time=now)


async def remit_run(container, firm_id: uuid.UUID, n: int) -> dict[str, float]:
    """Intake ``n`` reminders, then dispatch until nothing is due; seconds for each."""
    now = container.clock.now()
    envelopes = [reminder(firm_id, now) for _ in range(n)]
    started = time.perf_counter()
    for envelope in envelopes:
        await accept_reminder(container.uow, envelope, now)
    intake = time.perf_counter() - started
    started = time.perf_counter()
    sent = 0
    while claimed := await container.dispatcher.run_once():
        sent += claimed
    dispatch = time.perf_counter() - started
    async with container.engine.connect() as conn:
        from sqlalchemy import text  # noqa: PLC0415

        ok = await conn.scalar(
            text(
                "SELECT count(*) FROM deliveries WHERE reminder_id = ANY(:ids) AND status = 'sent'"
            ),
            {"ids": [e.data.reminder_id for e in envelopes]},
        )
    if ok != n:
        raise RuntimeError(f"only {ok} of {n} notifications were sent")
    return {"intake_s": intake, "dispatch_s": dispatch, "total_s": intake + dispatch}


async def baseline_reused(raw: bytes, n: int, port: int) -> float:
    """Raw sends of ``raw`` over one connection, one after another."""
    started = time.perf_counter()
    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port)
    await smtp.connect()
    for i in range(n):
        await smtp.sendmail("bench@remit.localhost", [f"to{i}@acme.example"], raw)
    await smtp.quit()
    return time.perf_counter() - started


async def baseline_per_message(raw: bytes, n: int, port: int, concurrency: int) -> float:
    """Raw sends of ``raw``, one connection per message, ``concurrency`` at a time."""
    slots = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        async with slots:
            await aiosmtplib.send(
                raw,
                sender="bench@remit.localhost",
                recipients=[f"to{i}@acme.example"],
                hostname="127.0.0.1",
                port=port,
            )

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    return time.perf_counter() - started


async def measure(admin_dsn: str, n: int, repeat: int) -> dict:
    name = f"bench_notifier_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_dsn)
    url = urlunsplit(parts._replace(scheme="postgresql+asyncpg", path=f"/{name}"))
    proc, smtp_port, smtp_http = await start_sink()
    runs: dict[str, list[float]] = {
        "remit": [],
        "remit_no_pool": [],
        "reused": [],
        "per_message": [],
        "intake": [],
        "dispatch": [],
    }
    try:
        await migrate(SERVICE_DIR, url)
        common = dict(
            env="test",
            database_url=url,
            run_background_workers=False,
            kafka_bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9"),
            smtp_port=smtp_port,
            email_rate_per_s=1e9,
            db_pool_size=20,
        )
        settings = Settings(**common)
        unpooled = Settings(**common, smtp_pool_size=0)
        overrides = Overrides(firm_authenticator=StaticAuthenticator())
        async with (
            bootstrap(settings, overrides) as pooled,
            bootstrap(unpooled, overrides) as no_pool,
        ):
            firm_id = uuid.uuid4()
            await save_firm(
                pooled.uow,
                FirmProfile(
                    firm_id=firm_id,
                    name="Smith & Jones LLP",
                    billing_email="billing@smith.example",
                    contact_name="Billing Department",
                ),
                pooled.clock.now(),
            )
            await remit_run(pooled, firm_id, 50)  # warm-up; also yields a real message
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{smtp_http}") as http:
                last = (await http.get("/api/messages")).json()[-1]
                raw = (await http.get(f"/api/messages/{last['id']}/raw")).content
            await baseline_reused(raw, 50, smtp_port)
            for _ in range(repeat):
                timing = await remit_run(pooled, firm_id, n)
                runs["remit"].append(n / timing["total_s"])
                runs["intake"].append(n / timing["intake_s"])
                runs["dispatch"].append(n / timing["dispatch_s"])
                runs["remit_no_pool"].append(n / (await remit_run(no_pool, firm_id, n))["total_s"])
                runs["reused"].append(n / await baseline_reused(raw, n, smtp_port))
                runs["per_message"].append(
                    n / await baseline_per_message(raw, n, smtp_port, settings.dispatch_concurrency)
                )
                print({k: round(v[-1]) for k, v in runs.items()}, flush=True)
    finally:
        proc.terminate()
        await proc.wait()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    medians = {k: statistics.median(v) for k, v in runs.items()}
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "messages": n,
        "repeat": repeat,
        "message_bytes": len(raw),
        "batch_size": settings.dispatch_batch_size,
        "concurrency": settings.dispatch_concurrency,
        "smtp_pool_size": settings.smtp_pool_size,
        "runs": runs,
        "medians": medians,
        "ratio": medians["remit"] / medians["reused"],
    }


FINDINGS = """## Where the time goes (profiled)

Per message, dispatcher at concurrency 1 (300 messages, wall time per stage):

| stage | ms/message |
|---|---:|
| SMTP send through the adapter (incl. MIME build ~2.5 ms; the rest is the sink's per-message \
parse in its own process) | ~10 |
| record `sent` + outbox event (one transaction) | ~5.4 |
| compose (render 3 parts, QR PNG ~4 ms of it: segno is pure Python) | ~5 |
| prepare: 5 reads (payload, invoice states, firm, opt-out, templates) | ~3 |

- The dispatcher is CPU-bound in one process: rendering, the QR PNG, the MIME message and the
  events cost ~15 ms of CPU per message against ~1 ms for a raw send. Raising concurrency
  beyond a few does not help on 2 cores, where the sink competes for the same cores.
- Connection reuse: the adapter used to connect (and EHLO/AUTH) per message (`aiosmtplib.send`);
  it now keeps up to `REMIT_SMTP_POOL_SIZE` (16, = dispatch concurrency) connections open.
  Against the local sink (plain TCP on loopback, no TLS, no AUTH) it makes no measurable
  difference ("pool off" row, same run: within the noise): the cost is CPU, not connects. It
  pays off against a real relay, where each connect is a TLS handshake and AUTH over a WAN.
- Intake (one transaction per `ReminderDue`, with the inbox claim) is not the bottleneck.
- This machine was shared with other sessions while measuring (load average 6-11 on 2 cores):
  single runs vary several-fold, read the medians and the ratio only.

Left for later: cache the QR PNG per link (the same invoice link recurs across steps and
channels), record a batch's outcomes in one transaction, and more dispatcher processes for
more cores (claims use `FOR UPDATE SKIP LOCKED`, so replicas scale out safely).
"""


def write(result: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "notifications_smtp.json").write_text(json.dumps(result, indent=2) + "\n")
    m = result["medians"]
    rows = [
        ("Remit: intake + dispatch + SMTP adapter (pooled connections)", m["remit"]),
        ("  of which intake alone (ReminderDue -> queued)", m["intake"]),
        ("  of which dispatch alone (queued -> sent)", m["dispatch"]),
        ("Remit, SMTP pool off (connect per message)", m["remit_no_pool"]),
        ("baseline (a): raw aiosmtplib, one reused connection, sequential", m["reused"]),
        ("baseline (b): raw aiosmtplib, connect per message, same concurrency", m["per_message"]),
    ]
    table = "\n".join(
        f"| {label} | {value:,.0f} | {value / m['reused']:.2f} |" for label, value in rows
    )
    title = "E-mail notifications through the dev SMTP sink"
    (RESULTS / "notifications_smtp.md").write_text(f"""# {title}

{result["when"]}, Python {result["python"]}, {result["cpus"]} CPUs, {result["messages"]:,}
messages per run, medians of {result["repeat"]} runs, message {result["message_bytes"]:,} bytes
(a rendered built-in reminder: multipart text + HTML + inline QR PNG). Dispatcher batch
{result["batch_size"]}, concurrency {result["concurrency"]}, SMTP pool
{result["smtp_pool_size"]}. Real PostgreSQL; the sink runs in its own process; Kafka bypassed
(intake use case called directly). Produced by `bench/notifications_smtp.py`.

| path | notifications/s (median) | ÷ baseline (a) |
|---|---:|---:|
{table}

**Ratio Remit ÷ raw SMTP (one connection): {result["ratio"]:.2f}.**

Runs (per second): {json.dumps({k: [round(x) for x in v] for k, v in result["runs"].items()})}

{FINDINGS}""")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dsn = os.environ.get("REMIT_TEST_PG_DSN", "postgresql://remit:remit@127.0.0.1:55433/postgres")
    result = asyncio.run(measure(dsn, args.messages, args.repeat))
    write(result)
    print((RESULTS / "notifications_smtp.md").read_text())


if __name__ == "__main__":
    main()
