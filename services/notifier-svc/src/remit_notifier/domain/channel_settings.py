"""A firm's own channel configuration and how it takes precedence over the global defaults.

A firm may set its own signed-webhook endpoint (URL + HMAC secret) for the generic webhook and
the portal channels, and the display name and reply-to of its reminder e-mails. Whatever it
leaves unset falls back to the service-wide settings (``REMIT_WEBHOOK_URL``,
``REMIT_PORTAL_WEBHOOK_URL`` and their secrets) and to the firm profile (name, billing
e-mail). The sending address itself (``REMIT_EMAIL_FROM``) stays global: it is the domain the
provider is authorised to send for (SPF/DKIM).

Pure: no I/O. The dispatcher calls :func:`apply_channel_settings` after composing a message.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit
from uuid import UUID

from remit_common.events import Channel

from remit_notifier.domain.messages import OutboundMessage

MIN_WEBHOOK_SECRET_CHARS = 16


@dataclass(frozen=True, slots=True)
class WebhookEndpoint:
    """Where one signed webhook goes and the key it is signed with (never logged)."""

    url: str
    secret: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class FirmChannelSettings:
    """What a firm configured; ``None`` means "use the default"."""

    firm_id: UUID
    webhook: WebhookEndpoint | None = None
    portal: WebhookEndpoint | None = None
    email_from_name: str | None = None
    email_reply_to: str | None = None

    def endpoint(self, channel: Channel) -> WebhookEndpoint | None:
        """The firm's own endpoint for a signed-webhook channel, if it set one."""
        if channel is Channel.WEBHOOK:
            return self.webhook
        if channel is Channel.PORTAL:
            return self.portal
        return None


def apply_channel_settings(
    message: OutboundMessage, settings: FirmChannelSettings | None
) -> OutboundMessage:
    """``message`` with the firm's settings applied where it has them (defaults otherwise).

    E-mail: the firm's display name and reply-to replace the profile's name and billing
    address. Webhook and portal: the firm's endpoint replaces the global URL and secret (the
    adapter signs with whichever endpoint the message carries).
    """
    if settings is None:
        return message
    if message.channel is Channel.EMAIL:
        return replace(
            message,
            sender_name=settings.email_from_name or message.sender_name,
            reply_to=settings.email_reply_to or message.reply_to,
        )
    if (endpoint := settings.endpoint(message.channel)) is not None:
        return replace(message, endpoint=endpoint)
    return message


_BLOCKED_HOSTS = ("localhost", "metadata.google.internal")


def webhook_url_problem(url: str, *, allow_private: bool) -> str | None:
    """Why a firm may not use ``url`` as its webhook, or None when it may.

    Outside development firms' URLs must be ``https`` and must not name a loopback, private,
    link-local or otherwise internal address literally (our own services and the cloud
    metadata endpoint are not the firm's to call). Names that *resolve* to such addresses are
    not caught here; the egress network policy is the backstop for those.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("https", "http") or not host:
        return "must be an absolute http(s) URL"
    if parts.username or parts.password:
        return "must not carry credentials"
    if allow_private:
        return None
    if parts.scheme != "https":
        return "must use https"
    if host in _BLOCKED_HOSTS or host.endswith((".localhost", ".internal", ".local")):
        return "must be a public host"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not address.is_global:
        return "must be a public address"
    return None
