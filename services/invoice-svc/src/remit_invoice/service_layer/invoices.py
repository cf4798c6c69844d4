"""Use cases for invoices: issue, revise, void, write off, dispute, resolve, record views."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from remit_common.events import (
    InvoiceDisputed,
    InvoiceDisputeResolved,
    InvoiceIssued,
    InvoiceUpdated,
    InvoiceViewed,
    InvoiceVoided,
    InvoiceWrittenOff,
)
from remit_common.money import Money

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.domain.invoice import Invoice, Line
from remit_invoice.schemas.invoices import (
    DisputeRequest,
    InvoiceCreate,
    InvoicePage,
    InvoiceRead,
    InvoiceUpdate,
    ResolveDisputeRequest,
    ViewCreate,
    VoidRequest,
    WriteOffRequest,
)
from remit_invoice.service_layer.errors import ClientNotFound, InvoiceNotFound, MatterNotFound
from remit_invoice.service_layer.invoice_events import emit
from remit_invoice.service_layer.views import invoice_read


def new_invoice(firm_id: UUID, cmd: InvoiceCreate, now: datetime) -> Invoice:
    """The aggregate for a create command (no I/O; shared with batch sync)."""
    return Invoice(
        id=uuid.uuid4(),
        firm_id=firm_id,
        client_id=cmd.client_id,
        matter_id=cmd.matter_id,
        number=cmd.number,
        issue_date=cmd.issue_date,
        currency=cmd.currency,
        total_minor=cmd.total_minor,
        external_id=cmd.external_id,
        due_date=cmd.due_date,
        line_items=tuple(Line(li.description, li.amount_minor) for li in cmd.line_items),
        portal_url=cmd.portal_url,
        shared_to_portal=cmd.shared_to_portal,
        created_at=now,
        updated_at=now,
    )


async def create_invoice(
    uow: SqlUnitOfWork, firm_id: UUID, cmd: InvoiceCreate, now: datetime
) -> InvoiceRead:
    """Issue an invoice for one of the firm's clients (and, optionally, its matter)."""
    client = await uow.clients.get(firm_id, cmd.client_id)
    if client is None:
        raise ClientNotFound("client_id is not a client of this firm", pointer="/body/client_id")
    matter = None
    if cmd.matter_id is not None:
        matter = await uow.matters.get(firm_id, cmd.matter_id)
        if matter is None or matter.client_id != cmd.client_id:
            raise MatterNotFound(
                "matter_id is not a matter of this client", pointer="/body/matter_id"
            )
    invoice = new_invoice(firm_id, cmd, now)
    await uow.invoices.add(invoice)
    await emit(uow, invoice, InvoiceIssued, now, client=client, matter=matter)
    return invoice_read(invoice)


async def update_invoice(
    uow: SqlUnitOfWork, firm_id: UUID, invoice_id: UUID, cmd: InvoiceUpdate, now: datetime
) -> InvoiceRead:
    """Revise due date, amounts (before any payment) or portal details."""
    invoice = await locked(uow, firm_id, invoice_id)
    sent = cmd.model_fields_set
    changes = invoice.revise(
        due_date=cmd.due_date if "due_date" in sent else "keep",
        total_minor=cmd.total_minor,
        line_items=None
        if cmd.line_items is None
        else tuple(Line(li.description, li.amount_minor) for li in cmd.line_items),
        portal_url=cmd.portal_url if "portal_url" in sent else "keep",
        shared_to_portal=cmd.shared_to_portal,
    )
    return await _commit_change(uow, invoice, now, InvoiceUpdated, changed_fields=tuple(changes))


async def void_invoice(
    uow: SqlUnitOfWork, firm_id: UUID, invoice_id: UUID, cmd: VoidRequest, now: datetime
) -> InvoiceRead:
    """Void an invoice without standing payments."""
    invoice = await locked(uow, firm_id, invoice_id)
    invoice.void(now)
    return await _commit_change(uow, invoice, now, InvoiceVoided, voided_at=now, reason=cmd.reason)


