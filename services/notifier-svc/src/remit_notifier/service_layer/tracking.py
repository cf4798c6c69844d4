"""Open pixel, click redirect and one-click unsubscribe: record once, publish once.

The first open (or click) of a delivery sets its timestamp, advances its status where the state
machine allows, and publishes the event; later ones change nothing. A click always redirects,
even when the delivery is gone, so a client's "pay" button never breaks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from remit_common.events import (
    NotificationClicked,
    NotificationOpened,
    NotificationOptedOut,
    ReminderDue,
)

from remit_notifier.domain.compose import payment_target
from remit_notifier.domain.delivery import DeliveryStatus, advance
from remit_notifier.domain.tracking import verify_token
from remit_notifier.service_layer.outcomes import event_fields
from remit_notifier.service_layer.unit_of_work import UowFactory


async def record_open(uow_factory: UowFactory, secret: bytes, token: str, now: datetime) -> None:
    """Apply an open-pixel hit (silently ignores bad tokens: the pixel is always served)."""
    await _record(uow_factory, secret, token, "o", now)


async def record_click(
    uow_factory: UowFactory, secret: bytes, token: str, now: datetime
) -> str | None:
    """Apply a click; returns where to redirect (None for an unknown token)."""
    return await _record(uow_factory, secret, token, "c", now)


async def _record(
    uow_factory: UowFactory, secret: bytes, token: str, purpose: Literal["o", "c"], now: datetime
) -> str | None:
    nonce = verify_token(secret, purpose, token)
    if nonce is None:
        return None
    async with uow_factory() as uow:
        row = await uow.deliveries.by_nonce(nonce)
        if row is None:
            return None
        column, target_status = (
            ("opened_at", DeliveryStatus.OPENED)
            if purpose == "o"
            else ("clicked_at", DeliveryStatus.CLICKED)
        )
        if getattr(row, column) is None:
            new = advance(DeliveryStatus(row.status), target_status)
            await uow.deliveries.transition(
                row.id, row.status, new or DeliveryStatus(row.status), now, **{column: now}
            )
            fields = event_fields(row, row.provider or "tracking", now)
            event = (
                NotificationOpened(**fields)
                if purpose == "o"
                else NotificationClicked(**fields, link="payment")
            )
            await uow.publish(event, firm_id=row.firm_id, now=now)
        if purpose == "o":
            return None
        payload = await uow.deliveries.reminder_payload(row.reminder_id)
        reminder = ReminderDue.model_validate(payload)
        firm = await uow.read.firm(row.firm_id)
    if firm is None:
        return next((i.portal_url for i in reminder.items if i.portal_url), None)
    return payment_target(reminder.items, firm)


async def unsubscribe(uow_factory: UowFactory, secret: bytes, token: str, now: datetime) -> bool:
    """One-click unsubscribe from e-mail (RFC 8058); True when the token was valid."""
    nonce = verify_token(secret, "u", token)
    if nonce is None:
        return False
    async with uow_factory() as uow:
        row = await uow.deliveries.by_nonce(nonce)
        if row is None:
            return False
        if await uow.read.add_opt_out(row.firm_id, row.client_id, row.channel, "unsubscribe_link"):
            await uow.publish(
                NotificationOptedOut(
                    **event_fields(row, row.provider or "tracking", now), source="unsubscribe_link"
                ),
                firm_id=row.firm_id,
                now=now,
            )
    return True
