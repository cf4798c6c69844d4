"""Request and response models of the notifier's REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from remit_common.events import Channel, StepKind, Tone

from remit_notifier.domain.templates import MAX_PART_CHARS


class FirmProfileWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    billing_email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    billing_phone: str | None = Field(None, max_length=32)
    contact_name: str | None = Field(None, max_length=200)
    default_language: str = Field("en", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    payment_url: str | None = Field(None, max_length=2000)
    address: dict[str, Any] = Field(default_factory=dict, description="Lob-style address.")


class TemplateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subjects: list[str] = Field(min_length=1, max_length=3, description="A/B(/C) variants.")
    html: str = Field(max_length=MAX_PART_CHARS)
    text: str = Field(max_length=MAX_PART_CHARS)
    sms: str = Field(max_length=MAX_PART_CHARS)


class TemplateWrite(TemplateBody):
    kind: StepKind
    tone: Tone
    language: str = Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    override: bool = Field(False, description="Save despite tone-check errors (recorded).")


class TemplateLint(TemplateBody):
    kind: StepKind
    language: str = Field("en", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class FindingRead(BaseModel):
    rule: str
    severity: Literal["error", "warning"]
    part: str
    message: str
    excerpt: str | None = None


class LintResult(BaseModel):
    ok: bool
    findings: list[FindingRead]


class TemplateRead(BaseModel):
    id: UUID
    kind: StepKind
    tone: Tone
    language: str
    subjects: list[str]
    html: str
    text: str
    sms: str
    version: int
    lint_overridden: bool
    findings: list[FindingRead]
    updated_at: datetime


class TemplateList(BaseModel):
    items: list[TemplateRead]


class NotificationRead(BaseModel):
    id: UUID
    reminder_id: UUID
    channel: Channel
    status: str
    attempts: int
    invoice_ids: list[UUID]
    step_kind: StepKind
    provider: str | None
    provider_message_id: str | None
    template: str | None
    variant: str | None
    reason: str | None
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    opened_at: datetime | None
    clicked_at: datetime | None


class NotificationList(BaseModel):
    items: list[NotificationRead]


class DeadLetterRead(BaseModel):
    id: UUID
    delivery_id: UUID
    channel: Channel
    reason: str
    attempts: int
    created_at: datetime
    replayed_at: datetime | None


class DeadLetterList(BaseModel):
    items: list[DeadLetterRead]


class ReplayResult(BaseModel):
    dead_letter_id: UUID
    delivery_id: UUID
    status: Literal["queued"] = "queued"


def row_dict(row: Any) -> dict[str, Any]:
    """A SQLAlchemy row as a dict for the response models."""
    return dict(row._mapping)


class EndpointWrite(BaseModel):
    """A signed-webhook target; ``secret`` may be omitted to keep the stored one (same URL)."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=2000)
    secret: SecretStr | None = Field(
        None,
        min_length=16,
        max_length=256,
        description="HMAC-SHA256 key for X-Remit-Signature; write-only, never returned.",
    )


class EmailIdentityWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_name: str | None = Field(
        None, min_length=1, max_length=200, pattern=r"^[^\r\n]+$", description="From display name."
    )
    reply_to: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)


class ChannelSettingsWrite(BaseModel):
    """The firm's whole channel configuration; a null part falls back to the defaults."""

    model_config = ConfigDict(extra="forbid")

    webhook: EndpointWrite | None = None
    portal: EndpointWrite | None = None
    email: EmailIdentityWrite | None = None


class EndpointRead(BaseModel):
    url: str
    secret_set: bool = Field(description="A secret is stored (it is never returned).")


class EmailIdentityRead(BaseModel):
    from_name: str | None
    reply_to: str | None


class ChannelSettingsRead(BaseModel):
    """What the firm configured; null parts use the service defaults."""

    webhook: EndpointRead | None
    portal: EndpointRead | None
    email: EmailIdentityRead
    updated_at: datetime | None
