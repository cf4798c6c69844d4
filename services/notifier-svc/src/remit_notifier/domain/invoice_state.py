"""The notifier's read model of invoice state, and the "was it paid meanwhile?" decision.

Fed by ``billing.invoice-events.v1``: the snapshot with the highest ``version`` wins, so events
arriving out of order converge. Before a reminder goes out, every invoice it lists is checked:
paid, voided, written off or disputed invoices are dropped from the message; a balance that
went down since the scheduler planned the reminder (a partial payment) is quoted as it is now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from remit_common.events import InvoiceStatus, ReminderInvoiceItem, StepKind
from remit_common.money import Money

_CLOSED = frozenset({InvoiceStatus.PAID, InvoiceStatus.VOIDED, InvoiceStatus.WRITTEN_OFF})
#: Kinds that are about a payment that happened: they go out whatever the invoice state.
_ABOUT_PAYMENT = frozenset({StepKind.PAYMENT_ACK, StepKind.RECEIPT, StepKind.TRUST_NOTICE})


@dataclass(frozen=True, slots=True)
class InvoiceState:
    """The latest known status and balance of one invoice."""

    invoice_id: UUID
    version: int
    status: InvoiceStatus
    balance: Money


def newer(current: InvoiceState | None, incoming: InvoiceState) -> bool:
    """True when ``incoming`` should replace ``current`` (highest snapshot version wins)."""
    return current is None or incoming.version > current.version


@dataclass(frozen=True, slots=True)
class Reconciled:
    """The invoices still to mention, and why the others were dropped."""

    items: tuple[ReminderInvoiceItem, ...]
    dropped: dict[UUID, str]

    @property
    def nothing_left(self) -> bool:
        return not self.items


def reconcile(
    kind: StepKind,
    items: Sequence[ReminderInvoiceItem],
    states: Mapping[UUID, InvoiceState],
) -> Reconciled:
    """Apply the current invoice states to a reminder's items (see the module docstring)."""
    if kind in _ABOUT_PAYMENT:
        return Reconciled(tuple(items), {})
    kept: list[ReminderInvoiceItem] = []
    dropped: dict[UUID, str] = {}
    for item in items:
        state = states.get(item.invoice_id)
        if state is None:
            kept.append(item)  # not seen yet: trust the scheduler's snapshot
            continue
        if state.status in _CLOSED or state.status is InvoiceStatus.DISPUTED:
            dropped[item.invoice_id] = f"invoice {state.status.value}"
        elif not state.balance.is_positive():
            dropped[item.invoice_id] = "nothing owed"
        elif state.balance.currency == item.balance.currency and state.balance < item.balance:
            kept.append(item.model_copy(update={"balance": state.balance, "status": state.status}))
        else:
            kept.append(item)
    return Reconciled(tuple(kept), dropped)
