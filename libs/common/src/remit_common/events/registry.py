"""The registry of event types: CloudEvents ``type`` -> payload model, and topic -> types.

``parse_event`` and the contracts exporter both read it; a new payload class only becomes
part of the contract once it is listed in ``_PAYLOADS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from remit_common.events.client_events import ClientUpdated
from remit_common.events.common import EventPayload
from remit_common.events.invoice_events import (
    InvoiceDisputed,
    InvoiceDisputeResolved,
    InvoiceIssued,
    InvoiceUpdated,
    InvoiceViewed,
    InvoiceVoided,
    InvoiceWrittenOff,
)
from remit_common.events.notification_events import (
    NotificationBounced,
    NotificationClicked,
    NotificationDelivered,
    NotificationFailed,
    NotificationOpened,
    NotificationOptedOut,
    NotificationSent,
)
from remit_common.events.payment_events import PaymentReceived, PaymentReversed
from remit_common.events.reminder_events import ReminderDue
from remit_common.events.statement_events import StatementBatchCompleted, StatementRendered
from remit_common.topics import ALL_TOPICS

__all__ = [
    "EVENT_TYPES",
    "EXTERNALLY_PRODUCED",
    "TOPIC_TYPES",
    "UnknownEventType",
    "model_for",
    "topic_for",
]

# Order = the architecture's table; it is also the order of the generated docs.
_PAYLOADS: tuple[type[EventPayload], ...] = (
    InvoiceIssued,
    InvoiceUpdated,
    InvoiceVoided,
    InvoiceWrittenOff,
    InvoiceViewed,
    InvoiceDisputed,
    InvoiceDisputeResolved,
    PaymentReceived,
    PaymentReversed,
    ClientUpdated,
    ReminderDue,
    NotificationSent,
    NotificationDelivered,
    NotificationBounced,
    NotificationFailed,
    NotificationOpened,
    NotificationClicked,
    NotificationOptedOut,
    StatementRendered,
    StatementBatchCompleted,
)


class UnknownEventType(LookupError):
    """No payload model is registered for this CloudEvents ``type``."""


def _build() -> tuple[Mapping[str, type[EventPayload]], Mapping[str, tuple[str, ...]]]:
    types: dict[str, type[EventPayload]] = {}
    by_topic: dict[str, list[str]] = {topic: [] for topic in ALL_TOPICS}
    for model in _PAYLOADS:
        if model.event_type in types:
            raise RuntimeError(f"event type {model.event_type} registered twice")
        if model.topic not in by_topic:
            raise RuntimeError(f"{model.__name__} names unknown topic {model.topic}")
        types[model.event_type] = model
        by_topic[model.topic].append(model.event_type)
    return (
        MappingProxyType(types),
        MappingProxyType({topic: tuple(names) for topic, names in by_topic.items()}),
    )


#: CloudEvents ``type`` -> payload model.
#: Topic name -> the event types published on it.
EVENT_TYPES, TOPIC_TYPES = _build()

#: Types that producers outside Remit (payment processor, client portal) may publish on
#: ``billing.invoice-events.v1``; invoice-svc applies them and republishes them complete.
EXTERNALLY_PRODUCED: frozenset[str] = frozenset(
    {InvoiceViewed.event_type, PaymentReceived.event_type, PaymentReversed.event_type}
)


def model_for(event_type: str) -> type[EventPayload]:
    """The payload model of ``event_type``; ``UnknownEventType`` if none is registered."""
    try:
        return EVENT_TYPES[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None


def topic_for(event_type: str) -> str:
    """The topic ``event_type`` is published on."""
    return model_for(event_type).topic
