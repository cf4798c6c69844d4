"""Kafka topic names and who produces and consumes each topic.

The one place topic names are spelled (services never copy them).  ``TOPIC_ROUTES`` records
the producing and consuming services; the AsyncAPI export turns it into send/receive
operations, so change it here when a service starts or stops consuming a topic.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ALL_TOPICS",
    "DLQ_SUFFIX",
    "EXTERNAL_PRODUCER",
    "INVOICE_EVENTS",
    "NOTIFICATIONS",
    "REMINDERS",
    "STATEMENTS",
    "TOPIC_ROUTES",
    "TopicRoute",
    "dlq_topic",
    "is_dlq_topic",
]

INVOICE_EVENTS = "billing.invoice-events.v1"
REMINDERS = "billing.reminders.v1"
NOTIFICATIONS = "billing.notifications.v1"
STATEMENTS = "billing.statements.v1"

#: The four event topics, in the order the architecture lists them.
ALL_TOPICS: tuple[str, ...] = (INVOICE_EVENTS, REMINDERS, NOTIFICATIONS, STATEMENTS)

DLQ_SUFFIX = ".dlq"

#: Pseudo-service name for producers outside Remit (PMS, payment processor, client portal).
EXTERNAL_PRODUCER = "external"


def dlq_topic(topic: str) -> str:
    """The dead-letter topic of ``topic`` (``billing.reminders.v1`` -> ``...v1.dlq``)."""
    if is_dlq_topic(topic):
        raise ValueError(f"{topic!r} is already a dead-letter topic")
    return f"{topic}{DLQ_SUFFIX}"


def is_dlq_topic(topic: str) -> bool:
    return topic.endswith(DLQ_SUFFIX)


@dataclass(frozen=True, slots=True)
class TopicRoute:
    """Which services write to and read from a topic (service names as in ``services/``)."""

    topic: str
    producers: tuple[str, ...]
    consumers: tuple[str, ...]
    description: str


TOPIC_ROUTES: dict[str, TopicRoute] = {
    INVOICE_EVENTS: TopicRoute(
        INVOICE_EVENTS,
        producers=("invoice-svc", EXTERNAL_PRODUCER),
        # invoice-svc reads back the payments and views that external producers publish.
        consumers=("invoice-svc", "scheduler-svc", "notifier-svc", "statement-svc"),
        description="Invoice, payment and client changes; key = invoice id (client id for "
        "client events), so one invoice's events stay in order.",
    ),
    REMINDERS: TopicRoute(
        REMINDERS,
        producers=("scheduler-svc",),
        consumers=("notifier-svc", "statement-svc"),
        description="Reminders that are due now, consolidated per client; key = client id.",
    ),
    NOTIFICATIONS: TopicRoute(
        NOTIFICATIONS,
        producers=("notifier-svc",),
        consumers=("scheduler-svc", "statement-svc", "invoice-svc"),
        description="Delivery state of each (reminder, channel) and opt-outs; key = client id.",
    ),
    STATEMENTS: TopicRoute(
        STATEMENTS,
        producers=("statement-svc",),
        consumers=("notifier-svc",),
        description="Rendered statements and completed bulk batches; key = client or batch id.",
    ),
}
