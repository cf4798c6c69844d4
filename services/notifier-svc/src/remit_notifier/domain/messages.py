"""What the core hands a channel adapter, and what comes back.

Channel-neutral value objects: the adapter interface itself is a port in
``service_layer.ports``. ``idempotency_key`` is derived from the delivery id, so a re-send of
the same delivery carries the same key (the e-mail Message-ID, the print API's
Idempotency-Key, the webhook's event id) and a provider that honours it drops the duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from remit_common.events import Channel

if TYPE_CHECKING:
    from remit_notifier.domain.channel_settings import WebhookEndpoint


@dataclass(frozen=True, slots=True)
class InlineImage:
    """An image the HTML part references as ``cid:<content_id>`` (e.g. the QR code)."""

    content_id: str
    data: bytes
    media_type: str = "image/png"


@dataclass(frozen=True, slots=True)
class FileAttachment:
    """A document attached to the message (e.g. the statement PDF of a statement e-mail)."""

    filename: str
    data: bytes
    media_type: str = "application/pdf"


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """One rendered message for one recipient on one channel."""

    delivery_id: UUID
    reminder_id: UUID
    firm_id: UUID
    client_id: UUID
    channel: Channel
    recipient: str  # e-mail address, E.164 phone, or webhook/portal target
    subject: str = ""
    text: str = ""
    html: str = ""
    sender_name: str = ""
    reply_to: str | None = None
    unsubscribe_url: str | None = None
    inline_images: tuple[InlineImage, ...] = ()
    attachments: tuple[FileAttachment, ...] = ()
    status_callback: str | None = None
    postal_to: dict[str, Any] | None = None
    postal_from: dict[str, Any] | None = None
    document_client_id: UUID | None = None  # letters: whose statement PDF to print
    payload: dict[str, Any] = field(default_factory=dict)  # webhook/portal JSON body
    timezone: str = "UTC"
    endpoint: WebhookEndpoint | None = None  # a firm's own webhook/portal target and key

    @property
    def idempotency_key(self) -> str:
        """Stable across re-sends of this delivery."""
        return f"remit-{self.delivery_id}"

    @property
    def message_id(self) -> str:
        """The RFC 5322 Message-ID for e-mail, deterministic per delivery."""
        return f"<{self.delivery_id}@notifier.remit>"


@dataclass(frozen=True, slots=True)
class ProviderReceipt:
    """The provider accepted the message; ``provider_message_id`` lets webhooks find it."""

    provider: str
    provider_message_id: str | None = None
    detail: str | None = None


class ProviderError(Exception):
    """Base of adapter failures; ``reason`` is safe to store (no personal data)."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class TransientProviderError(ProviderError):
    """Worth retrying later: outage, 5xx, 429, timeout, connection refused."""


class PermanentProviderError(ProviderError):
    """Retrying cannot help: invalid recipient, rejected content, opted out at the carrier."""


class DeferDelivery(Exception):
    """Not now, not a failure: e.g. SMS quiet hours; ``until`` is when to try again (UTC)."""

    def __init__(self, until: Any, reason: str) -> None:
        super().__init__(reason)
        self.until = until
        self.reason = reason
