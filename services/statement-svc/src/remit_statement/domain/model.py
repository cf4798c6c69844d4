"""The ledger read model as the domain sees it: invoices, movements and derived ledger entries.

Why statement-svc keeps its own ledger (instead of asking invoice-svc over HTTP): every fact a
statement needs already travels on ``billing.invoice-events.v1`` (invoice, payment, reversal,
write-off and void events carry the invoice, client and matter snapshots). Building the ledger
from those same events makes reports fast and independent of invoice-svc's availability, and
the balances reconcile exactly because both services apply the same facts; the snapshot
balances in the events are kept too, so ``domain.reconcile`` can prove it.

Conventions:

* Every :class:`Entry` amount is positive; :data:`SIGN` says which way it moves the balance
  (invoices and reversals raise it, payments and credits lower it).
* A client's balance is the sum of its invoices' balances: every movement names its invoice.
  A negative invoice balance (overpayment) is the client's unapplied credit.
* Void credits are *derived* here from the final state (total - payments + reversals -
  credits, dated the void date) rather than stored when the void event arrives: a payment
  that arrives after the void (out-of-order delivery) then still yields the same ledger.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from remit_common.money import Money

__all__ = [
    "SIGN",
    "Entry",
    "EntryKind",
    "Invoice",
    "Movement",
    "ledger_entries",
    "signed_sum",
]


class EntryKind(StrEnum):
    """What a ledger line is; the order here is the order within one day."""

    INVOICE = "invoice"
    REVERSAL = "reversal"
    PAYMENT = "payment"
    CREDIT = "credit"


#: Direction in which each kind moves the client's balance.
SIGN: dict[EntryKind, int] = {
    EntryKind.INVOICE: 1,
    EntryKind.REVERSAL: 1,
    EntryKind.PAYMENT: -1,
    EntryKind.CREDIT: -1,
}
_DAY_ORDER = {kind: i for i, kind in enumerate(EntryKind)}


@dataclass(frozen=True, slots=True)
class Invoice:
    """The latest known state of one invoice (highest snapshot version) plus lifecycle dates."""

    id: UUID
    number: str
    client_id: UUID
    matter_id: UUID | None
    issue_date: date
    due_date: date | None
    total: Money
    status: str
    snapshot_balance: Money
    voided_on: date | None = None
    disputed_on: date | None = None
    portal_url: str | None = None

    @property
    def currency(self) -> str:
        return self.total.currency


@dataclass(frozen=True, slots=True)
class Movement:
    """A stored money movement against an invoice: payment, reversal or credit (write-off)."""

    key: str
    kind: EntryKind
    invoice_id: UUID
    on: date
    amount: Money
    reference: str = ""

    def __post_init__(self) -> None:
        if self.kind is EntryKind.INVOICE:
            raise ValueError("invoice charges are derived from invoices, not stored")
        if not self.amount.is_positive():
            raise ValueError("movement amounts are positive; the kind gives the direction")


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a client's ledger."""

    key: str
    kind: EntryKind
    on: date
    invoice_id: UUID
    invoice_number: str
    amount: Money
    reference: str = ""

    @property
    def currency(self) -> str:
        return self.amount.currency

    @property
    def signed(self) -> Money:
        """The amount with the sign of its effect on the balance."""
        return self.amount if SIGN[self.kind] > 0 else -self.amount

    def sort_key(self) -> tuple[date, int, str]:
        """Date order; on one day invoices first, then reversals, payments, credits."""
        return (self.on, _DAY_ORDER[self.kind], self.key)


def signed_sum(entries: Iterable[Entry], currency: str) -> Money:
    """Sum of the signed amounts of ``entries`` (all in ``currency``)."""
    return Money(
        amount_minor=sum(SIGN[e.kind] * e.amount.amount_minor for e in entries),
        currency=currency,
    )


def ledger_entries(invoices: Iterable[Invoice], movements: Iterable[Movement]) -> list[Entry]:
    """Every ledger entry of these invoices, in date order.

    Movements whose invoice is unknown are left out (they wait for the invoice's event);
    movements in another currency than their invoice are refused: that is a contract breach.
    """
    by_id = {inv.id: inv for inv in invoices}
    per_invoice: dict[UUID, list[Movement]] = defaultdict(list)
    for m in movements:
        inv = by_id.get(m.invoice_id)
        if inv is None:
            continue
        if m.amount.currency != inv.currency:
            raise ValueError(f"movement {m.key} is not in its invoice's currency")
        per_invoice[m.invoice_id].append(m)
    entries: list[Entry] = []
    for inv in by_id.values():
        entries.append(
            Entry(f"inv:{inv.id}", EntryKind.INVOICE, inv.issue_date, inv.id, inv.number, inv.total)
        )
        moves = per_invoice.get(inv.id, [])
        entries.extend(
            Entry(m.key, m.kind, m.on, inv.id, inv.number, m.amount, m.reference) for m in moves
        )
        if inv.voided_on is not None:
            remaining = inv.total.amount_minor + sum(
                SIGN[m.kind] * m.amount.amount_minor for m in moves
            )
            if remaining > 0:
                entries.append(
                    Entry(
                        f"void:{inv.id}",
                        EntryKind.CREDIT,
                        max(inv.voided_on, inv.issue_date),
                        inv.id,
                        inv.number,
                        Money(amount_minor=remaining, currency=inv.currency),
                        "void",
                    )
                )
    entries.sort(key=Entry.sort_key)
    return entries
