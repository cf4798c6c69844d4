"""Aging: open invoice balances as of a date, in buckets of days past due.

Buckets are ``current`` (not yet due, due today, or no due date), ``1-30``, ``31-60``,
``61-90`` and ``90+`` days past due. Overpaid invoices (negative balances) are not aged: they
form the client's ``credit`` (zero or negative), so that, per currency,
``current + 1-30 + 31-60 + 61-90 + 90+ + credit == balance`` exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from remit_common.money import Money

from remit_statement.domain.model import SIGN, Entry, Invoice

__all__ = [
    "BUCKETS",
    "AgingBuckets",
    "OpenItem",
    "age",
    "bucket_for",
    "days_past_due",
    "invoice_balances",
    "open_items",
]

BUCKETS: tuple[str, ...] = ("current", "1-30", "31-60", "61-90", "90+")


def days_past_due(due_date: date | None, as_of: date) -> int:
    """Whole days past the due date (0 when not yet due or when there is no due date)."""
    if due_date is None:
        return 0
    return max(0, (as_of - due_date).days)


def bucket_for(due_date: date | None, as_of: date) -> str:
    """The aging bucket of an invoice with ``due_date``, seen on ``as_of``."""
    days = days_past_due(due_date, as_of)
    if days == 0:
        return "current"
    if days <= 30:
        return "1-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "90+"


@dataclass(frozen=True, slots=True)
class AgingBuckets:
    """Open balances of one currency by bucket, plus unapplied credit (<= 0)."""

    currency: str
    amounts: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    credit_minor: int = 0

    @classmethod
    def empty(cls, currency: str) -> AgingBuckets:
        return cls(currency)

    def add(self, bucket: str, balance_minor: int) -> AgingBuckets:
        """A copy with ``balance_minor`` added: to ``bucket`` when positive, else to credit."""
        if balance_minor < 0:
            return AgingBuckets(self.currency, self.amounts, self.credit_minor + balance_minor)
        amounts = list(self.amounts)
        amounts[BUCKETS.index(bucket)] += balance_minor
        return AgingBuckets(self.currency, tuple(amounts), self.credit_minor)  # type: ignore[arg-type]

    def __add__(self, other: AgingBuckets) -> AgingBuckets:
        if other.currency != self.currency:
            raise ValueError("cannot add aging buckets of different currencies")
        amounts = tuple(a + b for a, b in zip(self.amounts, other.amounts, strict=True))
        return AgingBuckets(self.currency, amounts, self.credit_minor + other.credit_minor)  # type: ignore[arg-type]

    def money(self, bucket: str) -> Money:
        return Money(amount_minor=self.amounts[BUCKETS.index(bucket)], currency=self.currency)

    @property
    def credit(self) -> Money:
        return Money(amount_minor=self.credit_minor, currency=self.currency)

    @property
    def open_total(self) -> Money:
        """What is owed on open invoices, before unapplied credit."""
        return Money(amount_minor=sum(self.amounts), currency=self.currency)

    @property
    def total(self) -> Money:
        """The balance: every bucket plus the (negative) credit; equals the closing balance."""
        return Money(amount_minor=sum(self.amounts) + self.credit_minor, currency=self.currency)

    @property
    def past_due(self) -> Money:
        return Money(amount_minor=sum(self.amounts[1:]), currency=self.currency)

    def as_dict(self) -> dict[str, Money]:
        out = {b: self.money(b) for b in BUCKETS}
        out["credit"] = self.credit
        out["total"] = self.total
        return out


def invoice_balances(entries: Iterable[Entry], as_of: date) -> dict[UUID, Money]:
    """Each invoice's balance counting only entries dated on or before ``as_of``."""
    minor: dict[UUID, int] = defaultdict(int)
    currency: dict[UUID, str] = {}
    for e in entries:
        if e.on <= as_of:
            minor[e.invoice_id] += SIGN[e.kind] * e.amount.amount_minor
            currency[e.invoice_id] = e.currency
    return {k: Money(amount_minor=v, currency=currency[k]) for k, v in minor.items()}


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An invoice with a non-zero balance as of a date."""

    invoice: Invoice
    balance: Money
    days_past_due: int
    bucket: str


def open_items(
    invoices: Mapping[UUID, Invoice], entries: Iterable[Entry], as_of: date
) -> list[OpenItem]:
    """Invoices with a non-zero balance on ``as_of``, oldest due date first."""
    items = []
    for invoice_id, balance in invoice_balances(entries, as_of).items():
        if balance.is_zero():
            continue
        inv = invoices[invoice_id]
        items.append(
            OpenItem(
                inv,
                balance,
                days_past_due(inv.due_date, as_of),
                bucket_for(inv.due_date, as_of),
            )
        )
    items.sort(key=lambda i: (i.invoice.due_date or i.invoice.issue_date, i.invoice.number))
    return items


def age(items: Iterable[OpenItem]) -> dict[str, AgingBuckets]:
    """Aging buckets per currency of ``items``."""
    out: dict[str, AgingBuckets] = {}
    for item in items:
        cur = item.balance.currency
        out[cur] = out.get(cur, AgingBuckets.empty(cur)).add(item.bucket, item.balance.amount_minor)
    return out
