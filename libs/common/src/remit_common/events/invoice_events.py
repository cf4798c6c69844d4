"""Invoice lifecycle events on ``billing.invoice-events.v1``.

Every invoice-scoped event names ``invoice_id`` (the CloudEvents subject and the Kafka key).
Events that only invoice-svc produces carry the full invoice, client and matter snapshots;
``remit.invoice.viewed.v1`` (like the payment events) may also come from an external producer
such as a client portal, which knows only the invoice id, so its snapshots are optional:
invoice-svc applies such a record and republishes it with the snapshots filled in.
"""

from __future__ import annotations

from typing import Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from remit_common.events.common import EventPayload, UtcDatetime
from remit_common.events.snapshots import ClientSnapshot, InvoiceSnapshot, MatterSnapshot
from remit_common.money import Money
from remit_common.topics import INVOICE_EVENTS

__all__ = [
    "InvoiceDisputeResolved",
    "InvoiceDisputed",
    "InvoiceFactEvent",
    "InvoiceIssued",
    "InvoiceScopedEvent",
    "InvoiceStateEvent",
    "InvoiceUpdated",
    "InvoiceViewed",
    "InvoiceVoided",
    "InvoiceWrittenOff",
]


class InvoiceScopedEvent(EventPayload):
    """Base: an event about one invoice, keyed by its id."""

    topic = INVOICE_EVENTS

    invoice_id: UUID = Field(description="Remit invoice id; the subject and Kafka key.")

    def event_subject(self) -> str:
        return str(self.invoice_id)

    def _check_snapshots(
        self,
        invoice: InvoiceSnapshot | None,
        client: ClientSnapshot | None,
        matter: MatterSnapshot | None,
    ) -> None:
        if invoice is None:
            return
        if invoice.id != self.invoice_id:
            raise ValueError("invoice.id differs from invoice_id")
        if client is not None and client.id != invoice.client_id:
            raise ValueError("client.id differs from invoice.client_id")
        if matter is not None and matter.id != invoice.matter_id:
            raise ValueError("matter.id differs from invoice.matter_id")


class InvoiceStateEvent(InvoiceScopedEvent):
    """Base: a change made by invoice-svc, with the state after it."""

    invoice: InvoiceSnapshot
    client: ClientSnapshot
    matter: MatterSnapshot | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        self._check_snapshots(self.invoice, self.client, self.matter)
        return self


class InvoiceFactEvent(InvoiceScopedEvent):
    """Base: a fact that external producers may also report (snapshots then absent)."""

    invoice: InvoiceSnapshot | None = Field(
        None, description="Set when invoice-svc publishes; absent from external producers."
    )
    client: ClientSnapshot | None = None
    matter: MatterSnapshot | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        self._check_snapshots(self.invoice, self.client, self.matter)
        return self


class InvoiceIssued(InvoiceStateEvent):
    """An invoice was issued: start its reminder timeline."""

    event_type = "remit.invoice.issued.v1"


class InvoiceUpdated(InvoiceStateEvent):
    """Due date, amounts or portal details of an issued invoice changed: replan."""

    event_type = "remit.invoice.updated.v1"

    changed_fields: tuple[str, ...] = Field(
        default=(),
        description="Snapshot fields whose value changed.",
        examples=[["due_date", "total", "balance"]],
    )


class InvoiceVoided(InvoiceStateEvent):
    """The invoice was voided: cancel everything pending."""

    event_type = "remit.invoice.voided.v1"

    voided_at: UtcDatetime
    reason: str | None = Field(None, max_length=2000, examples=["Issued in error"])


class InvoiceWrittenOff(InvoiceStateEvent):
    """The remaining balance was written off: cancel everything pending."""

    event_type = "remit.invoice.written_off.v1"

    written_off_at: UtcDatetime
    amount: Money = Field(description="The balance written off.")
    reason: str | None = Field(None, max_length=2000, examples=["Uncollectible"])


class InvoiceViewed(InvoiceFactEvent):
    """The client opened the invoice (portal, or a tracked link)."""

    event_type = "remit.invoice.viewed.v1"

    viewed_at: UtcDatetime
    via: Literal["portal", "email_link", "sms_link", "pms", "other"] = Field(
        "portal", description="Where the view happened."
    )
    external_id: str | None = Field(
        None, max_length=200, description="The producer's id for this view (deduplication)."
    )


class InvoiceDisputed(InvoiceStateEvent):
    """The client disputes the invoice: reminders pause until it is resolved."""

    event_type = "remit.invoice.disputed.v1"

    disputed_at: UtcDatetime
    disputed_amount: Money | None = Field(None, description="Absent: the whole invoice.")
    reason: str | None = Field(None, max_length=2000, examples=["Hours on 3 March contested"])


class InvoiceDisputeResolved(InvoiceStateEvent):
    """A dispute ended; reminders resume from the next step (replanned, not burst)."""

    event_type = "remit.invoice.dispute_resolved.v1"

    resolved_at: UtcDatetime
    resolution: Literal["upheld", "rejected", "adjusted", "withdrawn"] = Field(
        description="upheld: client was right (invoice changed or voided); rejected: "
        "invoice stands; adjusted: amounts changed; withdrawn: client withdrew the dispute."
    )
    note: str | None = Field(None, max_length=2000)
