"""Firm commands on one invoice: send now, pause (open-ended, snooze, promise to pay), resume.

Each command changes the service-owned holds or one planned row and replans in the same
transaction, then returns the timeline as it now stands.  Pause and resume are naturally
idempotent (they set a state); "send now" pulls the next planned reminder to now, so
repeating it before the dispatcher ran changes nothing, and ``Idempotency-Key`` makes a
retried request return the first answer rather than pull the following step forward too.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, model_validator

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.service_layer.errors import (
    IdempotencyKeyReused,
    InvoiceNotFound,
    NothingToSend,
)
from remit_scheduler.service_layer.planning import replan_invoice
from remit_scheduler.service_layer.views import TimelineRead, timeline_view


class HoldKind(StrEnum):
    """``pause``: until resumed; ``snooze``: until a date; ``promise_to_pay``: paid by a date."""

    PAUSE = "pause"
    SNOOZE = "snooze"
    PROMISE_TO_PAY = "promise_to_pay"


class PauseRequest(BaseModel):
    """Pause reminders; with ``until`` and no ``kind`` it is a snooze."""

    kind: HoldKind | None = None
    until: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.kind in (HoldKind.SNOOZE, HoldKind.PROMISE_TO_PAY) and self.until is None:
            raise ValueError(f"{self.kind.value} needs an 'until' date")
        if self.kind is HoldKind.PAUSE and self.until is not None:
            raise ValueError("an open-ended pause takes no 'until'; use kind 'snooze'")
        return self

    def holds(self) -> dict[str, Any]:
        """The hold columns this request sets (others keep their value)."""
        kind = self.kind or (HoldKind.SNOOZE if self.until else HoldKind.PAUSE)
        if kind is HoldKind.PAUSE:
            return {"paused": True}
        if kind is HoldKind.SNOOZE:
            return {"snoozed_until": self.until}
        return {"promise_to_pay_until": self.until}


async def _existing(uow: SqlUnitOfWork, firm_id: uuid.UUID, invoice_id: uuid.UUID) -> None:
    # FOR UPDATE: two commands on one invoice replan one after the other, never interleaved.
    if await uow.read_models.invoice(firm_id, invoice_id, for_update=True) is None:
        raise InvoiceNotFound(f"No invoice {invoice_id} for this firm.")


async def pause(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, invoice_id: uuid.UUID, req: PauseRequest, now: datetime
) -> TimelineRead:
    """Set a hold and replan (pending steps become skipped with the hold's reason)."""
    await _existing(uow, firm_id, invoice_id)
    await uow.read_models.set_holds(firm_id, invoice_id, **req.holds())
    await replan_invoice(uow, firm_id, invoice_id, now)
    return await timeline_view(uow, firm_id, invoice_id, now)


async def resume(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, invoice_id: uuid.UUID, now: datetime
) -> TimelineRead:
    """Lift the firm's holds (a dispute stays until invoice-svc resolves it) and replan."""
    await _existing(uow, firm_id, invoice_id)
    await uow.read_models.set_holds(
        firm_id, invoice_id, paused=False, snoozed_until=None, promise_to_pay_until=None
    )
    await replan_invoice(uow, firm_id, invoice_id, now)
    return await timeline_view(uow, firm_id, invoice_id, now)


async def send_now(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, invoice_id: uuid.UUID, now: datetime
) -> TimelineRead:
    """Make the next planned client reminder due now; the next dispatcher pass sends it."""
    await _existing(uow, firm_id, invoice_id)
    if await uow.reminders.pull_forward(firm_id, invoice_id, now) is None:
        raise NothingToSend("No planned reminder: the invoice is paid, paused or fully sent.")
    return await timeline_view(uow, firm_id, invoice_id, now)


async def idempotent(
    uows: Callable[[], SqlUnitOfWork],
    firm_id: uuid.UUID,
    key: str | None,
    request: str,
    action: Callable[[SqlUnitOfWork], Awaitable[BaseModel]],
) -> dict[str, Any]:
    """Run ``action`` in one unit of work; with a key, a repeat returns the stored answer.

    The key is claimed before ``action`` runs, so a concurrent twin waits for this one and
    then returns its answer instead of running the write a second time.
    """
    async with uows() as uow:
        if key and not await uow.idempotency.claim(firm_id, key, request):
            prior = await uow.idempotency.get(firm_id, key)
            assert prior is not None  # claimed and committed by another request
            if prior.request != request:
                raise IdempotencyKeyReused("This Idempotency-Key was used for another request.")
            return prior.body
        body = (await action(uow)).model_dump(mode="json")
        if key:
            await uow.idempotency.save(firm_id, key, request, 200, body)
        await uow.commit()
    return body
