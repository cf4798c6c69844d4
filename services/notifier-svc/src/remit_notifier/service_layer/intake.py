"""Accepting a due reminder: one queued delivery per channel, created at most once.

Runs in the Kafka handler, in one unit of work with the inbox claim: a redelivered record
(same event id) is skipped by the inbox, and a re-published reminder (new event id, same
reminder id) is stopped by the deliveries table's unique (reminder_id, channel) key. Nothing
is sent here; the dispatcher claims the queued rows.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from uuid import UUID, uuid4

from remit_common.events import Envelope, ReminderDue

from remit_notifier.domain.delivery import DeliveryStatus as S
from remit_notifier.domain.tracking import new_nonce
from remit_notifier.service_layer.unit_of_work import UowFactory

CONSUMER = "notifier.reminders"


def recipient_hash(recipient: str) -> str:
    """SHA-256 of the normalised address: events and lookups never carry the address itself."""
    return hashlib.sha256(recipient.strip().lower().encode()).hexdigest()


async def accept_reminder(
    uow_factory: UowFactory, envelope: Envelope[ReminderDue], now: datetime
) -> list[UUID]:
    """Record the reminder and queue its channels; returns the ids of deliveries created."""
    reminder = envelope.data
    created: list[UUID] = []
    async with uow_factory() as uow:
        if not await uow.first_delivery(CONSUMER, envelope.id):
            return []
        await uow.deliveries.add_reminder(
            {
                "reminder_id": reminder.reminder_id,
                "firm_id": envelope.firmid,
                "client_id": reminder.client.id,
                "event_id": envelope.id,
                "payload": reminder.model_dump(mode="json"),
            }
        )
        for channel in reminder.channels:
            opted_out = channel in reminder.client.opted_out_channels or (
                await uow.read.opted_out(reminder.client.id, channel.value)
            )
            row = {
                "id": uuid4(),
                "reminder_id": reminder.reminder_id,
                "channel": channel.value,
                "firm_id": envelope.firmid,
                "client_id": reminder.client.id,
                "invoice_ids": [i.invoice_id for i in reminder.items],
                "step_kind": reminder.step.kind.value,
                "status": S.DROPPED if opted_out else S.QUEUED,
                "reason": f"client opted out of {channel.value}" if opted_out else None,
                "next_attempt_at": now,
                "tracking_nonce": new_nonce(),
            }
            if await uow.deliveries.add_delivery(row):
                created.append(row["id"])
    return created
