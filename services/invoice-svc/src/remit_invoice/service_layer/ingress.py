"""Applies payments and views that other producers (processor, portal) put on the topic.

Each event is applied at most once (the inbox claim commits with the effect) and at most once
per processor payment id (``external_id``), then republished complete (snapshots, balances,
our payment id) through the outbox under an id derived from the original's, so consumers that
only trust invoice-svc's events see it too.

Failure policy, in the reason a dead letter carries:
- the invoice (or, for a reversal, the payment) is unknown: it may simply not have arrived yet
  (out-of-order delivery is normal), so :class:`NotYetKnown` asks for a retry while the event is
  younger than the grace period; older, it is dead-lettered as unknown;
- a domain rule refuses it (wrong currency, closed invoice): dead-lettered at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from remit_common.events import Envelope, InvoiceViewed, PaymentReceived, PaymentReversed
from remit_common.kafka.errors import PermanentError

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.domain.errors import DomainError
from remit_invoice.schemas.invoices import ViewCreate
from remit_invoice.schemas.payments import PaymentCreate, PaymentReverse
from remit_invoice.service_layer.invoices import record_view
from remit_invoice.service_layer.payments import record_payment, reverse_payment

_REPUBLISH_NS = uuid.UUID("5d3c1f0e-8b4a-4e7b-9c2d-1a0b3c4d5e6f")


class NotYetKnown(Exception):
    """The record refers to something not (yet) here; retryable within the grace period."""


def republished_id(original: uuid.UUID) -> uuid.UUID:
    """The id of our complete copy of an external event (stable across redeliveries)."""
    return uuid.uuid5(_REPUBLISH_NS, str(original))


async def apply_external(
    uows: Callable[[], SqlUnitOfWork], envelope: Envelope[Any], now: datetime, grace: timedelta
) -> str:
    """Apply one external event; returns ``applied`` or ``duplicate``."""
    async with uows() as uow:
        if not await uow.first_delivery(envelope.id):
            return "duplicate"
        try:
            match envelope.data:
                case PaymentReceived() as paid:
                    outcome = await _received(uow, envelope, paid, now, grace)
                case PaymentReversed() as reversed_:
                    outcome = await _reversed(uow, envelope, reversed_, now, grace)
                case InvoiceViewed() as viewed:
                    outcome = await _viewed(uow, envelope, viewed, now, grace)
                case _:
                    raise PermanentError(f"{envelope.type} is not applied by invoice-svc")
        except DomainError as exc:
            raise PermanentError(f"{envelope.type} refused: {exc.detail or exc}") from exc
        await uow.commit()
        return outcome


def _missing(what: str, envelope: Envelope[Any], now: datetime, grace: timedelta) -> Exception:
    age = now - envelope.time
    if age < grace:
        return NotYetKnown(f"{what} not known yet; retrying (event age {age.total_seconds():.0f}s)")
    return PermanentError(
        f"{what} unknown after grace period of {grace.total_seconds():.0f}s "
        f"(event age {age.total_seconds():.0f}s)"
    )


async def _received(
    uow: SqlUnitOfWork,
    env: Envelope[Any],
    paid: PaymentReceived,
    now: datetime,
    grace: timedelta,
) -> str:
    firm_id = env.firmid
    if paid.external_id is not None:
        existing = await uow.payments.by_external_id(firm_id, paid.external_id)
        if existing is not None:
            if existing.invoice_id == paid.invoice_id and existing.amount_minor == (
                paid.amount.amount_minor
            ):
                return "duplicate"  # the processor re-sent it under a new event id
            raise PermanentError("external_id is already recorded for a different payment")
    if paid.payment_id is not None and await uow.payments.get(firm_id, paid.payment_id):
        return "duplicate"
    if await uow.invoices.get(firm_id, paid.invoice_id) is None:
        raise _missing(f"invoice {paid.invoice_id}", env, now, grace)
    cmd = PaymentCreate(
        invoice_id=paid.invoice_id,
        amount=paid.amount,
        received_at=paid.received_at,
        method=paid.method,
        external_id=paid.external_id,
    )
    await record_payment(
        uow, firm_id, cmd, now, payment_id=paid.payment_id, event_id=republished_id(env.id)
    )
    return "applied"


async def _reversed(
    uow: SqlUnitOfWork,
    env: Envelope[Any],
    rev: PaymentReversed,
    now: datetime,
    grace: timedelta,
) -> str:
    firm_id = env.firmid
    payment = None
    if rev.payment_id is not None:
        payment = await uow.payments.get(firm_id, rev.payment_id)
    if payment is None and rev.external_id is not None:
        payment = await uow.payments.by_external_id(firm_id, rev.external_id)
    if payment is None:
        raise _missing(f"payment {rev.external_id or rev.payment_id}", env, now, grace)
    if payment.invoice_id != rev.invoice_id:
        raise PermanentError("the reversed payment belongs to another invoice")
    if payment.is_reversed:
        return "duplicate"
    cmd = PaymentReverse(reason=rev.reason, reversed_at=rev.reversed_at)
    await reverse_payment(uow, firm_id, payment.id, cmd, now, event_id=republished_id(env.id))
    return "applied"


async def _viewed(
    uow: SqlUnitOfWork,
    env: Envelope[Any],
    viewed: InvoiceViewed,
    now: datetime,
    grace: timedelta,
) -> str:
    if await uow.invoices.get(env.firmid, viewed.invoice_id) is None:
        raise _missing(f"invoice {viewed.invoice_id}", env, now, grace)
    await record_view(
        uow,
        env.firmid,
        viewed.invoice_id,
        ViewCreate(viewed_at=viewed.viewed_at, via=viewed.via),
        now,
        external_id=viewed.external_id,
        event_id=republished_id(env.id),
    )
    return "applied"
