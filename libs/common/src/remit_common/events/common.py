"""Building blocks shared by every event payload: the base class, closed vocabularies and
validated scalar types (UTC datetimes, E.164 phones, BCP 47 tags, IANA zones, hashes).

Payload models forbid unknown fields, so a typo from an external producer is caught at the
edge.  The price is that adding a field is a contract change: add it as optional, ship the
consumers first, then the producers (or publish a ``.v2`` type).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

__all__ = [
    "SCHEMA_URI_PREFIX",
    "Channel",
    "EmailAddress",
    "EventPayload",
    "IanaTimezone",
    "LanguageTag",
    "PhoneE164",
    "Sha256Hex",
    "Snapshot",
    "StepKind",
    "Tone",
    "UtcDatetime",
    "dataschema_uri",
]

#: dataschema / JSON Schema ``$id`` prefix.  A URN, because the schemas live in the repo
#: (docs/events/<type>.schema.json), not at a hosted address we would have to keep alive.
SCHEMA_URI_PREFIX = "urn:remit:schema:"


def dataschema_uri(event_type: str) -> str:
    """The ``dataschema`` URI (and JSON Schema ``$id``) of ``event_type``."""
    return f"{SCHEMA_URI_PREFIX}{event_type}"


def _to_utc(value: datetime) -> datetime:
    # Naive datetimes are refused rather than guessed: a reminder sent at the wrong hour
    # in the client's zone is exactly the bug this system exists to avoid.
    if value.tzinfo is None or value.utcoffset() is None:
        raise PydanticCustomError(
            "naive_datetime",
            "datetime must carry a UTC offset (e.g. 2025-03-01T09:00:00Z), got a naive one",
        )
    return value.astimezone(UTC)


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "timezone_unknown", "{tz} is not an IANA time zone name", {"tz": value}
        ) from None
    return value


UtcDatetime = Annotated[
    datetime,
    AfterValidator(_to_utc),
    Field(
        description="RFC 3339 timestamp with offset; normalised to UTC.",
        examples=["2025-03-01T09:00:00Z"],
    ),
]
EmailAddress = Annotated[
    str,
    Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254, examples=["ap@acme.example"]),
]
PhoneE164 = Annotated[
    str,
    Field(
        pattern=r"^\+[1-9][0-9]{1,14}$",
        description="E.164 phone number.",
        examples=["+14155550123"],
    ),
]
LanguageTag = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        max_length=35,
        description="BCP 47 language tag.",
        examples=["en-US", "es", "pl"],
    ),
]
IanaTimezone = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description="IANA time zone name.",
        examples=["America/New_York"],
    ),
    AfterValidator(_check_timezone),
]
Sha256Hex = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-f]{64}$",
        description="Lower-case hex SHA-256, used instead of personal data.",
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    ),
]


class Channel(StrEnum):
    """A delivery channel of the notifier."""

    EMAIL = "email"
    SMS = "sms"
    PORTAL = "portal"
    LETTER = "letter"
    WEBHOOK = "webhook"


class StepKind(StrEnum):
    """What a reminder is for; the notifier picks the template by kind and tone."""

    PRE_DUE = "pre_due"
    DUE = "due"
    OVERDUE = "overdue"
    FINAL_NOTICE = "final_notice"
    STATEMENT = "statement"
    INVOICE_AVAILABLE = "invoice_available"
    PAYMENT_ACK = "payment_ack"
    RECEIPT = "receipt"
    TRUST_NOTICE = "trust_notice"


class Tone(StrEnum):
    FRIENDLY = "friendly"
    FIRM = "firm"
    FINAL = "final"


class Snapshot(BaseModel):
    """Base of the immutable value objects embedded in payloads."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class EventPayload(BaseModel):
    """Base of every event's ``data``.

    Subclasses set ``event_type`` (the CloudEvents ``type``) and ``topic``, and override
    ``event_subject`` / ``partition_key`` when the natural key is not the default.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    topic: ClassVar[str]
    #: What the Kafka key is, in words (documented in the AsyncAPI message bindings).
    key_description: ClassVar[str] = "invoice id"

    @classmethod
    def dataschema(cls) -> str:
        return dataschema_uri(cls.event_type)

    def event_subject(self) -> str | None:
        """CloudEvents ``subject``: the invoice id for invoice-scoped events, else None."""
        return None

    def partition_key(self) -> str:
        """Kafka record key: keeps one invoice's (or client's) events in order."""
        subject = self.event_subject()
        if subject is None:
            raise NotImplementedError(f"{type(self).__name__} must define partition_key")
        return subject
