"""The dead-letter record model: byte-exact, and readable from the Kafka plumbing's format."""

from datetime import UTC, datetime

from aiokafka.structs import ConsumerRecord
from remit_common.events import DeadLetter, InvalidEvent, parse_event
from remit_common.events import examples as ex
from remit_common.kafka.dlq import dead_letter
from remit_common.topics import INVOICE_EVENTS, dlq_topic

FAILED_AT = datetime(2025, 3, 14, 14, 5, tzinfo=UTC)
TRACE = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def failure() -> InvalidEvent:
    try:
        parse_event(b'{"type": "remit.invoice.exploded.v1"}')
    except InvalidEvent as error:
        return error
    raise AssertionError("expected InvalidEvent")


def test_build_keeps_the_record_byte_exact() -> None:
    value = b"\xff\x00 not utf-8"
    letter = DeadLetter.build(
        topic=INVOICE_EVENTS,
        partition=3,
        offset=42,
        key=ex.INVOICE_ID.bytes,
        value=value,
        headers=[("traceparent", TRACE), ("empty", None)],
        error=failure(),
        consumer_group="scheduler-svc",
        attempt_count=5,
        failed_at=FAILED_AT,
    )
    assert letter.value is not None and letter.value.encoding == "base64"
    restored = DeadLetter.from_json_bytes(letter.to_json_bytes())
    assert restored == letter
    assert restored.original_value() == value
    assert restored.original_key() == ex.INVOICE_ID.bytes
    assert restored.original_headers() == [("traceparent", TRACE), ("empty", None)]
    assert restored.error_type == "InvalidEvent"
    assert restored.error_reason == "unknown event type 'remit.invoice.exploded.v1'"


def test_text_values_stay_readable() -> None:
    raw = ex.example_envelope("remit.invoice.viewed.v1").to_json_bytes()
    letter = DeadLetter.build(
        topic=INVOICE_EVENTS,
        partition=0,
        offset=1,
        key=None,
        value=raw,
        headers=[],
        error="unknown invoice after grace period",
        consumer_group="invoice-svc",
        attempt_count=1,
        failed_at=FAILED_AT,
        event_type="remit.invoice.viewed.v1",
    )
    assert letter.value is not None and letter.value.encoding == "utf-8"
    assert letter.value.data == raw.decode()
    assert letter.error_type == "Error"


def test_reads_the_kafka_plumbing_dead_letter_format() -> None:
    raw = ex.example_envelope("remit.invoice.viewed.v1").to_json_bytes()
    record = ConsumerRecord(
        topic=INVOICE_EVENTS,
        partition=2,
        offset=7,
        timestamp=1741960800000,
        timestamp_type=0,
        key=b"k",
        value=raw,
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=len(raw),
        headers=[("traceparent", TRACE)],
    )
    outgoing = dead_letter(
        record, error=failure(), consumer_group="scheduler-svc", attempts=4, failed_at=FAILED_AT
    )
    assert outgoing.topic == dlq_topic(INVOICE_EVENTS)
    letter = DeadLetter.from_dlq_record(
        key=outgoing.key, value=outgoing.value, headers=list(outgoing.headers)
    )
    assert (letter.topic, letter.partition, letter.offset) == (INVOICE_EVENTS, 2, 7)
    assert letter.timestamp_ms == 1741960800000
    assert letter.consumer_group == "scheduler-svc" and letter.attempt_count == 4
    assert letter.failed_at == FAILED_AT
    assert letter.error_type == "InvalidEvent"
    assert letter.original_value() == raw
    assert letter.original_headers() == [("traceparent", TRACE)]
