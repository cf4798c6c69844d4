"""Client events on ``billing.invoice-events.v1`` (keyed by client id, no subject)."""

from __future__ import annotations

from pydantic import Field

from remit_common.events.common import EventPayload
from remit_common.events.snapshots import ClientSnapshot
from remit_common.topics import INVOICE_EVENTS

__all__ = ["ClientUpdated"]


class ClientUpdated(EventPayload):
    """A client's contact details, preferences, opt-outs or trust balance changed."""

    event_type = "remit.client.updated.v1"
    topic = INVOICE_EVENTS
    key_description = "client id"

    client: ClientSnapshot
    changed_fields: tuple[str, ...] = Field(
        default=(),
        description="Snapshot fields whose value changed.",
        examples=[["opted_out_channels", "trust_balance"]],
    )

    def partition_key(self) -> str:
        return str(self.client.id)
