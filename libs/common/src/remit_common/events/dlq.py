"""The dead-letter record written to ``<topic>.dlq`` when a consumer gives up on a record.

It keeps the original record byte-exact (key, value and headers; UTF-8 text when the bytes
are text, base64 otherwise) so it can be inspected and replayed onto the original topic,
plus why it failed, where, and after how many attempts.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import to_json

from remit_common.events.common import UtcDatetime

__all__ = ["DeadLetter", "EncodedBytes", "HeaderEntry"]

_MAX_REASON = 4000


class EncodedBytes(BaseModel):
    """Bytes as JSON: readable text when they are UTF-8, base64 otherwise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    encoding: Literal["utf-8", "base64"]
    data: str

    @classmethod
    def of(cls, raw: bytes) -> Self:
        try:
            return cls(encoding="utf-8", data=raw.decode("utf-8"))
        except UnicodeDecodeError:
            return cls(encoding="base64", data=base64.b64encode(raw).decode("ascii"))

    @model_validator(mode="after")
    def _decodable(self) -> Self:
        if self.encoding == "base64":
            try:
                base64.b64decode(self.data, validate=True)
            except binascii.Error:
                raise ValueError("data is not valid base64") from None
        return self

    def to_bytes(self) -> bytes:
        if self.encoding == "utf-8":
            return self.data.encode("utf-8")
        return base64.b64decode(self.data)


class HeaderEntry(BaseModel):
    """One Kafka header (keys may repeat, so headers are a list, not a map)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    value: EncodedBytes | None = None


class DeadLetter(BaseModel):
    """A record a consumer could not process, with the reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: str = Field(
        description="The topic the record was read from.", examples=["billing.invoice-events.v1"]
    )
    partition: int = Field(ge=0)
    offset: int = Field(ge=0)
    timestamp_ms: int | None = Field(None, description="The original record's timestamp.")
    key: EncodedBytes | None = None
    value: EncodedBytes | None = Field(description="The original value (None: tombstone).")
    headers: tuple[HeaderEntry, ...] = Field(
        default=(), description="Original headers, traceparent included."
    )
    error_reason: str = Field(
        min_length=1,
        max_length=_MAX_REASON,
        examples=["invalid remit.payment.received.v1 event: ..."],
    )
    error_type: str = Field(description="Exception class name.", examples=["InvalidEvent"])
    consumer_group: str = Field(examples=["scheduler-svc"])
    attempt_count: int = Field(ge=1, description="Attempts made before giving up.")
    failed_at: UtcDatetime
    event_id: str | None = Field(None, description="CloudEvents id, when it could be read.")
    event_type: str | None = Field(None, description="CloudEvents type, when known.")

    @classmethod
    def build(
        cls,
        *,
        topic: str,
        partition: int,
        offset: int,
        key: bytes | None,
        value: bytes | None,
        headers: Sequence[tuple[str, bytes | None]],
        error: BaseException | str,
        consumer_group: str,
        attempt_count: int,
        failed_at: datetime,
        timestamp_ms: int | None = None,
        event_id: str | None = None,
        event_type: str | None = None,
    ) -> Self:
        """Describe a failed record (arguments as aiokafka's ConsumerRecord has them)."""
        if isinstance(error, BaseException):
            reason, error_type = str(error) or repr(error), type(error).__name__
        else:
            reason, error_type = error, "Error"
        return cls(
            topic=topic,
            partition=partition,
            offset=offset,
            timestamp_ms=timestamp_ms,
            key=None if key is None else EncodedBytes.of(key),
            value=None if value is None else EncodedBytes.of(value),
            headers=tuple(
                HeaderEntry(key=k, value=None if v is None else EncodedBytes.of(v))
                for k, v in headers
            ),
            error_reason=reason[:_MAX_REASON],
            error_type=error_type,
            consumer_group=consumer_group,
            attempt_count=attempt_count,
            failed_at=failed_at,
            event_id=event_id,
            event_type=event_type,
        )

    @classmethod
    def from_dlq_record(
        cls, *, key: bytes | None, value: bytes | None, headers: Sequence[tuple[str, bytes | None]]
    ) -> Self:
        """Read a record from a ``.dlq`` topic as written by ``remit_common.kafka.dlq``.

        The failure details travel in ``kafka_dlt-*`` headers there; the other headers are
        the original record's.  Imported lazily: the contracts never need the Kafka client.
        """
        from remit_common.kafka import dlq as wire

        meta = {
            k: (v or b"").decode("utf-8", "replace")
            for k, v in headers
            if k in wire.DLQ_HEADER_NAMES
        }
        missing = sorted(wire.DLQ_HEADER_NAMES - meta.keys())
        if missing:
            raise ValueError(f"not a dead-letter record: missing headers {missing}")
        timestamp = meta[wire.ORIGINAL_TIMESTAMP]
        return cls.build(
            topic=meta[wire.ORIGINAL_TOPIC],
            partition=int(meta[wire.ORIGINAL_PARTITION]),
            offset=int(meta[wire.ORIGINAL_OFFSET]),
            timestamp_ms=int(timestamp) if timestamp.lstrip("-").isdigit() else None,
            key=key,
            value=value,
            headers=[(k, v) for k, v in headers if k not in wire.DLQ_HEADER_NAMES],
            error=meta[wire.EXCEPTION_MESSAGE] or "(no reason given)",
            consumer_group=meta[wire.CONSUMER_GROUP],
            attempt_count=int(meta[wire.ATTEMPTS]),
            failed_at=datetime.fromisoformat(meta[wire.FAILED_AT]),
        ).model_copy(update={"error_type": meta[wire.EXCEPTION_CLASS].rsplit(".", 1)[-1]})

    def original_key(self) -> bytes | None:
        return None if self.key is None else self.key.to_bytes()

    def original_value(self) -> bytes | None:
        return None if self.value is None else self.value.to_bytes()

    def original_headers(self) -> list[tuple[str, bytes | None]]:
        return [(h.key, None if h.value is None else h.value.to_bytes()) for h in self.headers]

    def to_json_bytes(self) -> bytes:
        return to_json(self.model_dump(mode="json"))

    @classmethod
    def from_json_bytes(cls, raw: bytes | str) -> Self:
        return cls.model_validate_json(raw)
