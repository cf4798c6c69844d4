"""Provider webhooks: delivery receipts, bounces, complaints, SMS STOP/START, applied once.

Each report moves the delivery only where the state machine allows (late or repeated reports
change nothing) and publishes the matching event. Opt-outs (STOP, hard bounce, complaint) are
stored per client and channel and published as ``remit.notification.opted_out.v1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from remit_common.events import (
    NotificationBounced,
    NotificationDelivered,
    NotificationFailed,
    NotificationOptedOut,
)
from sqlalchemy import Row

from remit_notifier.domain.delivery import DeliveryStatus as S
from remit_notifier.domain.delivery import advance
from remit_notifier.service_layer.intake import recipient_hash
from remit_notifier.service_layer.outcomes import event_fields
from remit_notifier.service_layer.unit_of_work import UnitOfWork, UowFactory

OptOutSource = Literal["sms_stop", "complaint", "provider"]


@dataclass(frozen=True, slots=True)
class StatusReport:
    """A provider's word about one message it accepted."""

    provider: str
    provider_message_id: str
    status: Literal["delivered", "bounced", "failed", "complaint"]
    reason: str | None = None
    bounce_type: Literal["hard", "soft"] = "hard"


async def apply_status(uow_factory: UowFactory, report: StatusReport, now: datetime) -> bool:
    """Apply a receipt/bounce/failure/complaint; False when the message is unknown."""
    async with uow_factory() as uow:
        row = await uow.deliveries.by_provider_message_id(
            report.provider, report.provider_message_id
        )
        if row is None:
            return False
        fields = event_fields(row, report.provider, now)
        if report.status == "complaint":
            await _opt_out(uow, row, "complaint", now)
            return True
        target = {"delivered": S.DELIVERED, "bounced": S.BOUNCED, "failed": S.FAILED}[report.status]
        new = advance(S(row.status), target)
        if new is None:
            return True
        extra = {"delivered_at": now} if new is S.DELIVERED else {"reason": report.reason}
        await uow.deliveries.transition(row.id, row.status, new, now, **extra)
        if new is S.DELIVERED:
            await uow.publish(NotificationDelivered(**fields), firm_id=row.firm_id, now=now)
        elif new is S.BOUNCED:
            await uow.publish(
                NotificationBounced(**fields, reason=report.reason, bounce_type=report.bounce_type),
                firm_id=row.firm_id,
                now=now,
            )
            if report.bounce_type == "hard":
                await _opt_out(uow, row, "provider", now)
        else:
            await uow.publish(
                NotificationFailed(
                    **fields, reason=report.reason, attempt=max(row.attempts, 1), final=True
                ),
                firm_id=row.firm_id,
                now=now,
            )
    return True


async def apply_sms_stop(uow_factory: UowFactory, phone: str, now: datetime) -> int:
    """A STOP from ``phone``: opt out every client we texted at that number; returns how many."""
    async with uow_factory() as uow:
        rows = await uow.deliveries.latest_to_recipient(recipient_hash(phone), "sms")
        for row in rows:
            await _opt_out(uow, row, "sms_stop", now, tied_to_reminder=False)
    return len(rows)


async def apply_sms_start(uow_factory: UowFactory, phone: str, now: datetime) -> int:
    """A START from ``phone``: lift the STOP opt-outs it caused; returns how many were lifted.

    Only opt-outs whose source is ``sms_stop`` are lifted: a firm's own list (``pms``), a
    complaint or a carrier opt-out stays. No event is published (there is no opted-in event
    in the contracts yet); the next reminder simply is sent again.
    """
    lifted = 0
    async with uow_factory() as uow:
        for row in await uow.deliveries.latest_to_recipient(recipient_hash(phone), "sms"):
            lifted += await uow.read.remove_opt_out(row.client_id, "sms", "sms_stop")
    return lifted


async def _opt_out(
    uow: UnitOfWork, row: Row, source: OptOutSource, now: datetime, tied_to_reminder: bool = True
) -> None:
    if not await uow.read.add_opt_out(row.firm_id, row.client_id, row.channel, source):
        return  # already opted out: no second event
    fields = event_fields(row, row.provider or "provider", now)
    if not tied_to_reminder:
        fields["reminder_id"] = None
    await uow.publish(NotificationOptedOut(**fields, source=source), firm_id=row.firm_id, now=now)
