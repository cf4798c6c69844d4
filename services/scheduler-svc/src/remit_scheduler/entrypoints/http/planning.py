"""Preview and reconciliation routes."""

from __future__ import annotations

from fastapi import APIRouter
from remit_common.web.firm import FirmDep

from remit_scheduler.entrypoints.http.deps import ClockDep, UowsDep
from remit_scheduler.service_layer.preview import PreviewRequest, PreviewResponse, preview
from remit_scheduler.service_layer.reconcile import ReconcileReport, ReconcileRequest, reconcile

router = APIRouter(prefix="/v1", tags=["planning"])


@router.post("/preview", response_model=PreviewResponse)
async def post_preview(
    body: PreviewRequest, uows: UowsDep, firm: FirmDep, clock: ClockDep
) -> PreviewResponse:
    """What would go out for this invoice, when and how; nothing is stored."""
    async with uows() as uow:
        return await preview(uow, firm.firm_id, body, clock.now())


@router.post("/reconcile", response_model=ReconcileReport)
async def post_reconcile(
    uows: UowsDep, firm: FirmDep, clock: ClockDep, body: ReconcileRequest | None = None
) -> ReconcileReport:
    """Find open invoices without planned reminders, replan them, report what was fixed."""
    async with uows() as uow:
        return await reconcile(uow, firm.firm_id, body or ReconcileRequest(), clock.now())
