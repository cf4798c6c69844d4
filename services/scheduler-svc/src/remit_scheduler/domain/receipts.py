"""Payment acknowledgements and receipts, as the policy turns them on or off.

A partial payment earns an acknowledgement that states the remaining balance; a payment that
clears the balance (or overpays it) earns a receipt.  The timeline itself never plans these:
they answer a payment event, once per payment.
"""

from __future__ import annotations

from enum import StrEnum

from remit_common.money import Money

from .policy import ReminderPolicy

__all__ = ["ReceiptKind", "receipt_for_payment"]


class ReceiptKind(StrEnum):
    """Which message answers a payment."""

    PAYMENT_ACKNOWLEDGEMENT = "payment_acknowledgement"
    RECEIPT = "receipt"


def receipt_for_payment(
    policy: ReminderPolicy, amount_paid: Money, balance_after: Money
) -> ReceiptKind | None:
    """The message to send for a payment of ``amount_paid`` leaving ``balance_after``, if any.

    None for a non-positive payment (a reversal is not thanked for) or when the policy turns
    that message off.  Raises CurrencyMismatchError if the two amounts' currencies differ.
    """
    if not amount_paid.is_positive():
        return None
    if balance_after <= Money.zero(amount_paid.currency):
        return ReceiptKind.RECEIPT if policy.receipts.receipt_on_full_payment else None
    if policy.receipts.acknowledge_partial_payment:
        return ReceiptKind.PAYMENT_ACKNOWLEDGEMENT
    return None
