"""Reminder events on ``billing.reminders.v1``: what the scheduler hands to the notifier.

One ``ReminderDue`` is one message to one client: with consolidation it lists several
invoices, each with its own balance, and the total.  It carries everything the notifier
renders (client contact snapshot, amounts, links), so the notifier only re-checks the
invoice state before sending.  Key = client id, so one client's reminders stay in order.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from remit_common.events.common import (
    Channel,
    EventPayload,
    LanguageTag,
    Snapshot,
    StepKind,
    Tone,
    UtcDatetime,
)
from remit_common.events.snapshots import ClientSnapshot, InvoiceStatus
from remit_common.money import Money
from remit_common.topics import REMINDERS

__all__ = ["Attachment", "PaymentRef", "ReminderDue", "ReminderInvoiceItem", "ReminderStep"]


class ReminderStep(Snapshot):
    """The policy step that produced the reminder."""

    index: int = Field(ge=0, description="Position in the invoice's timeline (0-based).")
    kind: StepKind
    tone: Tone = Tone.FRIENDLY
    offset_days: int | None = Field(
        None, description="Days from the anchor date (negative = before).", examples=[-7]
    )
    repeat: int | None = Field(
        None, ge=1, description="For repeated steps, which repetition (1-based)."
    )


class ReminderInvoiceItem(Snapshot):
    """One invoice listed in the message."""

    invoice_id: UUID
    number: str = Field(min_length=1, max_length=64, examples=["2025-0042"])
    matter_id: UUID | None = None
    matter_name: str | None = Field(None, max_length=300)
    issue_date: date
    due_date: date | None = None
    total: Money
    balance: Money = Field(description="Amount still owed, quoted to the client.")
    status: InvoiceStatus
    portal_url: str | None = Field(None, max_length=2000)


class PaymentRef(Snapshot):
    """The payment an acknowledgement or receipt is about."""

    payment_id: UUID
    amount: Money
    received_at: UtcDatetime


class Attachment(Snapshot):
    """A document the notifier fetches and attaches or links (e.g. a statement PDF)."""

    kind: Literal["statement", "invoice"]
    url: str = Field(max_length=2000, examples=["http://statement-svc:8004/v1/statements/x.pdf"])
    filename: str = Field(max_length=200, examples=["statement-2025-03.pdf"])
    media_type: str = Field("application/pdf", max_length=100)


class ReminderDue(EventPayload):
    """A reminder is due now: render it and send it over each listed channel once."""

    event_type = "remit.reminder.due.v1"
    topic = REMINDERS
    key_description = "client id"

    reminder_id: UUID = Field(description="With the channel, the notifier's send-once key.")
    client: ClientSnapshot
    audience: Literal["client", "firm"] = Field(
        "client", description="firm: a notice to the firm (e.g. trust_notice), not the client."
    )
    items: tuple[ReminderInvoiceItem, ...] = Field(min_length=1, max_length=200)
    consolidation: Literal["invoice", "matter", "client"] = "invoice"
    step: ReminderStep
    channels: tuple[Channel, ...] = Field(min_length=1, examples=[["email"]])
    template: str | None = Field(
        None, max_length=200, description="Template key; absent: the default for kind+tone."
    )
    total_due: Money = Field(description="Sum of the items' balances.")
    scheduled_for: UtcDatetime
    language: LanguageTag = Field(description="Language to render in (client's, or fallback).")
    payment: PaymentRef | None = Field(None, description="For payment_ack and receipt.")
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=10)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if len(set(self.channels)) != len(self.channels):
            raise ValueError("channels must not repeat")
        # One message quotes one currency: the scheduler consolidates per currency.
        currency = self.total_due.currency
        balances = [item.balance for item in self.items]
        if any(b.currency != currency for b in balances):
            raise ValueError(f"every item balance must be in {currency}, like total_due")
        if sum(balances, Money.zero(currency)) != self.total_due:
            raise ValueError("total_due must equal the sum of the items' balances")
        return self

    def event_subject(self) -> str | None:
        # Only a single-invoice reminder has one invoice as its subject.
        return str(self.items[0].invoice_id) if len(self.items) == 1 else None

    def partition_key(self) -> str:
        return str(self.client.id)
