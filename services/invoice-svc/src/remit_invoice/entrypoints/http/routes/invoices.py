"""Invoices, their actions, and bulk sync."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from remit_common.events.snapshots import InvoiceStatus

from remit_invoice.entrypoints.http.deps import FirmReader, FirmWriter
from remit_invoice.entrypoints.http.responses import READ, WRITE
from remit_invoice.entrypoints.http.routes.clients import Cursor, Limit
from remit_invoice.schemas.invoices import (
    DisputeRequest,
    InvoiceBatchRequest,
    InvoiceBatchResult,
    InvoiceCreate,
    InvoicePage,
    InvoiceRead,
    InvoiceUpdate,
    ResolveDisputeRequest,
    ViewCreate,
    VoidRequest,
    WriteOffRequest,
)
from remit_invoice.service_layer import batch, invoices

router = APIRouter(prefix="/v1/invoices", tags=["invoices"])
batch_router = APIRouter(tags=["invoices"])


@router.post("", status_code=201, response_model=InvoiceRead, responses=WRITE)
async def create_invoice(body: InvoiceCreate, w: FirmWriter) -> JSONResponse:
    """Issue an invoice; emits `remit.invoice.issued.v1`."""
    return await w.run(lambda uow: invoices.create_invoice(uow, w.firm_id, body, w.now), 201)


@batch_router.post(
    "/v1/invoices:batch",
    response_model=InvoiceBatchResult,
    responses=WRITE,
    summary="Sync invoices in bulk",
)
async def sync_invoices(body: InvoiceBatchRequest, w: FirmWriter) -> JSONResponse:
    """Create up to 1,000 invoices in one transaction; each item reports its own outcome."""
    return await w.run(lambda uow: batch.sync_invoices(uow, w.firm_id, body, w.now))


@router.get("", responses=READ)
async def list_invoices(
    r: FirmReader,
    limit: Limit = 50,
    cursor: Cursor = None,
    status: Annotated[list[InvoiceStatus] | None, Query(description="Any of these.")] = None,
    client_id: UUID | None = None,
    matter_id: UUID | None = None,
    external_id: str | None = None,
    number: str | None = None,
    due_before: Annotated[date | None, Query(description="Due strictly before.")] = None,
    due_after: Annotated[date | None, Query(description="Due strictly after.")] = None,
    updated_since: Annotated[datetime | None, Query(description="Changed at or after.")] = None,
) -> InvoicePage:
    """List invoices, oldest first, with the filters a billing screen needs."""
    return await r.run(
        lambda uow: invoices.list_invoices(
            uow,
            r.firm_id,
            cursor=cursor,
            limit=limit,
            statuses=[s.value for s in status or ()],
            client_id=client_id,
            matter_id=matter_id,
            external_id=external_id,
            number=number,
            due_before=due_before,
            due_after=due_after,
            updated_since=updated_since,
        )
    )


@router.get("/{invoice_id}", responses=READ)
async def get_invoice(invoice_id: UUID, r: FirmReader) -> InvoiceRead:
    """Read an invoice with its balance and status."""
    return await r.run(lambda uow: invoices.get_invoice(uow, r.firm_id, invoice_id))


@router.patch("/{invoice_id}", response_model=InvoiceRead, responses=WRITE)
async def update_invoice(invoice_id: UUID, body: InvoiceUpdate, w: FirmWriter) -> JSONResponse:
    """Change due date, amounts (before any payment) or portal details."""
    return await w.run(lambda uow: invoices.update_invoice(uow, w.firm_id, invoice_id, body, w.now))


@router.post("/{invoice_id}/void", response_model=InvoiceRead, responses=WRITE)
async def void_invoice(invoice_id: UUID, body: VoidRequest, w: FirmWriter) -> JSONResponse:
    """Void an invoice (refused while payments stand)."""
    return await w.run(lambda uow: invoices.void_invoice(uow, w.firm_id, invoice_id, body, w.now))


@router.post("/{invoice_id}/write-off", response_model=InvoiceRead, responses=WRITE)
async def write_off_invoice(invoice_id: UUID, body: WriteOffRequest, w: FirmWriter) -> JSONResponse:
    """Write off the open balance."""
    return await w.run(
        lambda uow: invoices.write_off_invoice(uow, w.firm_id, invoice_id, body, w.now)
    )


@router.post("/{invoice_id}/dispute", response_model=InvoiceRead, responses=WRITE)
async def dispute_invoice(invoice_id: UUID, body: DisputeRequest, w: FirmWriter) -> JSONResponse:
    """Record that the client disputes the invoice."""
    return await w.run(
        lambda uow: invoices.dispute_invoice(uow, w.firm_id, invoice_id, body, w.now)
    )


@router.post("/{invoice_id}/resolve-dispute", response_model=InvoiceRead, responses=WRITE)
async def resolve_dispute(
    invoice_id: UUID, body: ResolveDisputeRequest, w: FirmWriter
) -> JSONResponse:
    """Resolve the open dispute."""
    return await w.run(
        lambda uow: invoices.resolve_dispute(uow, w.firm_id, invoice_id, body, w.now)
    )


@router.post("/{invoice_id}/views", response_model=InvoiceRead, responses=WRITE)
async def record_view(invoice_id: UUID, body: ViewCreate, w: FirmWriter) -> JSONResponse:
    """Record that the client viewed the invoice."""
    return await w.run(lambda uow: invoices.record_view(uow, w.firm_id, invoice_id, body, w.now))
