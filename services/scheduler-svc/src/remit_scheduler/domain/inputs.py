"""What the timeline engine reads: the invoice, the client, and the reminders already sent.

These are the scheduler's own view of the world, built by the service layer from events
(and by the preview API from a request body); they deliberately do not reuse the event
payload models, so the engine does not change when a contract gains a field.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from remit_common.money import Money

from .policy import Channel

__all__ = ["ClientProfile", "InvoiceState", "InvoiceStatus", "PaymentRecord", "SentReminder"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class InvoiceStatus(StrEnum):
    """Lifecycle status as the scheduler sees it (drafts never reach the scheduler)."""

    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    VOIDED = "voided"
    WRITTEN_OFF = "written_off"
    DISPUTED = "disputed"


class InvoiceState(BaseModel):
    """The current state of one invoice; ``balance`` is what the client still owes."""

    model_config = _FROZEN

    invoice_id: str = Field(min_length=1)
    number: str = Field(min_length=1)
    client_id: str = Field(min_length=1)
    matter_id: str | None = None
    status: InvoiceStatus
    issue_date: date
    due_date: date | None = None
    balance: Money
    total: Money

    @model_validator(mode="after")
    def _same_currency(self) -> Self:
        if self.balance.currency != self.total.currency:
            raise ValueError("balance and total must be in the same currency")
        return self


class PaymentRecord(BaseModel):
    """One past invoice of the client: when it was due and when it was paid in full."""

    model_config = _FROZEN

    due_date: date
    paid_date: date

    @property
    def days_late(self) -> int:
        """Days after the due date (negative when paid early)."""
        return (self.paid_date - self.due_date).days


class ClientProfile(BaseModel):
    """The client facts that change what is sent: zone, opt-outs, trust funds, history."""

    model_config = _FROZEN

    client_id: str = Field(min_length=1)
    timezone: str | None = Field(default=None, description="IANA zone; None = firm's zone.")
    language: str = "en"
    opted_out_channels: frozenset[Channel] = frozenset()
    trust_balance: Money | None = None
    group: str | None = None
    payment_history: tuple[PaymentRecord, ...] = ()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value


class SentReminder(BaseModel):
    """One reminder already handed to a channel for this invoice (one record per channel)."""

    model_config = _FROZEN

    step_key: str
    channel: Channel
    sent_at: datetime
    opened: bool = False
    bounced: bool = False

    @field_validator("sent_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("sent_at must carry a UTC offset")
        return value
