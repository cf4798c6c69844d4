"""Firm use cases: read and replace the firm's own channel configuration.

Secrets are write-only: a caller may send one, never read one back. Omitting a hook's secret
keeps the stored one, but only while the URL stays the same: a new URL needs a new secret, so
a changed target never receives payloads signed with a key meant for the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Row

from remit_notifier.domain.channel_settings import (
    MIN_WEBHOOK_SECRET_CHARS,
    FirmChannelSettings,
    WebhookEndpoint,
    webhook_url_problem,
)
from remit_notifier.service_layer.errors import ChannelSettingsRejected
from remit_notifier.service_layer.unit_of_work import UowFactory


@dataclass(frozen=True, slots=True)
class EndpointChange:
    """A hook's URL and, optionally, a new secret (None: keep the stored one)."""

    url: str
    secret: str | None = None


@dataclass(frozen=True, slots=True)
class SetChannelSettings:
    """Replace the firm's channel settings; a None field falls back to the default."""

    webhook: EndpointChange | None = None
    portal: EndpointChange | None = None
    email_from_name: str | None = None
    email_reply_to: str | None = None


async def get_channel_settings(uow_factory: UowFactory, firm_id: UUID) -> Row | None:
    """The stored row, None when the firm configured nothing (defaults apply)."""
    async with uow_factory() as uow:
        return await uow.channel_settings.get_row(firm_id)


def _endpoint(
    name: str,
    change: EndpointChange | None,
    stored_url: str | None,
    stored_secret: str | None,
    allow_private: bool,
) -> WebhookEndpoint | None:
    if change is None:
        return None
    if problem := webhook_url_problem(change.url, allow_private=allow_private):
        raise ChannelSettingsRejected(f"{name}.url {problem}.")
    secret = change.secret
    if secret is None:
        if stored_secret is None or stored_url != change.url:
            raise ChannelSettingsRejected(f"{name}.secret is required when setting a new URL.")
        secret = stored_secret
    if len(secret) < MIN_WEBHOOK_SECRET_CHARS:
        raise ChannelSettingsRejected(
            f"{name}.secret must be at least {MIN_WEBHOOK_SECRET_CHARS} characters."
        )
    return WebhookEndpoint(change.url, secret.encode())


async def set_channel_settings(
    uow_factory: UowFactory,
    firm_id: UUID,
    command: SetChannelSettings,
    now: datetime,
    *,
    allow_private: bool,
) -> Row:
    """Validate and store the firm's settings; raises ``ChannelSettingsRejected``."""
    async with uow_factory() as uow:
        stored = await uow.channel_settings.get_row(firm_id)
        settings = FirmChannelSettings(
            firm_id=firm_id,
            webhook=_endpoint(
                "webhook",
                command.webhook,
                stored.webhook_url if stored else None,
                stored.webhook_secret if stored else None,
                allow_private,
            ),
            portal=_endpoint(
                "portal",
                command.portal,
                stored.portal_url if stored else None,
                stored.portal_secret if stored else None,
                allow_private,
            ),
            email_from_name=command.email_from_name,
            email_reply_to=command.email_reply_to,
        )
        return await uow.channel_settings.put(settings, now)
