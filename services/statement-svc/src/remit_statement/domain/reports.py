"""Receivables reports over a firm's ledger: balance due per client, AR aging by invoice/client.

Rows are per (client, currency): amounts of two currencies are never added. Sorting by amount
therefore groups by currency first (a yen amount is not "larger" than a dollar amount).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from remit_common.events import ClientSnapshot, MatterSnapshot
from remit_common.money import Money

from remit_statement.domain.aging import AgingBuckets, OpenItem, age, open_items
from remit_statement.domain.model import Entry, EntryKind, Invoice, Movement, ledger_entries

__all__ = [
    "BalanceDueFilter",
    "BalanceDueRow",
    "BalanceStatus",
    "ClientAgingRow",
    "FirmLedger",
    "LastReminder",
    "aging_by_client",
    "aging_by_invoice",
    "balance_due",
]


class BalanceStatus(StrEnum):
    OWES = "owes"
    CREDIT = "credit"
    ZERO = "zero"


@dataclass(frozen=True, slots=True)
class LastReminder:
    at: datetime
    kind: str


@dataclass(slots=True)
class FirmLedger:
    """Everything a firm-wide report reads; entries are derived once, on first use."""

    clients: dict[UUID, ClientSnapshot]
    matters: dict[UUID, MatterSnapshot]
    invoices: dict[UUID, Invoice]
    movements: list[Movement]
    last_reminders: dict[UUID, LastReminder] = field(default_factory=dict)
    _entries: list[Entry] | None = None

    @property
    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = ledger_entries(self.invoices.values(), self.movements)
        return self._entries

    def matters_of(self, client_id: UUID) -> list[MatterSnapshot]:
        ids = {i.matter_id for i in self.invoices.values() if i.client_id == client_id}
        return [self.matters[m] for m in ids if m is not None and m in self.matters]


@dataclass(frozen=True, slots=True)
class BalanceDueFilter:
    """Filters of the balance-due report; ``None`` means "any"."""

    status: BalanceStatus | None = None
    group: str | None = None
    client_type: str | None = None
    attorney: str | None = None
    practice_area: str | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class BalanceDueRow:
    client: ClientSnapshot
    currency: str
    balance: Money
    status: BalanceStatus
    oldest_unpaid_due_date: date | None
    days_past_due: int
    last_payment_on: date | None
    last_payment_amount: Money | None
    last_reminder: LastReminder | None
    attorneys: tuple[str, ...]
    practice_areas: tuple[str, ...]


SortKey = Literal["balance", "days_past_due", "name", "last_payment", "oldest_due"]


def _status(balance: Money) -> BalanceStatus:
    if balance.is_positive():
        return BalanceStatus.OWES
    return BalanceStatus.CREDIT if balance.is_negative() else BalanceStatus.ZERO


def _matches(row: BalanceDueRow, f: BalanceDueFilter) -> bool:
    return (
        (f.status is None or row.status == f.status)
        and (f.group is None or row.client.group == f.group)
        and (f.client_type is None or row.client.client_type == f.client_type)
        and (f.attorney is None or f.attorney in row.attorneys)
        and (f.practice_area is None or f.practice_area in row.practice_areas)
        and (f.currency is None or row.currency == f.currency)
    )


def balance_due(
    ledger: FirmLedger,
    as_of: date,
    filters: BalanceDueFilter = BalanceDueFilter(),  # noqa: B008 - frozen, so safe
    sort: SortKey = "balance",
    descending: bool = True,
) -> list[BalanceDueRow]:
    """One row per (client, currency) the client has dealings in, filtered and sorted."""
    entries = [e for e in ledger.entries if e.on <= as_of]
    items = open_items(ledger.invoices, entries, as_of)
    by_key: dict[tuple[UUID, str], list[Entry]] = defaultdict(list)
    for e in entries:
        by_key[(ledger.invoices[e.invoice_id].client_id, e.currency)].append(e)
    items_by_key: dict[tuple[UUID, str], list[OpenItem]] = defaultdict(list)
    for it in items:
        items_by_key[(it.invoice.client_id, it.balance.currency)].append(it)
    rows = []
    for (client_id, currency), mine in by_key.items():
        client = ledger.clients.get(client_id)
        if client is None:
            continue  # an invoice whose client snapshot has not arrived: nothing to show yet
        balance = Money(amount_minor=sum(e.signed.amount_minor for e in mine), currency=currency)
        unpaid = [it for it in items_by_key[(client_id, currency)] if it.balance.is_positive()]
        dues = [it.invoice.due_date for it in unpaid if it.invoice.due_date is not None]
        payments = [e for e in mine if e.kind is EntryKind.PAYMENT]
        last_pay = max(payments, key=lambda e: e.on) if payments else None
        matters = ledger.matters_of(client_id)
        rows.append(
            BalanceDueRow(
                client=client,
                currency=currency,
                balance=balance,
                status=_status(balance),
                oldest_unpaid_due_date=min(dues) if dues else None,
                days_past_due=max((it.days_past_due for it in unpaid), default=0),
                last_payment_on=last_pay.on if last_pay else None,
                last_payment_amount=last_pay.amount if last_pay else None,
                last_reminder=ledger.last_reminders.get(client_id),
                attorneys=tuple(
                    sorted({m.responsible_attorney for m in matters if m.responsible_attorney})
                ),
                practice_areas=tuple(sorted({m.practice_area for m in matters if m.practice_area})),
            )
        )
    rows = [r for r in rows if _matches(r, filters)]
    rows.sort(key=_sort_key(sort), reverse=descending)
    return rows


def _sort_key(sort: SortKey):  # noqa: ANN202 - a key function
    # Ties break on the client's name then id, so pages are stable across requests.
    match sort:
        case "balance":
            return lambda r: (r.currency, r.balance.amount_minor, r.client.name, str(r.client.id))
        case "days_past_due":
            return lambda r: (r.days_past_due, r.client.name, str(r.client.id))
        case "name":
            return lambda r: (r.client.name.casefold(), str(r.client.id))
        case "last_payment":
            return lambda r: (r.last_payment_on or date.min, r.client.name, str(r.client.id))
        case "oldest_due":
            return lambda r: (r.oldest_unpaid_due_date or date.max, r.client.name, str(r.client.id))
    raise ValueError(f"unknown sort {sort!r}")


@dataclass(frozen=True, slots=True)
class ClientAgingRow:
    client: ClientSnapshot
    buckets: AgingBuckets


def _totals(per_currency: Iterable[AgingBuckets]) -> dict[str, AgingBuckets]:
    out: dict[str, AgingBuckets] = {}
    for b in per_currency:
        out[b.currency] = out[b.currency] + b if b.currency in out else b
    return dict(sorted(out.items()))


def aging_by_invoice(
    ledger: FirmLedger, as_of: date
) -> tuple[list[OpenItem], dict[str, AgingBuckets]]:
    """Every invoice with a balance on ``as_of`` (oldest due first) and totals per currency."""
    items = [
        it
        for it in open_items(ledger.invoices, ledger.entries, as_of)
        if it.invoice.client_id in ledger.clients
    ]
    return items, _totals(age(items).values())


def aging_by_client(
    ledger: FirmLedger, as_of: date
) -> tuple[list[ClientAgingRow], dict[str, AgingBuckets]]:
    """Aging buckets per (client, currency), largest past-due first, and totals per currency."""
    items, totals = aging_by_invoice(ledger, as_of)
    grouped: dict[UUID, list[OpenItem]] = defaultdict(list)
    for it in items:
        grouped[it.invoice.client_id].append(it)
    rows = [
        ClientAgingRow(ledger.clients[cid], buckets)
        for cid, its in grouped.items()
        for buckets in age(its).values()
    ]
    rows.sort(key=lambda r: (r.buckets.currency, -r.buckets.past_due.amount_minor, r.client.name))
    return rows, totals
