"""Dead-letter records: the original bytes, untouched, plus headers that say what went wrong.

Header names follow Spring Kafka's widely understood ``kafka_dlt-*`` convention, with a few
``remit_dlt-*`` additions. The value and key are the original ones, so a replay is simply a
re-publish of the value to the original topic.
"""

from datetime import UTC, datetime

from aiokafka.structs import ConsumerRecord

from remit_common.kafka.records import OutgoingRecord
from remit_common.topics import dlq_topic

__all__ = ["dead_letter", "dlq_topic"]

ORIGINAL_TOPIC = "kafka_dlt-original-topic"
ORIGINAL_PARTITION = "kafka_dlt-original-partition"
ORIGINAL_OFFSET = "kafka_dlt-original-offset"
ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp"
EXCEPTION_MESSAGE = "kafka_dlt-exception-message"
EXCEPTION_CLASS = "kafka_dlt-exception-fqcn"
CONSUMER_GROUP = "kafka_dlt-original-consumer-group"
ATTEMPTS = "remit_dlt-attempts"
FAILED_AT = "remit_dlt-failed-at"

DLQ_HEADER_NAMES = frozenset(
    {
        ORIGINAL_TOPIC,
        ORIGINAL_PARTITION,
        ORIGINAL_OFFSET,
        ORIGINAL_TIMESTAMP,
        EXCEPTION_MESSAGE,
        EXCEPTION_CLASS,
        CONSUMER_GROUP,
        ATTEMPTS,
        FAILED_AT,
    }
)

# Reasons are written by Remit's own code, but keep them bounded in case one quotes input.
MAX_REASON_BYTES = 2_000


def dead_letter(
    record: ConsumerRecord,
    *,
    error: BaseException,
    consumer_group: str,
    attempts: int,
    failed_at: datetime | None = None,
) -> OutgoingRecord:
    """Build the dead-letter record for ``record`` that failed with ``error``."""
    reason = (str(error) or type(error).__name__).encode()[:MAX_REASON_BYTES]
    when = (failed_at or datetime.now(UTC)).isoformat()
    original = [(k, v) for k, v in (record.headers or ()) if k not in DLQ_HEADER_NAMES]
    added = [
        (ORIGINAL_TOPIC, record.topic.encode()),
        (ORIGINAL_PARTITION, str(record.partition).encode()),
        (ORIGINAL_OFFSET, str(record.offset).encode()),
        (ORIGINAL_TIMESTAMP, str(record.timestamp).encode()),
        (EXCEPTION_MESSAGE, reason),
        (EXCEPTION_CLASS, f"{type(error).__module__}.{type(error).__qualname__}".encode()),
        (CONSUMER_GROUP, consumer_group.encode()),
        (ATTEMPTS, str(attempts).encode()),
        (FAILED_AT, when.encode()),
    ]
    return OutgoingRecord(
        topic=dlq_topic(record.topic),
        key=record.key,
        value=record.value if record.value is not None else b"",
        headers=tuple(original + added),
    )
