"""Crashes and restarts under a steady stream: nothing lost, nothing doubled, nothing after payment.

While a stream of invoices and payments runs and the shared clock advances a day at a time,
each service is SIGKILLed in turn, the Kafka broker is restarted and PostgreSQL is restarted.
After recovery the clock is moved on until every reminder of every invoice came due; then the
promises are checked from public APIs, the dev sinks and Kafka only.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
import uuid
from datetime import datetime, timedelta

import pytest
import pytest_asyncio
from remit_local.paths import Layout

from ..actors import create_client, onboard_firm, unique_email
from ..harness import Stack
from . import observe
from .injectors import FAULTS, inject
from .stream import Stream
from .verdict import (
    SUMMARIES,
    Report,
    check_events,
    check_mail,
    check_reminders,
    check_views,
    check_writes,
)

ZONES = ("America/New_York", "Europe/London", "America/Los_Angeles", "Asia/Tokyo",
         "Europe/Berlin", "America/Chicago")  # fmt: skip
SYNC_WITHIN_S = 45.0
pytestmark = pytest.mark.timeout(600)  # the scenario runs once, in the first test's setup
STEP_PAUSE_S = 1.5


async def _scheduler_balance(system: Stack, stream: Stream, invoice_id: str) -> int | None:
    response = await system.http.get(
        system.url("scheduler", f"/v1/invoices/{invoice_id}/timeline"),
        headers=stream.firm.headers,
    )
    return response.json()["balance"]["amount_minor"] if response.status_code == 200 else None


async def _sync_payments(system: Stack, stream: Stream) -> None:
    """Before time moves on, let the scheduler learn of the payments made so far.

    Bounded: if it never learns, the final checks report it as a lost or unapplied event.
    """
    deadline = time.monotonic() + SYNC_WITHIN_S
    pending = set(stream.paid_since_sync)
    while pending and time.monotonic() < deadline:
        for invoice_id in list(pending):
            try:
                truth = await system.http.get(
                    system.url("invoice", f"/v1/invoices/{invoice_id}"),
                    headers=stream.firm.headers,
                )
                seen = await _scheduler_balance(system, stream, invoice_id)
            except Exception:  # noqa: BLE001, S112 - a service still recovering: try again
                continue
            if truth.status_code == 200 and seen == truth.json()["balance_minor"]:
                pending.discard(invoice_id)
        if pending:
            await asyncio.sleep(0.5)
    stream.paid_since_sync = pending


async def _advance(system: Stack, stream: Stream, delta: timedelta) -> datetime:
    async with stream.clock_lock:
        await _sync_payments(system, stream)
        return await system.advance_clock(delta)


async def _days_pass(system: Stack, stream: Stream, count: int) -> None:
    for _ in range(count):
        await _advance(system, stream, timedelta(days=1))
        await asyncio.sleep(STEP_PAUSE_S)


async def _quiet(system: Stack, stream: Stream, ids: list[str], within_s: float = 90) -> None:
    """Wait until no reminder is left behind and the notifier's deliveries stop changing."""
    deadline = time.monotonic() + within_s
    previous = None
    while time.monotonic() < deadline:
        now = await system.now()
        plans = await observe.timelines(system, stream.firm, ids)
        behind = [
            r for p in plans.values() if p for r in p["reminders"]
            if r["status"] == "planned" and datetime.fromisoformat(r["send_at"]) < now
        ]  # fmt: skip
        rows = await observe.notifications(system, stream.firm, ids)
        state = sorted((n["id"], n["status"]) for n in rows)
        if (
            not behind
            and state == previous
            and all(n["status"] not in ("pending", "queued", "retrying") for n in rows)
        ):
            return
        previous = state
        await asyncio.sleep(2)


