"""Notification events on ``billing.notifications.v1``: delivery state per (reminder, channel).

They carry no personal data: the recipient appears only as a SHA-256 hash (enough to spot
repeat bounces), the scheduler needs the ids, channel and kind for escalation, and the
statement service needs them for KPIs (open, bounce and conversion rates by kind).
Key = client id, so one client's notification events stay in order.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from remit_common.events.common import Channel, EventPayload, Sha256Hex, StepKind, UtcDatetime
from remit_common.topics import NOTIFICATIONS

__all__ = [
    "NotificationBounced",
    "NotificationClicked",
    "NotificationDelivered",
    "NotificationEvent",
    "NotificationFailed",
    "NotificationOpened",
    "NotificationOptedOut",
    "NotificationSent",
]


class NotificationEvent(EventPayload):
    """Base: one state change of one notification."""

    topic = NOTIFICATIONS
    key_description = "client id"

    notification_id: UUID = Field(description="The notifier's id for (reminder, channel).")
    reminder_id: UUID | None = Field(
        None, description="Absent only for opt-outs not tied to a reminder (e.g. SMS STOP)."
    )
    client_id: UUID
    invoice_ids: tuple[UUID, ...] = Field(default=(), description="Invoices the message lists.")
    step_kind: StepKind | None = None
    channel: Channel
    provider: str = Field(min_length=1, max_length=100, examples=["smtp", "twilio"])
    occurred_at: UtcDatetime = Field(description="When the provider or tracker saw it.")
    reason: str | None = Field(
        None,
        max_length=2000,
        description="Why (for bounced, failed, opted_out); no personal data.",
        examples=["550 mailbox unavailable"],
    )
    recipient_hash: Sha256Hex | None = None

    def event_subject(self) -> str | None:
        return str(self.invoice_ids[0]) if len(self.invoice_ids) == 1 else None

    def partition_key(self) -> str:
        return str(self.client_id)


class NotificationSent(NotificationEvent):
    """Handed to the provider."""

    event_type = "remit.notification.sent.v1"
    status: Literal["sent"] = "sent"
    template: str | None = Field(None, max_length=200)
    variant: str | None = Field(
        None, max_length=20, description="A/B subject variant.", examples=["A"]
    )
    provider_message_id: str | None = Field(None, max_length=200)


class NotificationDelivered(NotificationEvent):
    """The provider confirmed delivery."""

    event_type = "remit.notification.delivered.v1"
    status: Literal["delivered"] = "delivered"


class NotificationBounced(NotificationEvent):
    """The recipient's server or carrier refused the message."""

    event_type = "remit.notification.bounced.v1"
    status: Literal["bounced"] = "bounced"
    bounce_type: Literal["hard", "soft"] = "hard"


class NotificationFailed(NotificationEvent):
    """Sending failed; ``final`` means retries are exhausted and a dead letter exists."""

    event_type = "remit.notification.failed.v1"
    status: Literal["failed"] = "failed"
    attempt: int = Field(1, ge=1)
    final: bool = Field(True, description="False while retries remain.")


class NotificationOpened(NotificationEvent):
    """The tracking pixel was loaded (or the provider reported an open)."""

    event_type = "remit.notification.opened.v1"
    status: Literal["opened"] = "opened"


class NotificationClicked(NotificationEvent):
    """A tracked link was followed."""

    event_type = "remit.notification.clicked.v1"
    status: Literal["clicked"] = "clicked"
    link: Literal["payment", "portal", "statement", "other"] = "payment"


class NotificationOptedOut(NotificationEvent):
    """The client asked not to be contacted on ``channel`` any more."""

    event_type = "remit.notification.opted_out.v1"
    status: Literal["opted_out"] = "opted_out"
    source: Literal["sms_stop", "unsubscribe_link", "complaint", "provider", "manual"]
