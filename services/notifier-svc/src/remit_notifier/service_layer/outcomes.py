"""Recording what happened to one delivery attempt: state change plus its event, atomically.

Each function runs one unit of work that moves the row (guarded by the claimed attempt, so a
stale worker changes nothing) and stages the matching ``remit.notification.*`` event in the
outbox. A dead letter is written in the same transaction as the final failure.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from remit_common.events import (
    Channel,
    NotificationFailed,
    NotificationSent,
    StepKind,
)
from sqlalchemy import Row

from remit_notifier.domain.delivery import DeliveryStatus as S
from remit_notifier.domain.messages import ProviderReceipt
from remit_notifier.service_layer.metrics import DELIVERY_OUTCOMES
from remit_notifier.service_layer.unit_of_work import UnitOfWork, UowFactory


def event_fields(row: Row, provider: str, now: datetime) -> dict[str, Any]:
    """The fields every notification event about ``row`` carries (no personal data)."""
    return {
        "notification_id": row.id,
        "reminder_id": row.reminder_id,
        "client_id": row.client_id,
        "invoice_ids": tuple(row.invoice_ids),
        "step_kind": StepKind(row.step_kind),
        "channel": Channel(row.channel),
        "provider": provider or "none",
        "occurred_at": now,
        "recipient_hash": row.recipient_hash,
    }


async def dead_letter(uow: UnitOfWork, row: Row, reason: str, attempts: int) -> None:
    """Store the dead letter for ``row`` (listed at ``GET /v1/dead-letters``)."""
    await uow.deliveries.add_dead_letter(
        {
            "id": uuid4(),
            "delivery_id": row.id,
            "firm_id": row.firm_id,
            "channel": row.channel,
            "reason": reason[:2000],
            "attempts": attempts,
        }
    )


async def mark_sent(
    uow_factory: UowFactory,
    row: Row,
    receipt: ProviderReceipt,
    *,
    template: str,
    variant: str,
    recipient_hash: str,
    now: datetime,
) -> bool:
    async with uow_factory() as uow:
        moved = await uow.deliveries.transition(
            row.id,
            S.SENDING,
            S.SENT,
            now,
            attempt=row.attempts,
            provider=receipt.provider,
            provider_message_id=receipt.provider_message_id,
            template=template,
            variant=variant,
            recipient_hash=recipient_hash,
            sent_at=now,
            claimed_until=None,
            reason=None,
        )
        if moved:
            fields = event_fields(row, receipt.provider, now) | {"recipient_hash": recipient_hash}
            await uow.publish(
                NotificationSent(
                    **fields,
                    template=template,
                    variant=variant,
                    provider_message_id=receipt.provider_message_id,
                ),
                firm_id=row.firm_id,
                now=now,
            )
    DELIVERY_OUTCOMES.labels(row.channel, "sent").inc()
    return moved


async def mark_dropped(uow_factory: UowFactory, row: Row, reason: str, now: datetime) -> None:
    async with uow_factory() as uow:
        await uow.deliveries.transition(
            row.id,
            S.SENDING,
            S.DROPPED,
            now,
            attempt=row.attempts,
            reason=reason,
            claimed_until=None,
        )
    DELIVERY_OUTCOMES.labels(row.channel, "dropped").inc()


async def mark_deferred(
    uow_factory: UowFactory, row: Row, until: datetime, reason: str, now: datetime
) -> None:
    """Back to the queue until ``until``; the attempt is given back (it was not one)."""
    async with uow_factory() as uow:
        await uow.deliveries.transition(
            row.id,
            S.SENDING,
            S.QUEUED,
            now,
            attempt=row.attempts,
            next_attempt_at=until,
            attempts=row.attempts - 1,
            reason=reason,
            claimed_until=None,
        )
    DELIVERY_OUTCOMES.labels(row.channel, "deferred").inc()


async def mark_retry(
    uow_factory: UowFactory, row: Row, provider: str, reason: str, at: datetime, now: datetime
) -> None:
    async with uow_factory() as uow:
        moved = await uow.deliveries.transition(
            row.id,
            S.SENDING,
            S.QUEUED,
            now,
            attempt=row.attempts,
            next_attempt_at=at,
            reason=reason,
            claimed_until=None,
        )
        if moved:
            await uow.publish(
                NotificationFailed(
                    **event_fields(row, provider, now),
                    reason=reason,
                    attempt=row.attempts,
                    final=False,
                ),
                firm_id=row.firm_id,
                now=now,
            )
    DELIVERY_OUTCOMES.labels(row.channel, "retry").inc()


async def mark_failed(
    uow_factory: UowFactory,
    row: Row,
    provider: str,
    reason: str,
    now: datetime,
    expect: S = S.SENDING,
) -> None:
    """Final failure: the row fails, a dead letter is stored, ``failed(final)`` is published."""
    async with uow_factory() as uow:
        moved = await uow.deliveries.transition(
            row.id,
            expect,
            S.FAILED,
            now,
            attempt=row.attempts,
            reason=reason,
            claimed_until=None,
        )
        if moved:
            await dead_letter(uow, row, reason, row.attempts)
            await uow.publish(
                NotificationFailed(
                    **event_fields(row, provider, now),
                    reason=reason[:2000],
                    attempt=max(row.attempts, 1),
                    final=True,
                ),
                firm_id=row.firm_id,
                now=now,
            )
    DELIVERY_OUTCOMES.labels(row.channel, "failed").inc()
