"""Reconciliation: does our ledger give every invoice the balance invoice-svc reported?

invoice-svc puts the invoice's balance after each change in the event's snapshot; our ledger
recomputes it from the movements. They agree when every event has been applied: an invoice's
expected balance is ``max(0, ledger balance)`` (an overpayment is client credit, never a
negative invoice balance) and 0 once voided or written off. A mismatch means a missing or
extra event (still in flight, in a dead-letter queue, or a producer bug).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from remit_common.money import Money

from remit_statement.domain.aging import invoice_balances
from remit_statement.domain.reports import FirmLedger

__all__ = ["Mismatch", "reconcile"]

_CLOSED = {"voided", "written_off"}


@dataclass(frozen=True, slots=True)
class Mismatch:
    invoice_id: UUID
    number: str
    client_id: UUID
    ledger_balance: Money
    snapshot_balance: Money


def reconcile(ledger: FirmLedger) -> tuple[int, list[Mismatch]]:
    """(invoices checked, mismatches) comparing ledger balances with snapshot balances."""
    balances = invoice_balances(ledger.entries, date.max)
    out = []
    for inv in ledger.invoices.values():
        own = balances.get(inv.id, Money.zero(inv.currency))
        expected = 0 if inv.status in _CLOSED else max(0, own.amount_minor)
        if inv.status == "written_off" and own.amount_minor > 0:
            expected = own.amount_minor  # the write-off movement has not arrived yet
        if expected != inv.snapshot_balance.amount_minor:
            out.append(Mismatch(inv.id, inv.number, inv.client_id, own, inv.snapshot_balance))
    out.sort(key=lambda m: m.number)
    return len(ledger.invoices), out
