"""Invoice routes: the timeline, and the firm's commands (send now, pause, resume)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from remit_common.web.firm import FirmDep

from remit_scheduler.entrypoints.http.deps import ClockDep, IdempotencyKey, UowsDep
from remit_scheduler.service_layer import commands as uc
from remit_scheduler.service_layer.commands import PauseRequest
from remit_scheduler.service_layer.views import TimelineRead, timeline_view

router = APIRouter(prefix="/v1/invoices", tags=["timelines"])


@router.get("/{invoice_id}/timeline", response_model=TimelineRead)
async def get_timeline(
    invoice_id: uuid.UUID, uows: UowsDep, firm: FirmDep, clock: ClockDep
) -> TimelineRead:
    """Planned, sent, skipped (with reasons) and cancelled reminders, history, policy level."""
    async with uows() as uow:
        return await timeline_view(uow, firm.firm_id, invoice_id, clock.now())


@router.post("/{invoice_id}/reminders/send-now", response_model=TimelineRead)
async def send_now(
    invoice_id: uuid.UUID, uows: UowsDep, firm: FirmDep, clock: ClockDep, key: IdempotencyKey = None
) -> Any:
    """Send the next planned reminder now (on the dispatcher's next pass, within ~1 s)."""
    return await uc.idempotent(
        uows,
        firm.firm_id,
        key,
        f"send-now {invoice_id}",
        lambda uow: uc.send_now(uow, firm.firm_id, invoice_id, clock.now()),
    )


@router.post("/{invoice_id}/reminders/pause", response_model=TimelineRead)
async def pause(
    invoice_id: uuid.UUID,
    uows: UowsDep,
    firm: FirmDep,
    clock: ClockDep,
    body: PauseRequest | None = None,
    key: IdempotencyKey = None,
) -> Any:
    """Pause until resumed, snooze until a date, or hold for a promise to pay by a date."""
    req = body or PauseRequest()
    return await uc.idempotent(
        uows,
        firm.firm_id,
        key,
        f"pause {invoice_id} {req.model_dump_json()}",
        lambda uow: uc.pause(uow, firm.firm_id, invoice_id, req, clock.now()),
    )


@router.post("/{invoice_id}/reminders/resume", response_model=TimelineRead)
async def resume(
    invoice_id: uuid.UUID, uows: UowsDep, firm: FirmDep, clock: ClockDep, key: IdempotencyKey = None
) -> Any:
    """Lift pauses, snoozes and promises; the next step is replanned, never a burst."""
    return await uc.idempotent(
        uows,
        firm.firm_id,
        key,
        f"resume {invoice_id}",
        lambda uow: uc.resume(uow, firm.firm_id, invoice_id, clock.now()),
    )
