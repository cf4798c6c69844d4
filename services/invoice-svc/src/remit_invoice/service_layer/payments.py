"""Use cases for payments: record (partial, full, over), reverse, read.

The invoice row is locked before its balance is read, so concurrent payments on one invoice
queue up and none is lost; the payment row, the new balance and the event commit together.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from remit_common.events import PaymentReceived, PaymentReversed
from remit_common.money import Money

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.domain.payment import Payment
from remit_invoice.schemas.payments import PaymentCreate, PaymentPage, PaymentRead, PaymentReverse
from remit_invoice.service_layer.errors import PaymentNotFound
from remit_invoice.service_layer.invoice_events import emit
from remit_invoice.service_layer.invoices import locked
from remit_invoice.service_layer.views import payment_read


async def record_payment(
    uow: SqlUnitOfWork,
    firm_id: UUID,
    cmd: PaymentCreate,
    now: datetime,
    *,
    payment_id: UUID | None = None,
    event_id: UUID | None = None,
) -> PaymentRead:
    """Apply a payment to its invoice; an excess becomes client credit."""
    invoice = await locked(uow, firm_id, cmd.invoice_id)
    effect = invoice.apply_payment(cmd.amount.amount_minor, cmd.amount.currency)
    payment = Payment(
        id=payment_id or uuid.uuid4(),
        firm_id=firm_id,
        invoice_id=invoice.id,
        amount_minor=cmd.amount.amount_minor,
        currency=cmd.amount.currency,
        received_at=cmd.received_at,
        method=cmd.method.value,
        external_id=cmd.external_id,
        credit_minor=effect.credit_created,
        balance_after_minor=effect.balance_after,
        created_at=now,
    )
    await uow.payments.add(payment)
    invoice.updated_at = now
    await uow.invoices.save(invoice)
    cur = invoice.currency
    await emit(
        uow,
        invoice,
        PaymentReceived,
        now,
        event_id=event_id,
        payment_id=payment.id,
        external_id=payment.external_id,
        amount=cmd.amount,
        received_at=payment.received_at,
        method=cmd.method,
        balance_after=Money(amount_minor=effect.balance_after, currency=cur),
        credit_created=Money(amount_minor=effect.credit_created, currency=cur),
    )
    return payment_read(payment)


async def reverse_payment(
    uow: SqlUnitOfWork,
    firm_id: UUID,
    payment_id: UUID,
    cmd: PaymentReverse,
    now: datetime,
    *,
    event_id: UUID | None = None,
) -> PaymentRead:
    """Refund, chargeback or return: the invoice's balance reopens by the amount."""
    payment = await uow.payments.get(firm_id, payment_id)
    if payment is None:
        raise PaymentNotFound(f"no payment {payment_id} in this firm")
    # Lock order invoice -> payment everywhere, so two reversals cannot deadlock.
    invoice = await locked(uow, firm_id, payment.invoice_id)
    payment = await uow.payments.get(firm_id, payment_id, lock=True)
    assert payment is not None
    at = cmd.reversed_at or now
    payment.reverse(at, cmd.reason)
    effect = invoice.reverse_payment(payment.amount_minor, payment.currency)
    payment.balance_after_minor = effect.balance_after
    await uow.payments.save(payment)
    invoice.updated_at = now
    await uow.invoices.save(invoice)
    cur = invoice.currency
    await emit(
        uow,
        invoice,
        PaymentReversed,
        now,
        event_id=event_id,
        payment_id=payment.id,
        external_id=payment.external_id,
        amount=Money(amount_minor=payment.amount_minor, currency=cur),
        balance_after=Money(amount_minor=effect.balance_after, currency=cur),
        reversed_at=at,
        reason=cmd.reason,
    )
    return payment_read(payment)


async def get_payment(uow: SqlUnitOfWork, firm_id: UUID, payment_id: UUID) -> PaymentRead:
    """The payment; PaymentNotFound otherwise (also for another firm's id)."""
    payment = await uow.payments.get(firm_id, payment_id)
    if payment is None:
        raise PaymentNotFound(f"no payment {payment_id} in this firm")
    return payment_read(payment)


async def list_payments(uow: SqlUnitOfWork, firm_id: UUID, **filters: Any) -> PaymentPage:
    """A page of the firm's payments."""
    items, nxt = await uow.payments.page(firm_id, **filters)
    return PaymentPage(items=[payment_read(p) for p in items], next_cursor=nxt)
