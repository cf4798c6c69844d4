"""Statement of account: one client (all matters or one) over a period, per currency.

For each currency the client has dealings in:

* ``opening``: the balance from every entry dated before the period;
* ``lines``: every entry in the period in date order, each with the running balance;
* ``closing = opening + invoiced - paid + reversed - credited``;
* ``aging`` as of the period end: buckets + credit == closing (see ``domain.aging``);
* ``open_items``: invoices still open at the period end, for the "what makes up the
  balance" table.

Currencies are never mixed: a client billed in USD and EUR gets two sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from remit_common.events import ClientSnapshot, MatterSnapshot
from remit_common.money import Money

from remit_statement.domain.aging import AgingBuckets, OpenItem, age, open_items
from remit_statement.domain.errors import InvalidPeriod
from remit_statement.domain.model import (
    Entry,
    EntryKind,
    Invoice,
    Movement,
    ledger_entries,
    signed_sum,
)

__all__ = ["CurrencySection", "Statement", "StatementLine", "build_statement"]


@dataclass(frozen=True, slots=True)
class StatementLine:
    entry: Entry
    balance: Money


@dataclass(frozen=True, slots=True)
class CurrencySection:
    currency: str
    opening: Money
    lines: tuple[StatementLine, ...]
    invoiced: Money
    paid: Money
    reversed: Money
    credited: Money
    closing: Money
    aging: AgingBuckets
    open_items: tuple[OpenItem, ...]

    @property
    def amount_due(self) -> Money:
        """What the client should pay now: the closing balance, or nothing when in credit."""
        return self.closing if self.closing.is_positive() else Money.zero(self.currency)


@dataclass(frozen=True, slots=True)
class Statement:
    client: ClientSnapshot
    matter: MatterSnapshot | None
    period_start: date
    period_end: date
    sections: tuple[CurrencySection, ...]
    payment_url: str | None = None

    def section(self, currency: str) -> CurrencySection:
        for s in self.sections:
            if s.currency == currency:
                return s
        raise KeyError(currency)


def _total(entries: Iterable[Entry], kind: EntryKind, currency: str) -> Money:
    return Money(
        amount_minor=sum(e.amount.amount_minor for e in entries if e.kind is kind),
        currency=currency,
    )


def build_section(
    currency: str,
    entries: list[Entry],
    invoices: dict[UUID, Invoice],
    period_start: date,
    period_end: date,
) -> CurrencySection:
    """The section of one currency; ``entries`` are that currency's, in date order."""
    opening = signed_sum((e for e in entries if e.on < period_start), currency)
    in_period = [e for e in entries if period_start <= e.on <= period_end]
    running = opening
    lines = []
    for e in in_period:
        running = running + e.signed
        lines.append(StatementLine(e, running))
    items = open_items(invoices, (e for e in entries if e.on <= period_end), period_end)
    aging = age(items).get(currency, AgingBuckets.empty(currency))
    return CurrencySection(
        currency=currency,
        opening=opening,
        lines=tuple(lines),
        invoiced=_total(in_period, EntryKind.INVOICE, currency),
        paid=_total(in_period, EntryKind.PAYMENT, currency),
        reversed=_total(in_period, EntryKind.REVERSAL, currency),
        credited=_total(in_period, EntryKind.CREDIT, currency),
        closing=running,
        aging=aging,
        open_items=tuple(items),
    )


def build_statement(
    client: ClientSnapshot,
    invoices: Iterable[Invoice],
    movements: Iterable[Movement],
    *,
    period_start: date,
    period_end: date,
    matter: MatterSnapshot | None = None,
    payment_url: str | None = None,
) -> Statement:
    """The statement of ``client`` (only ``matter``'s invoices when given) for the period.

    Entries dated after ``period_end`` are ignored entirely, so a statement for a past
    period reads the same whenever it is rendered (as long as no back-dated fact arrives).
    """
    if period_end < period_start:
        raise InvalidPeriod("the period ends before it starts")
    chosen = {
        inv.id: inv
        for inv in invoices
        if inv.client_id == client.id and (matter is None or inv.matter_id == matter.id)
    }
    entries = ledger_entries(chosen.values(), movements)
    sections = []
    for currency in sorted({e.currency for e in entries}):
        mine = [e for e in entries if e.currency == currency]
        # A currency whose first entry is after the period has nothing to say here.
        if mine[0].on > period_end:
            continue
        sections.append(build_section(currency, mine, chosen, period_start, period_end))
    return Statement(client, matter, period_start, period_end, tuple(sections), payment_url)
