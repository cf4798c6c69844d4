"""Payments and reversals."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from remit_invoice.entrypoints.http.deps import FirmReader, FirmWriter
from remit_invoice.entrypoints.http.responses import READ, WRITE
from remit_invoice.entrypoints.http.routes.clients import Cursor, Limit
from remit_invoice.schemas.payments import PaymentCreate, PaymentPage, PaymentRead, PaymentReverse
from remit_invoice.service_layer import payments

router = APIRouter(prefix="/v1/payments", tags=["payments"])


@router.post("", status_code=201, response_model=PaymentRead, responses=WRITE)
async def record_payment(body: PaymentCreate, w: FirmWriter) -> JSONResponse:
    """Record a payment (partial, full or over); emits `remit.payment.received.v1`."""
    return await w.run(lambda uow: payments.record_payment(uow, w.firm_id, body, w.now), 201)


@router.get("", responses=READ)
async def list_payments(
    r: FirmReader,
    limit: Limit = 50,
    cursor: Cursor = None,
    invoice_id: UUID | None = None,
    external_id: str | None = None,
    received_since: datetime | None = None,
) -> PaymentPage:
    """List payments, oldest first."""
    return await r.run(
        lambda uow: payments.list_payments(
            uow,
            r.firm_id,
            cursor=cursor,
            limit=limit,
            invoice_id=invoice_id,
            external_id=external_id,
            received_since=received_since,
        )
    )


@router.get("/{payment_id}", responses=READ)
async def get_payment(payment_id: UUID, r: FirmReader) -> PaymentRead:
    """Read a payment."""
    return await r.run(lambda uow: payments.get_payment(uow, r.firm_id, payment_id))


@router.post("/{payment_id}/reverse", response_model=PaymentRead, responses=WRITE)
async def reverse_payment(payment_id: UUID, body: PaymentReverse, w: FirmWriter) -> JSONResponse:
    """Reverse a payment (refund, chargeback, return); the balance reopens."""
    return await w.run(
        lambda uow: payments.reverse_payment(uow, w.firm_id, payment_id, body, w.now)
    )
