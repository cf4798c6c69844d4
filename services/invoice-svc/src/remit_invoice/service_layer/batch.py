"""Bulk sync of up to 1,000 invoices in one transaction, set-based.

A fixed number of statements whatever the batch size: one read each for clients, matters and
existing keys, one multi-row insert of the invoices (``ON CONFLICT DO NOTHING`` so a concurrent
writer costs an item, not the batch) and one multi-row insert of the outbox events. Each item
gets its own outcome; schema errors reject the whole request before this runs (422 naming
``/body/items/<n>/<field>``).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from remit_common.events import InvoiceIssued

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.domain.invoice import Invoice
from remit_invoice.schemas.invoices import BatchItemOutcome, InvoiceBatchRequest, InvoiceBatchResult
from remit_invoice.service_layer.invoices import new_invoice
from remit_invoice.service_layer.views import client_snapshot, invoice_snapshot, matter_snapshot

_PROBLEM = "urn:remit:problem:"


def _failed(index: int, outcome: str, slug: str, title: str, detail: str) -> BatchItemOutcome:
    return BatchItemOutcome(
        index=index,
        outcome=outcome,
        problem={"type": _PROBLEM + slug, "title": title, "detail": detail},
    )


async def sync_invoices(
    uow: SqlUnitOfWork, firm_id: UUID, cmd: InvoiceBatchRequest, now: datetime
) -> InvoiceBatchResult:
    """Create the items that are new; report existing, conflicting and invalid ones."""
    items = cmd.items
    clients = await uow.clients.get_many(firm_id, {i.client_id for i in items})
    matters = await uow.matters.get_many(firm_id, {i.matter_id for i in items if i.matter_id})
    by_ext, by_num = await uow.invoices.existing_keys(
        firm_id, [i.external_id for i in items if i.external_id], [i.number for i in items]
    )
    outcomes: dict[int, BatchItemOutcome] = {}
    staged: list[tuple[int, Invoice]] = []
    seen_ext: set[str] = set()
    seen_num: set[str] = set()
    for index, item in enumerate(items):
        if item.external_id and item.external_id in by_ext:
            outcomes[index] = BatchItemOutcome(
                index=index, outcome="exists", invoice_id=by_ext[item.external_id]
            )
        elif item.external_id in seen_ext:
            outcomes[index] = _failed(
                index,
                "conflict",
                "duplicate-external-id",
                "external_id already in use",
                "external_id appears twice in this batch",
            )
        elif item.number in by_num or item.number in seen_num:
            outcomes[index] = _failed(
                index,
                "conflict",
                "duplicate-invoice-number",
                "Invoice number already in use",
                "an invoice with this number exists",
            )
        elif item.client_id not in clients:
            outcomes[index] = _failed(
                index,
                "rejected",
                "client-not-found",
                "Client not found",
                "client_id is not a client of this firm",
            )
        elif item.matter_id is not None and (
            item.matter_id not in matters or matters[item.matter_id].client_id != item.client_id
        ):
            outcomes[index] = _failed(
                index,
                "rejected",
                "matter-not-found",
                "Matter not found",
                "matter_id is not a matter of this client",
            )
        else:
            staged.append((index, new_invoice(firm_id, item, now)))
            seen_num.add(item.number)
            if item.external_id:
                seen_ext.add(item.external_id)

    inserted = await uow.invoices.add_many_new([invoice for _, invoice in staged])
    envelopes = []
    snapshots = {cid: client_snapshot(c) for cid, c in clients.items()}
    matter_snaps = {mid: matter_snapshot(m) for mid, m in matters.items()}
    for index, invoice in staged:
        if invoice.id not in inserted:  # lost a race with a concurrent writer
            outcomes[index] = _failed(
                index,
                "conflict",
                "duplicate-invoice-number",
                "Invoice number already in use",
                "number or external_id was taken concurrently",
            )
            continue
        outcomes[index] = BatchItemOutcome(index=index, outcome="created", invoice_id=invoice.id)
        event = InvoiceIssued(
            invoice_id=invoice.id,
            invoice=invoice_snapshot(invoice),
            client=snapshots[invoice.client_id],
            matter=matter_snaps.get(invoice.matter_id) if invoice.matter_id else None,
        )
        envelopes.append(uow.events.envelope(event, firm_id, now))
    await uow.events.add(envelopes)

    ordered = [outcomes[i] for i in range(len(items))]
    created = sum(o.outcome == "created" for o in ordered)
    exists = sum(o.outcome == "exists" for o in ordered)
    return InvoiceBatchResult(
        created=created, exists=exists, failed=len(ordered) - created - exists, items=ordered
    )
