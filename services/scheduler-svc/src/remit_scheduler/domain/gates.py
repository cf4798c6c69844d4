"""Gates: conditions that stop every client reminder of an invoice at once.

A gate wins over the step-by-step plan: whatever the policy says, a paid invoice gets nothing,
a disputed one waits, a tiny balance is not chased, and a balance covered by trust funds is
the firm's to apply rather than the client's to pay.
"""

from __future__ import annotations

from typing import NamedTuple

from .holds import Holds, open_ended_hold
from .inputs import ClientProfile, InvoiceState, InvoiceStatus
from .outcomes import SkipReason, TimelineState
from .policy import ReminderPolicy

__all__ = ["Gate", "blocking_gate"]


class Gate(NamedTuple):
    """The timeline state it leads to, the reason code and the sentence for people."""

    state: TimelineState
    reason: SkipReason
    explanation: str


_CLOSED = {
    InvoiceStatus.PAID: (SkipReason.PAID, "The invoice is paid."),
    InvoiceStatus.VOIDED: (SkipReason.VOIDED, "The invoice was voided."),
    InvoiceStatus.WRITTEN_OFF: (SkipReason.WRITTEN_OFF, "The invoice was written off."),
}


def blocking_gate(
    invoice: InvoiceState, policy: ReminderPolicy, client: ClientProfile, holds: Holds
) -> Gate | None:
    """What stops every client reminder of the invoice, or None when steps may be planned.

    Checked in this order: closed (paid / nothing owed, voided, written off), open-ended hold
    (dispute, manual pause), below minimum balance, covered by trust funds.
    """
    inv = invoice
    if inv.status in _CLOSED:
        return Gate(TimelineState.CLOSED, *_CLOSED[inv.status])
    if not inv.balance.is_positive():
        return Gate(TimelineState.CLOSED, SkipReason.PAID, "Nothing is owed on this invoice.")
    hold = open_ended_hold(inv, holds)
    if hold is not None:
        return Gate(TimelineState.PAUSED, hold.reason, hold.explanation)
    if inv.balance.amount_minor < policy.min_balance_minor:
        return Gate(
            TimelineState.SUPPRESSED,
            SkipReason.BELOW_MIN_BALANCE,
            f"The balance {inv.balance} is below the policy minimum of "
            f"{policy.min_balance_minor} minor units.",
        )
    trust = client.trust_balance
    # A trust balance in another currency cannot be compared without a rate: not covered.
    if trust is not None and trust.currency == inv.balance.currency and trust >= inv.balance:
        return Gate(
            TimelineState.SUPPRESSED,
            SkipReason.TRUST_COVERS_BALANCE,
            f"The client's trust balance ({trust}) covers the balance ({inv.balance}); "
            "the firm is asked to apply the funds instead.",
        )
    return None
