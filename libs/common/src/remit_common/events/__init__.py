"""Remit's event contracts: the CloudEvents envelope, every payload model, the registry.

Typical use::

    from remit_common.events import Envelope, InvoiceIssued, parse_event

    envelope = Envelope.new(InvoiceIssued(...), source="/remit/invoice-svc",
                            firm_id=firm_id, time=clock.now())
    producer.send(topic, key=envelope.partition_key(), value=envelope.to_json_bytes())

    match parse_event(record.value).data:          # raises InvalidEvent -> DLQ
        case InvoiceIssued() as issued: ...

Example instances for tests live in ``remit_common.events.examples``.
"""

from remit_common.events.client_events import ClientUpdated
from remit_common.events.common import (
    Channel,
    EventPayload,
    StepKind,
    Tone,
    dataschema_uri,
)
from remit_common.events.dlq import DeadLetter, EncodedBytes, HeaderEntry
from remit_common.events.envelope import (
    CLOUDEVENTS_CONTENT_TYPE,
    Envelope,
    InvalidEvent,
    describe_errors,
    parse_event,
)
from remit_common.events.invoice_events import (
    InvoiceDisputed,
    InvoiceDisputeResolved,
    InvoiceFactEvent,
    InvoiceIssued,
    InvoiceScopedEvent,
    InvoiceStateEvent,
    InvoiceUpdated,
    InvoiceViewed,
    InvoiceVoided,
    InvoiceWrittenOff,
)
from remit_common.events.notification_events import (
    NotificationBounced,
    NotificationClicked,
    NotificationDelivered,
    NotificationEvent,
    NotificationFailed,
    NotificationOpened,
    NotificationOptedOut,
    NotificationSent,
)
from remit_common.events.payment_events import PaymentMethod, PaymentReceived, PaymentReversed
from remit_common.events.registry import (
    EVENT_TYPES,
    EXTERNALLY_PRODUCED,
    TOPIC_TYPES,
    UnknownEventType,
    model_for,
    topic_for,
)
from remit_common.events.reminder_events import (
    Attachment,
    PaymentRef,
    ReminderDue,
    ReminderInvoiceItem,
    ReminderStep,
)
from remit_common.events.snapshots import (
    ClientSnapshot,
    DeliveryPreference,
    InvoiceSnapshot,
    InvoiceStatus,
    LineItem,
    MatterSnapshot,
    PostalAddress,
)
from remit_common.events.statement_events import (
    BatchFailure,
    StatementBatchCompleted,
    StatementRendered,
)

__all__ = [
    "CLOUDEVENTS_CONTENT_TYPE",
    "EVENT_TYPES",
    "EXTERNALLY_PRODUCED",
    "TOPIC_TYPES",
    "Attachment",
    "BatchFailure",
    "Channel",
    "ClientSnapshot",
    "ClientUpdated",
    "DeadLetter",
    "DeliveryPreference",
    "EncodedBytes",
    "Envelope",
    "EventPayload",
    "HeaderEntry",
    "InvalidEvent",
    "InvoiceDisputeResolved",
    "InvoiceDisputed",
    "InvoiceFactEvent",
    "InvoiceIssued",
    "InvoiceScopedEvent",
    "InvoiceSnapshot",
    "InvoiceStateEvent",
    "InvoiceStatus",
    "InvoiceUpdated",
    "InvoiceViewed",
    "InvoiceVoided",
    "InvoiceWrittenOff",
    "LineItem",
    "MatterSnapshot",
    "NotificationBounced",
    "NotificationClicked",
    "NotificationDelivered",
    "NotificationEvent",
    "NotificationFailed",
    "NotificationOpened",
    "NotificationOptedOut",
    "NotificationSent",
    "PaymentMethod",
    "PaymentReceived",
    "PaymentRef",
    "PaymentReversed",
    "PostalAddress",
    "ReminderDue",
    "ReminderInvoiceItem",
    "ReminderStep",
    "StatementBatchCompleted",
    "StatementRendered",
    "StepKind",
    "Tone",
    "UnknownEventType",
    "dataschema_uri",
    "describe_errors",
    "model_for",
    "parse_event",
    "topic_for",
]
