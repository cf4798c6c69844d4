"""Notification history and dead letters (firm API key)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from remit_common.web.firm import FirmDep

from remit_notifier.entrypoints.http.deps import ClockDep, ContainerDep, UowDep
from remit_notifier.entrypoints.http.schemas import (
    DeadLetterList,
    DeadLetterRead,
    NotificationList,
    NotificationRead,
    ReplayResult,
    row_dict,
)
from remit_notifier.service_layer import management

router = APIRouter(tags=["notifications"])


@router.get("/v1/notifications")
async def list_notifications(
    firm: FirmDep,
    uow: UowDep,
    reminder_id: UUID | None = None,
    invoice_id: UUID | None = None,
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> NotificationList:
    """Deliveries of this firm, newest first, by reminder, invoice or status."""
    rows = await management.search_notifications(
        uow,
        firm.firm_id,
        reminder_id=reminder_id,
        invoice_id=invoice_id,
        status=status,
        limit=limit,
    )
    return NotificationList(items=[NotificationRead(**row_dict(r)) for r in rows])


@router.get("/v1/dead-letters")
async def list_dead_letters(
    firm: FirmDep,
    uow: UowDep,
    include_replayed: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> DeadLetterList:
    """Deliveries that failed for good (newest first)."""
    rows = await management.list_dead_letters(uow, firm.firm_id, include_replayed, limit)
    return DeadLetterList(items=[DeadLetterRead(**row_dict(r)) for r in rows])


@router.post("/v1/dead-letters/{dead_letter_id}/replay", status_code=202)
async def replay_dead_letter(
    dead_letter_id: UUID, firm: FirmDep, uow: UowDep, clock: ClockDep, container: ContainerDep
) -> ReplayResult:
    """Queue the failed delivery again with a fresh attempt budget."""
    delivery_id = await management.replay_dead_letter(
        uow, firm.firm_id, dead_letter_id, clock.now()
    )
    container.dispatcher.wake()
    return ReplayResult(dead_letter_id=dead_letter_id, delivery_id=delivery_id)
