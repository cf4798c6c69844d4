"""Payment events on ``billing.invoice-events.v1`` (keyed by invoice id).

A payment processor may publish ``remit.payment.received.v1`` / ``.reversed.v1`` itself: it
then sets ``external_id`` (its own payment id, the deduplication key) and leaves
``payment_id``, the balances and the snapshots out; invoice-svc applies the payment and
republishes it complete.  Either ``payment_id`` or ``external_id`` is always present.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from remit_common.events.common import UtcDatetime
from remit_common.events.invoice_events import InvoiceFactEvent
from remit_common.money import Money

__all__ = ["PaymentMethod", "PaymentReceived", "PaymentReversed"]


class PaymentMethod(StrEnum):
    CARD = "card"
    ACH = "ach"
    CHECK = "check"
    WIRE = "wire"
    CASH = "cash"
    TRUST_TRANSFER = "trust_transfer"
    OTHER = "other"


class _PaymentEvent(InvoiceFactEvent):
    payment_id: UUID | None = Field(None, description="Remit payment id (set by invoice-svc).")
    external_id: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="The PMS's or processor's payment id; unique per firm.",
        examples=["ch_3PqXyz"],
    )
    amount: Money = Field(description="Positive amount, in the invoice's currency.")
    balance_after: Money | None = Field(
        None, description="Invoice balance after this event (never negative)."
    )

    @model_validator(mode="after")
    def _check_payment(self) -> Self:
        if self.payment_id is None and self.external_id is None:
            raise ValueError("payment_id or external_id is required")
        if not self.amount.is_positive():
            raise ValueError("amount must be positive")
        if self.invoice is not None and self.invoice.currency != self.amount.currency:
            raise ValueError(f"amount must be in the invoice's currency {self.invoice.currency}")
        if self.balance_after is not None:
            if self.balance_after.currency != self.amount.currency:
                raise ValueError("balance_after and amount must share a currency")
            if self.balance_after.is_negative():
                raise ValueError("balance_after cannot be negative (overpayment is a credit)")
        return self


class PaymentReceived(_PaymentEvent):
    """A payment, full or partial, was received for an invoice."""

    event_type = "remit.payment.received.v1"

    received_at: UtcDatetime
    method: PaymentMethod = PaymentMethod.OTHER
    credit_created: Money | None = Field(
        None, description="Client credit created by the part that exceeded the balance."
    )

    @model_validator(mode="after")
    def _check_credit(self) -> Self:
        if self.credit_created is not None and (
            self.credit_created.currency != self.amount.currency
            or self.credit_created.is_negative()
        ):
            raise ValueError(
                "credit_created must be a non-negative amount in the payment's currency"
            )
        return self


class PaymentReversed(_PaymentEvent):
    """A payment was refunded, charged back or returned: the balance reopens."""

    event_type = "remit.payment.reversed.v1"

    reversed_at: UtcDatetime
    reason: Literal["refund", "chargeback", "returned", "correction"] = Field(
        description="returned: e.g. a bounced check or an ACH return."
    )
