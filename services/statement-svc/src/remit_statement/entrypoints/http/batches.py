"""Bulk statement batch routes: create (202), progress, merged print PDF, one client's PDF."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, status
from fastapi.responses import Response
from remit_common.web.firm import FirmDep

from remit_statement.domain.batch import BatchCriteria
from remit_statement.entrypoints.http import schemas as s
from remit_statement.entrypoints.http.deps import ClockDep, LinksDep, UowDep
from remit_statement.service_layer import batches
from remit_statement.service_layer.queries import Period

router = APIRouter(prefix="/v1/statement-batches", tags=["statement batches"])
_PDF = {200: {"content": {"application/pdf": {}}}}


def _read(row, links) -> s.BatchRead:  # noqa: ANN001
    c = row.counts
    return s.BatchRead(
        id=row.id,
        state=row.state,
        requested_by=row.requested_by,
        total=row.total,
        done=c["done"],
        failed=c["failed"],
        pending=c["pending"],
        emailed=c["emailed"],
        printed=c["printed"],
        failures=[s.BatchFailureRead(client_id=cid, reason=r) for cid, r in row.failures],
        created_at=row.created_at,
        completed_at=row.completed_at,
        pdf_url=links.merged_pdf(row.id) if row.merged_pages else None,
        merged_pages=row.merged_pages,
    )


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=s.BatchRead)
async def create_batch(
    body: s.BatchCreate,
    firm: FirmDep,
    uow: UowDep,
    clock: ClockDep,
    links: LinksDep,
    x_requested_by: Annotated[str | None, Header(max_length=200)] = None,
) -> s.BatchRead:
    """Select clients with an outstanding balance and start sending their statements."""
    now = clock.now()
    period = Period.resolve(body.period_start, body.period_end, now.date())
    criteria = BatchCriteria(
        period_start=period.start,
        period_end=period.end,
        exclude_invoiced_from=body.exclude_invoiced_from,
        exclude_invoiced_to=body.exclude_invoiced_to,
        delivery_preference=body.delivery_preference,
        attorney=body.attorney,
        practice_area=body.practice_area,
        billing_group=body.billing_group,
        matter_id=body.matter_id,
        client_ids=tuple(body.client_ids),
    )
    firm_id = firm.firm_id
    batch_id = await batches.create_batch(
        uow, firm_id, x_requested_by or f"firm:{firm_id}", criteria, now
    )
    return _read(await batches.get_batch(uow, firm_id, batch_id), links)


@router.get("/{batch_id}", response_model=s.BatchRead)
async def get_batch(batch_id: UUID, firm: FirmDep, uow: UowDep, links: LinksDep) -> s.BatchRead:
    """State and progress of a batch (done / total, failures with reasons)."""
    return _read(await batches.get_batch(uow, firm.firm_id, batch_id), links)


@router.get("/{batch_id}/pdf", responses=_PDF, response_class=Response)
async def batch_pdf(batch_id: UUID, firm: FirmDep, uow: UowDep) -> Response:
    """The merged print-ready PDF (each statement starts on an odd page); 409 until ready."""
    pdf = await batches.merged_pdf(uow, firm.firm_id, batch_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="batch-{batch_id}.pdf"'},
    )


@router.get("/{batch_id}/statements/{client_id}/pdf", responses=_PDF, response_class=Response)
async def item_pdf(batch_id: UUID, client_id: UUID, firm: FirmDep, uow: UowDep) -> Response:
    """One client's statement from the batch (the notifier uses the internal route)."""
    pdf = await batches.item_pdf(uow, firm.firm_id, batch_id, client_id)
    return Response(pdf, media_type="application/pdf")
