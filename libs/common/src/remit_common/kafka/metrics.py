"""Prometheus metrics for Kafka consumers and the outbox relay."""

from prometheus_client import Counter, Gauge

RECORDS_PROCESSED = Counter(
    "remit_consumer_records_total",
    "Records a consumer finished, by outcome (applied, dead_lettered).",
    ["group", "topic", "outcome"],
)
RECORD_FAILURES = Counter(
    "remit_consumer_failures_total",
    "Handler failures, by kind (record, infrastructure, permanent).",
    ["group", "topic", "kind"],
)
CONSUMER_LAG = Gauge(
    "remit_consumer_lag",
    "Records behind the partition's high-water mark after the last batch.",
    ["group", "topic", "partition"],
)
OUTBOX_PUBLISHED = Counter(
    "remit_outbox_published_total", "Outbox rows published to Kafka.", ["topic"]
)
OUTBOX_PENDING = Gauge("remit_outbox_pending", "Outbox rows not yet published.")
OUTBOX_OLDEST_AGE = Gauge(
    "remit_outbox_oldest_pending_seconds", "Age of the oldest unpublished outbox row."
)
