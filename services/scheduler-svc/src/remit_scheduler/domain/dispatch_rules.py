"""The last check before a due reminder leaves: is the invoice still one we may chase?

The plan is recomputed on every event, so a planned row of a paid invoice should not exist;
this re-check is the belt to those braces, run on the read model in the dispatch transaction.
Payment acknowledgements and receipts answer a payment, so the "still owed" rules do not apply
to them; a voided invoice's receipt would be a contradiction, so voids stop them too.
"""

from __future__ import annotations

from .inputs import InvoiceStatus
from .outcomes import SkipReason

__all__ = ["dispatch_block"]

_CLOSED = {
    InvoiceStatus.PAID: SkipReason.PAID,
    InvoiceStatus.VOIDED: SkipReason.VOIDED,
    InvoiceStatus.WRITTEN_OFF: SkipReason.WRITTEN_OFF,
    InvoiceStatus.DISPUTED: SkipReason.DISPUTED_PAUSED,
}


def dispatch_block(
    status: InvoiceStatus,
    balance_minor: int,
    min_balance_minor: int,
    *,
    answers_payment: bool = False,
) -> SkipReason | None:
    """Why a due message must not be sent now, or None when it may go.

    ``answers_payment`` marks receipts and acknowledgements: only a void stops them.
    """
    if answers_payment:
        return SkipReason.VOIDED if status is InvoiceStatus.VOIDED else None
    if status in _CLOSED:
        return _CLOSED[status]
    if balance_minor <= 0:
        return SkipReason.PAID
    if balance_minor < min_balance_minor:
        return SkipReason.BELOW_MIN_BALANCE
    return None
