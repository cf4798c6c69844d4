"""Pure parts of the Kafka plumbing: dead-letter records, backoff, failure classification."""

import random
from datetime import UTC, datetime

import pytest
from aiokafka.structs import ConsumerRecord
from hypothesis import given
from hypothesis import strategies as st
from remit_common.kafka import dlq
from remit_common.kafka.errors import PermanentError, is_infrastructure_error
from remit_common.kafka.records import headers_from_mapping, headers_to_dict
from remit_common.kafka.retry import RetryPolicy
from sqlalchemy.exc import OperationalError


def _record(**overrides) -> ConsumerRecord:
    fields = dict(
        topic="billing.invoice-events.v1",
        partition=2,
        offset=41,
        timestamp=1_700_000_000_000,
        timestamp_type=0,
        key=b"inv-1",
        value=b'{"id": "x"}',
        checksum=None,
        serialized_key_size=5,
        serialized_value_size=11,
        headers=(("traceparent", b"00-abc"), (dlq.ATTEMPTS, b"9")),
    )
    return ConsumerRecord(**(fields | overrides))


def test_dead_letter_keeps_the_original_bytes_and_says_why():
    failed_at = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    out = dlq.dead_letter(
        _record(),
        error=PermanentError("data.amount_minor: floats are not money"),
        consumer_group="scheduler-svc",
        attempts=1,
        failed_at=failed_at,
    )
    headers = headers_to_dict(out.headers)
    assert out.topic == "billing.invoice-events.v1.dlq"
    assert (out.key, out.value) == (b"inv-1", b'{"id": "x"}')
    assert headers["traceparent"] == "00-abc"
    assert headers[dlq.ORIGINAL_PARTITION] == "2"
    assert headers[dlq.ORIGINAL_OFFSET] == "41"
    assert headers[dlq.EXCEPTION_MESSAGE] == "data.amount_minor: floats are not money"
    assert headers[dlq.CONSUMER_GROUP] == "scheduler-svc"
    assert headers[dlq.FAILED_AT] == failed_at.isoformat()
    # A record replayed from a DLQ and failing again carries only the new attempt count.
    assert [v for k, v in out.headers if k == dlq.ATTEMPTS] == [b"1"]


def test_dead_letter_reason_is_bounded():
    out = dlq.dead_letter(_record(), error=ValueError("x" * 10_000), consumer_group="g", attempts=5)
    assert len(headers_to_dict(out.headers)[dlq.EXCEPTION_MESSAGE]) == dlq.MAX_REASON_BYTES


def test_dead_letter_of_a_tombstone_has_an_empty_value():
    out = dlq.dead_letter(
        _record(value=None), error=ValueError("no"), consumer_group="g", attempts=1
    )
    assert out.value == b""


@given(st.integers(min_value=1, max_value=50), st.integers(min_value=0, max_value=2**32))
def test_backoff_never_exceeds_its_ceiling(attempt, seed):
    policy = RetryPolicy(max_attempts=5, initial_backoff_s=0.2, max_backoff_s=10)
    delay = policy.backoff(attempt, random.Random(seed))
    assert 0 <= delay <= min(10, 0.2 * 2 ** (attempt - 1))


def test_retry_policy_refuses_nonsense():
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(initial_backoff_s=5, max_backoff_s=1)


def test_outages_are_infrastructure_errors_but_bad_records_are_not():
    assert is_infrastructure_error(ConnectionRefusedError())
    assert is_infrastructure_error(TimeoutError())
    assert is_infrastructure_error(OperationalError("SELECT 1", {}, Exception("gone")))
    assert not is_infrastructure_error(ValueError("bad amount"))
    assert not is_infrastructure_error(KeyError("invoice"))


def test_headers_round_trip_as_text():
    headers = headers_from_mapping({"traceparent": "00-a", "b": b"\xff"})
    assert headers_to_dict(headers) == {"b": "ff", "traceparent": "00-a"}


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize("sqlstate", ["57P01", "57P03", "08006", "08001"])
def test_postgres_saying_it_is_down_is_an_infrastructure_error(sqlstate):
    wrapped = RuntimeError("statement failed")
    wrapped.__cause__ = _PgError(sqlstate)
    assert is_infrastructure_error(wrapped)


def test_a_constraint_violation_is_not_an_infrastructure_error():
    assert not is_infrastructure_error(_PgError("23505"))
