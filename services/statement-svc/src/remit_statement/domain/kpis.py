"""Receivables KPIs from the facts statement-svc holds, each saying what it is computed from.

Inputs: the ledger (invoices, payments, reversals, credits), the reminders the scheduler
emitted (``remit.reminder.due.v1``) and the notifier's delivery events. Money KPIs are per
currency; rates are plain fractions (None when the denominator is zero: "no data" is not 0%).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import mean
from uuid import UUID

from remit_statement.domain.aging import age, open_items
from remit_statement.domain.model import Entry, EntryKind, Invoice
from remit_statement.domain.reports import FirmLedger

__all__ = [
    "NotificationFact",
    "ReminderFact",
    "compute_kpis",
    "forecast",
    "month_ends",
    "settlement_dates",
]


@dataclass(frozen=True, slots=True)
class ReminderFact:
    reminder_id: UUID
    client_id: UUID
    kind: str
    at: datetime
    invoice_ids: tuple[UUID, ...]


@dataclass(frozen=True, slots=True)
class NotificationFact:
    notification_id: UUID
    reminder_id: UUID | None
    client_id: UUID
    kind: str | None
    channel: str
    status: str
    at: datetime


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def settlement_dates(entries: list[Entry], as_of: date) -> dict[UUID, date]:
    """Invoices paid in full by ``as_of`` -> date of their last payment.

    Credits (write-offs, voids) are left out: a written-off invoice was not paid, and
    counting it would flatter the days-to-pay figure.
    """
    balance: dict[UUID, int] = defaultdict(int)
    last_payment: dict[UUID, date] = {}
    for e in entries:
        if e.on > as_of or e.kind is EntryKind.CREDIT:
            continue
        balance[e.invoice_id] += e.signed.amount_minor
        if e.kind is EntryKind.PAYMENT:
            last_payment[e.invoice_id] = max(e.on, last_payment.get(e.invoice_id, e.on))
    return {i: d for i, d in last_payment.items() if balance[i] <= 0}


def month_ends(start: date, end: date) -> list[date]:
    """Each month's last day from ``start``'s month through ``end`` (``end`` itself last)."""
    out, cursor = [], date(start.year, start.month, 1)
    while cursor <= end:
        nxt = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        out.append(min(nxt - timedelta(days=1), end))
        cursor = nxt
    return out


def _lateness(invoices: dict[UUID, Invoice], settled: dict[UUID, date]) -> dict[UUID, float]:
    per_client: dict[UUID, list[int]] = defaultdict(list)
    for inv_id, paid_on in settled.items():
        inv = invoices[inv_id]
        due = inv.due_date or inv.issue_date
        per_client[inv.client_id].append((paid_on - due).days)
    return {c: mean(days) for c, days in per_client.items()}


def forecast(ledger: FirmLedger, as_of: date, horizon: int = 90) -> dict[str, dict[str, int]]:
    """Expected collections in the next ``horizon`` days, per currency, in 30-day bands.

    Each open invoice is expected in full on its due date (issue date when it has none) plus
    its client's average days late over invoices they settled before ``as_of`` (the firm's
    average when the client has no history; never before tomorrow). Only entries up to
    ``as_of`` are read, so the same function backtests itself on past data.
    """
    entries = [e for e in ledger.entries if e.on <= as_of]
    late = _lateness(ledger.invoices, settlement_dates(entries, as_of))
    firm_late = mean(late.values()) if late else 0.0
    out: dict[str, dict[str, int]] = {}
    for item in open_items(ledger.invoices, entries, as_of):
        if not item.balance.is_positive():
            continue
        inv = item.invoice
        expected = (inv.due_date or inv.issue_date) + timedelta(
            days=round(late.get(inv.client_id, firm_late))
        )
        days = max(1, (expected - as_of).days)
        low = (days - 1) // 30 * 30
        band = "beyond" if days > horizon else f"{low + 1}-{min(horizon, low + 30)}"
        cur = out.setdefault(inv.currency, {})
        cur[band] = cur.get(band, 0) + item.balance.amount_minor
    return out


def _backtest(ledger: FirmLedger, as_of: date, horizon: int) -> dict[str, dict]:
    start = as_of - timedelta(days=horizon)
    predicted = forecast(ledger, start, horizon)
    open_then = {
        i.invoice.id
        for i in open_items(ledger.invoices, [e for e in ledger.entries if e.on <= start], start)
    }
    actual: dict[str, int] = defaultdict(int)
    for e in ledger.entries:
        if e.kind is EntryKind.PAYMENT and e.invoice_id in open_then and start < e.on <= as_of:
            actual[e.currency] += e.amount.amount_minor
    out = {}
    for cur in sorted(set(predicted) | set(actual)):
        p = sum(v for k, v in predicted.get(cur, {}).items() if k != "beyond")
        a = actual.get(cur, 0)
        out[cur] = {
            "as_of": start.isoformat(),
            "predicted_minor": p,
            "actual_minor": a,
            "error": round((p - a) / a, 4) if a else None,
        }
    return out


def compute_kpis(
    ledger: FirmLedger,
    reminders: list[ReminderFact],
    notifications: list[NotificationFact],
    start: date,
    end: date,
    conversion_days: int = 7,
) -> dict:
    """Every KPI for the period ``start``..``end`` (see the module docstring for sources)."""
    entries = ledger.entries
    days = (end - start).days + 1
    invoiced: dict[str, int] = defaultdict(int)
    issued = [i for i in ledger.invoices.values() if start <= i.issue_date <= end]
    for inv in issued:
        invoiced[inv.currency] += inv.total.amount_minor
    ar = {
        c: b.total.amount_minor
        for c, b in age(
            open_items(ledger.invoices, [e for e in entries if e.on <= end], end)
        ).items()
    }
    dso = {c: round(ar.get(c, 0) / v * days, 1) for c, v in invoiced.items() if v}
    settled = {i: d for i, d in settlement_dates(entries, end).items() if start <= d <= end}
    to_pay = [(d - ledger.invoices[i].issue_date).days for i, d in settled.items()]

    sent = {n.notification_id: n for n in notifications if n.status == "sent"}
    status_of: dict[UUID, set[str]] = defaultdict(set)
    for n in notifications:
        status_of[n.notification_id].add(n.status)
    emails = [i for i, n in sent.items() if n.channel == "email"]
    opened = sum(1 for i in emails if "opened" in status_of[i] or "clicked" in status_of[i])
    bounced = sum(1 for i in sent if "bounced" in status_of[i])

    payments: dict[UUID, list[date]] = defaultdict(list)
    for e in entries:
        if e.kind is EntryKind.PAYMENT:
            payments[e.invoice_id].append(e.on)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in reminders:
        if not start <= r.at.date() <= end:
            continue
        window_end = r.at.date() + timedelta(days=conversion_days)
        hit = any(r.at.date() <= d <= window_end for i in r.invoice_ids for d in payments[i])
        by_kind[r.kind][0] += 1
        by_kind[r.kind][1] += hit
    trend = []
    for month_end in month_ends(start, end):
        buckets = age(
            open_items(ledger.invoices, [e for e in entries if e.on <= month_end], month_end)
        )
        trend.append({"as_of": month_end, "aging": buckets})
    return {
        "period": {"from": start, "to": end, "days": days},
        "dso": {
            "value_by_currency": dso,
            "receivables_minor": ar,
            "invoiced_minor": dict(invoiced),
        },
        "average_days_to_pay": {
            "value": round(mean(to_pay), 1) if to_pay else None,
            "invoices": len(to_pay),
        },
        "reminder_open_rate": {
            "value": _rate(opened, len(emails)),
            "emails_sent": len(emails),
            "opened": opened,
        },
        "bounce_rate": {"value": _rate(bounced, len(sent)), "sent": len(sent), "bounced": bounced},
        "payment_conversion": {
            "within_days": conversion_days,
            "by_kind": {
                k: {"reminders": n, "converted": c, "rate": _rate(c, n)}
                for k, (n, c) in sorted(by_kind.items())
            },
        },
        "dispute_rate": {
            "value": _rate(sum(1 for i in issued if i.disputed_on), len(issued)),
            "invoices_issued": len(issued),
        },
        "aging_trend": trend,
        "cash_flow_forecast": {
            "as_of": end,
            "horizon_days": 90,
            "expected_minor": forecast(ledger, end),
            "backtest": _backtest(ledger, end, 90),
        },
    }