@dataclasses.dataclass
class Outcome:
    report: Report
    summary: str


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def outcome(system: Stack, running_stack: Layout) -> Outcome:
    """Run the stream, inject every fault, recover, and read back what happened (once)."""
    started = time.monotonic()
    firm = await onboard_firm(system, f"Fault Line LLP {uuid.uuid4().hex[:6]}")
    clients = []
    for n, zone in enumerate(ZONES):
        extra = {"phone": f"+1646555{uuid.uuid4().int % 10_000:04d}"} if n % 2 == 0 else {}
        clients.append(
            await create_client(
                system,
                firm,
                name=f"Client {n}",
                emails=[unique_email(f"fault{n}")],
                timezone=zone,
                **extra,
            )  # fmt: skip
        )
    stream = Stream(system, firm, clients, asyncio.Lock())
    stop = asyncio.Event()
    task = asyncio.create_task(stream.run(stop))
    report = Report()
    try:
        await _days_pass(system, stream, 2)
        for fault in FAULTS:
            result = await inject(running_stack, fault, system.http)
            if result.injected:
                report.faults.append(f"{result.name} ({result.recovery_s:.1f} s)")
            await _days_pass(system, stream, 2)
    finally:
        stop.set()
        await task
    stream_done = time.monotonic()

    # Recovery: the scheduler learns of everything, then time runs on until every step of
    # every invoice's default policy (the last is 30 days after the due date) came due.
    truth = await observe.invoices(system, firm)
    stream.paid_since_sync = set(truth)
    await _advance(system, stream, timedelta(minutes=1))
    last_due = max(datetime.fromisoformat(i["due_date"]) for i in truth.values())
    while (await system.now()).date() <= (last_due + timedelta(days=31)).date():
        await _advance(system, stream, timedelta(days=3))
        await asyncio.sleep(STEP_PAUSE_S)
    await _quiet(system, stream, list(truth))

    # What the system says happened.
    now = await system.now()
    truth = await observe.invoices(system, firm)
    payments = await observe.payments(system, firm)
    timelines = await observe.timelines(system, firm, truth)
    notifications = await observe.notifications(system, firm, truth)
    events = await observe.topic_events(system.kafka_bootstrap, firm.id)
    mail = await observe.mail(system, [c["emails"][0] for c in clients])
    aging = await observe.statement_aging(system, firm)
    reconciliation = await observe.statement_reconciliation(system, firm)

    acked_payments = {p.payment_id for p in stream.payments if p.payment_id}
    check_writes(report, set(stream.invoices), acked_payments, truth, payments)
    check_events(report, events.records, truth, payments)
    check_views(report, truth, timelines, aging, reconciliation)
    check_reminders(report, truth, timelines, notifications, payments, now)
    check_mail(report, mail, notifications)

    summary = (
        f"{report.summary()} | stream {dict(stream.outcomes)} | faults {report.faults} | "
        f"wall {time.monotonic() - started:.0f} s (stream {stream_done - started:.0f} s)"
    )
    SUMMARIES.append(summary)
    print(summary)
    details = running_stack.state / "fault-report.json"
    details.write_text(json.dumps(vars(report), indent=1, default=str))
    return Outcome(report, summary)


def test_every_fault_was_injected_and_the_system_recovered(outcome: Outcome) -> None:
    assert len(outcome.report.faults) == len(FAULTS), outcome.report.faults


def test_no_acknowledged_invoice_or_payment_is_lost(outcome: Outcome) -> None:
    assert outcome.report.invoices > 0 and outcome.report.payments > 0
    assert not outcome.report.acked_missing, outcome.report.acked_missing


def test_no_event_is_lost_and_every_service_applied_it(outcome: Outcome) -> None:
    report = outcome.report
    assert not report.events_missing, report.events_missing[:20]
    assert not report.scheduler_mismatches, report.scheduler_mismatches[:20]
    assert not report.statement_mismatches, report.statement_mismatches[:20]


def test_every_reminder_that_came_due_went_out_once_per_channel(outcome: Outcome) -> None:
    report = outcome.report
    assert report.reminders_due > 0
    assert not report.reminders_stuck, report.reminders_stuck[:20]
    assert not report.channels_missing, report.channels_missing[:20]
    assert not report.duplicates, report.duplicates[:20]


def test_every_email_sent_reached_the_mailbox(outcome: Outcome) -> None:
    assert outcome.report.mail_messages > 0
    assert not outcome.report.mail_unmatched, outcome.report.mail_unmatched[:20]


def test_no_reminder_reaches_a_client_after_payment(outcome: Outcome) -> None:
    report = outcome.report
    assert not report.after_payment, report.after_payment[:20]
    assert not report.delivered_after_payment, report.delivered_after_payment[:20]


def test_the_mailbox_holds_each_email_exactly_once(outcome: Outcome) -> None:
    # (Once found failing: PostgreSQL restarted between an SMTP send and its record; the
    # notifier now rides out such an outage in-process instead of re-sending after the lease.)
    assert not outcome.report.mail_duplicates, outcome.report.mail_duplicates[:20]
