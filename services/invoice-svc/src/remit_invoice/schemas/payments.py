"""Payments and reversals: REST contract."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field
from remit_common.events.common import UtcDatetime
from remit_common.events.payment_events import PaymentMethod
from remit_common.money import Money

from remit_invoice.schemas.common import NEXT_CURSOR, ExternalId, example
from remit_invoice.schemas.invoices import INVOICE_ID

PAYMENT_ID = "4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c"
_PAYMENT = {
    "invoice_id": INVOICE_ID,
    "amount": {"amount_minor": 100000, "currency": "USD"},
    "received_at": "2025-03-14T14:00:00Z",
    "method": "card",
    "external_id": "ch_3PqXyz",
}
_READ = {
    "id": PAYMENT_ID,
    **_PAYMENT,
    "credit_created": {"amount_minor": 0, "currency": "USD"},
    "status": "received",
    "reversed_at": None,
    "reversal_reason": None,
    "invoice_balance_after": {"amount_minor": 25000, "currency": "USD"},
    "created_at": "2025-03-14T14:00:01Z",
}


class PaymentCreate(BaseModel):
    """A payment received for an invoice, in the invoice's currency."""

    model_config = example(_PAYMENT)

    invoice_id: UUID
    amount: Money = Field(description="Positive; must be in the invoice's currency.")
    received_at: UtcDatetime
    method: PaymentMethod = PaymentMethod.OTHER
    external_id: ExternalId | None = Field(None, description="Processor's id; unique per firm.")


class PaymentReverse(BaseModel):
    """Reverse a payment: refund, chargeback, returned (e.g. bounced check) or correction."""

    model_config = example({"reason": "chargeback", "reversed_at": "2025-03-20T08:00:00Z"})

    reason: Literal["refund", "chargeback", "returned", "correction"]
    reversed_at: UtcDatetime | None = Field(None, description="Default: now.")


class PaymentRead(BaseModel):
    """A payment, with what it did to its invoice."""

    model_config = example(_READ)

    id: UUID
    invoice_id: UUID
    amount: Money
    received_at: datetime
    method: PaymentMethod
    external_id: str | None
    credit_created: Money = Field(description="Part of the amount that became client credit.")
    status: Literal["received", "reversed"]
    reversed_at: datetime | None
    reversal_reason: str | None
    invoice_balance_after: Money | None = Field(
        None, description="The invoice's balance right after this payment or reversal."
    )
    created_at: datetime


class PaymentPage(BaseModel):
    """One page of payments."""

    model_config = example({"items": [_READ], "next_cursor": None})

    items: list[PaymentRead]
    next_cursor: str | None = NEXT_CURSOR
