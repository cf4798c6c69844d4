"""Builds invoice-scoped events with the full context consumers need (no call-backs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from remit_common.events import EventPayload

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.domain.invoice import Invoice
from remit_invoice.schemas.clients import ClientRead, MatterRead
from remit_invoice.service_layer.views import client_snapshot, invoice_snapshot, matter_snapshot


async def emit(
    uow: SqlUnitOfWork,
    invoice: Invoice,
    event_type: type[EventPayload],
    now: datetime,
    *,
    event_id: UUID | None = None,
    client: ClientRead | None = None,
    matter: MatterRead | None = None,
    **fields: Any,
) -> None:
    """Stage ``event_type`` for ``invoice`` (state after the change) in the outbox.

    A caller that has just read the invoice's ``client`` (and ``matter``) in this transaction
    passes them in; otherwise they are read here.
    """
    if client is None:
        client = await uow.clients.get(invoice.firm_id, invoice.client_id)
        assert client is not None, "an invoice always has its client (foreign key)"
    if matter is None and invoice.matter_id is not None:
        matter = await uow.matters.get(invoice.firm_id, invoice.matter_id)
    payload = event_type(
        invoice_id=invoice.id,
        invoice=invoice_snapshot(invoice),
        client=client_snapshot(client),
        matter=matter_snapshot(matter),
        **fields,
    )
    await uow.events.add([uow.events.envelope(payload, invoice.firm_id, now, event_id)])
