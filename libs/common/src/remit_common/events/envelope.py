"""The CloudEvents 1.0 envelope (JSON structured mode) and the one parser of Kafka records.

Producers build records with ``Envelope.new(payload, ...)`` and ``to_json_bytes()``;
consumers call ``parse_event(raw)``, which returns a typed ``Envelope[Model]`` or raises
``InvalidEvent`` with a readable reason (the text that goes into the dead-letter record).
Reasons name fields and input types but never echo values: records hold personal data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, Literal, Self, TypeVar
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import from_json, to_json

from remit_common.events.common import EventPayload, UtcDatetime
from remit_common.events.registry import EVENT_TYPES
from remit_common.kafka.errors import PermanentError

__all__ = ["CLOUDEVENTS_CONTENT_TYPE", "Envelope", "InvalidEvent", "parse_event"]

#: Kafka ``content-type`` header value for structured-mode CloudEvents.
CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8"

DataT = TypeVar("DataT", bound=EventPayload)
P = TypeVar("P", bound=EventPayload)

_MAX_REASONS = 8


class InvalidEvent(PermanentError, ValueError):
    """A record that is not a valid Remit event; ``reason`` says why, in plain words.

    Permanent: retrying cannot fix it, so a consumer dead-letters it at once.
    """

    def __init__(
        self, reason: str, *, event_type: str | None = None, event_id: str | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.event_type = event_type
        self.event_id = event_id


class Envelope(BaseModel, Generic[DataT]):
    """A CloudEvents 1.0 event whose ``data`` is a Remit payload (always parametrised)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    specversion: Literal["1.0"] = Field(description="CloudEvents version.")
    id: UUID = Field(description="Unique per event; the consumers' idempotency key.")
    type: str = Field(
        pattern=r"^remit\.[a-z_]+\.[a-z_]+\.v[0-9]+$", examples=["remit.invoice.issued.v1"]
    )
    source: str = Field(
        min_length=1,
        max_length=500,
        pattern=r"^\S+$",
        description="URI-reference of the producer.",
        examples=["/remit/invoice-svc"],
    )
    time: UtcDatetime
    subject: str | None = Field(
        None, max_length=200, description="The invoice id, for invoice-scoped events."
    )
    firmid: UUID = Field(description="Tenant (law firm) id.")
    dataschema: str | None = Field(
        None, max_length=500, description="URI of the JSON Schema of this type."
    )
    datacontenttype: Literal["application/json"] = "application/json"
    data: DataT

    @model_validator(mode="after")
    def _matches_payload(self) -> Self:
        model = type(self.data)
        if self.type != model.event_type:
            raise ValueError(f"type {self.type} does not match the payload {model.event_type}")
        if self.dataschema is not None and self.dataschema != model.dataschema():
            raise ValueError(f"dataschema must be {model.dataschema()}")
        expected = self.data.event_subject()
        if expected is not None and self.subject != expected:
            raise ValueError("subject must be the invoice id (data.invoice_id)")
        return self

    @classmethod
    def new(
        cls,
        data: P,
        *,
        source: str,
        firm_id: UUID,
        time: datetime,
        subject: str | None = None,
        id: UUID | None = None,  # noqa: A002 - the CloudEvents attribute name
    ) -> Envelope[P]:
        """Wrap ``data`` in an envelope.

        ``time`` comes from the service's clock (never read the wall clock here).
        ``subject`` defaults to the payload's own (the invoice id); ``id`` to a random UUID,
        pass a deterministic one when the outbox row already has an id.
        """
        return Envelope[type(data)](  # type: ignore[misc]
            specversion="1.0",
            id=id or uuid4(),
            type=data.event_type,
            source=source,
            time=time,
            subject=subject if subject is not None else data.event_subject(),
            firmid=firm_id,
            dataschema=data.dataschema(),
            data=data,
        )

    def partition_key(self) -> bytes:
        """The Kafka record key (invoice id, or client / batch id for other events)."""
        return self.data.partition_key().encode()

    def to_json_bytes(self) -> bytes:
        """Structured-mode JSON; absent optional attributes are omitted, as CloudEvents asks."""
        body = self.model_dump(mode="json")
        for attribute in ("subject", "dataschema"):
            if body[attribute] is None:
                del body[attribute]
        return to_json(body)


def parse_event(raw: bytes | bytearray | str) -> Envelope[Any]:
    """Parse and validate one record value; ``InvalidEvent`` for anything wrong."""
    try:
        obj = from_json(raw, allow_inf_nan=False)
    except ValueError as exc:
        raise InvalidEvent(f"not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise InvalidEvent("an event must be a JSON object")
    raw_id = obj.get("id")
    event_id = raw_id if isinstance(raw_id, str) else None
    event_type = obj.get("type")
    if event_type is None:
        raise InvalidEvent("missing required attribute 'type'", event_id=event_id)
    if not isinstance(event_type, str):
        raise InvalidEvent("attribute 'type' must be a string", event_id=event_id)
    model = EVENT_TYPES.get(event_type)
    if model is None:
        raise InvalidEvent(f"unknown event type {event_type!r}", event_id=event_id)
    try:
        return Envelope[model].model_validate_json(raw)  # type: ignore[valid-type]
    except ValidationError as exc:
        reason = f"invalid {event_type} event: {describe_errors(exc)}"
        raise InvalidEvent(reason, event_type=event_type, event_id=event_id) from None


_PLAIN_MESSAGES = {
    "missing": "required but missing",
    "extra_forbidden": "not a known field",
    "timezone_aware": "datetime must carry a UTC offset (e.g. 2025-03-01T09:00:00Z)",
}


def describe_errors(exc: ValidationError) -> str:
    """One line naming each bad field (``data.total.amount_minor: ...``), without values."""
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    parts = []
    for error in errors[:_MAX_REASONS]:
        location = ".".join(str(part) for part in error["loc"]) or "event"
        message = _PLAIN_MESSAGES.get(error["type"], error["msg"])
        parts.append(f"{location}: {message.removeprefix('Value error, ')}")
    if len(errors) > _MAX_REASONS:
        parts.append(f"and {len(errors) - _MAX_REASONS} more")
    return "; ".join(parts)