async def write_off_invoice(
    uow: SqlUnitOfWork, firm_id: UUID, invoice_id: UUID, cmd: WriteOffRequest, now: datetime
) -> InvoiceRead:
    """Write off what is still owed."""
    invoice = await locked(uow, firm_id, invoice_id)
    amount = invoice.write_off(now)
    return await _commit_change(
        uow,
        invoice,
        now,
        InvoiceWrittenOff,
        written_off_at=now,
        reason=cmd.reason,
        amount=Money(amount_minor=amount, currency=invoice.currency),
    )


async def dispute_invoice(
    uow: SqlUnitOfWork, firm_id: UUID, invoice_id: UUID, cmd: DisputeRequest, now: datetime
) -> InvoiceRead:
    """Open a dispute: reminders pause until it is resolved."""
    invoice = await locked(uow, firm_id, invoice_id)
    invoice.dispute(cmd.disputed_amount_minor)
    amount = cmd.disputed_amount_minor
    return await _commit_change(
        uow,
        invoice,
        now,
        InvoiceDisputed,
        disputed_at=now,
        reason=cmd.reason,
        disputed_amount=None
        if amount is None
        else Money(amount_minor=amount, currency=invoice.currency),
    )


async def resolve_dispute(
    uow: SqlUnitOfWork,
    firm_id: UUID,
    invoice_id: UUID,
    cmd: ResolveDisputeRequest,
    now: datetime,
) -> InvoiceRead:
    """Close the open dispute."""
    invoice = await locked(uow, firm_id, invoice_id)
    invoice.resolve_dispute()
    return await _commit_change(
        uow,
        invoice,
        now,
        InvoiceDisputeResolved,
        resolved_at=now,
        resolution=cmd.resolution,
        note=cmd.note,
    )


async def record_view(
    uow: SqlUnitOfWork,
    firm_id: UUID,
    invoice_id: UUID,
    cmd: ViewCreate,
    now: datetime,
    *,
    external_id: str | None = None,
    event_id: UUID | None = None,
) -> InvoiceRead:
    """Count a view of the invoice by the client."""
    invoice = await locked(uow, firm_id, invoice_id)
    viewed_at = cmd.viewed_at or now
    invoice.record_view(viewed_at)
    return await _commit_change(
        uow,
        invoice,
        now,
        InvoiceViewed,
        event_id=event_id,
        viewed_at=viewed_at,
        via=cmd.via,
        external_id=external_id,
    )


async def get_invoice(uow: SqlUnitOfWork, firm_id: UUID, invoice_id: UUID) -> InvoiceRead:
    """The invoice; InvoiceNotFound otherwise (also for another firm's id)."""
    invoice = await uow.invoices.get(firm_id, invoice_id)
    if invoice is None:
        raise InvoiceNotFound(f"no invoice {invoice_id} in this firm")
    return invoice_read(invoice)


async def list_invoices(uow: SqlUnitOfWork, firm_id: UUID, **filters: Any) -> InvoicePage:
    """A page of the firm's invoices."""
    items, nxt = await uow.invoices.page(firm_id, **filters)
    return InvoicePage(items=[invoice_read(i) for i in items], next_cursor=nxt)


async def locked(uow: SqlUnitOfWork, firm_id: UUID, invoice_id: UUID) -> Invoice:
    """The invoice with its row lock held until commit: concurrent changes queue up."""
    invoice = await uow.invoices.get(firm_id, invoice_id, lock=True)
    if invoice is None:
        raise InvoiceNotFound(f"no invoice {invoice_id} in this firm")
    return invoice


async def _commit_change(
    uow: SqlUnitOfWork,
    invoice: Invoice,
    now: datetime,
    event_type: type,
    *,
    event_id: UUID | None = None,
    **fields: Any,
) -> InvoiceRead:
    if event_type is InvoiceUpdated and not fields.get("changed_fields"):
        return invoice_read(invoice)  # nothing changed: no write, no event
    invoice.updated_at = now
    await uow.invoices.save(invoice)
    await emit(uow, invoice, event_type, now, event_id=event_id, **fields)
    return invoice_read(invoice)
